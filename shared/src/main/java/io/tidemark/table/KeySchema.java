package io.tidemark.table;

import io.tidemark.wire.AttributeValue;

/** A table's primary key: a partition (HASH) key and an optional sort (RANGE) key, each S, N or B. */
public final class KeySchema {
  private final String hashName;
  private final AttributeValue.Type hashType;
  private final String rangeName;
  private final AttributeValue.Type rangeType;

  public KeySchema(String hashName, AttributeValue.Type hashType, String rangeName, AttributeValue.Type rangeType) {
    this.hashName = hashName;
    this.hashType = hashType;
    this.rangeName = rangeName;
    this.rangeType = rangeType;
  }

  public String hashName() {
    return hashName;
  }

  public AttributeValue.Type hashType() {
    return hashType;
  }

  /** The sort key's name, or null when the table has only a partition key. */
  public String rangeName() {
    return rangeName;
  }

  public AttributeValue.Type rangeType() {
    return rangeType;
  }

  public boolean hasRange() {
    return rangeName != null;
  }

  public boolean isKeyAttribute(String name) {
    return name.equals(hashName) || name.equals(rangeName);
  }
}
