package io.tidemark.table;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.Map;

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

  @Override
  public boolean equals(Object o) {
    return o instanceof KeySchema k && hashName.equals(k.hashName) && hashType == k.hashType
        && java.util.Objects.equals(rangeName, k.rangeName) && rangeType == k.rangeType;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(hashName, hashType, rangeName, rangeType);
  }

  public boolean isKeyAttribute(String name) {
    return name.equals(hashName) || name.equals(rangeName);
  }

  /** Writes the {@code KeySchema} member of a description: [{AttributeName, KeyType}, ...]. */
  public void write(JsonGenerator g) throws IOException {
    g.writeArrayFieldStart("KeySchema");
    writeElement(g, hashName, "HASH");
    if (rangeName != null) {
      writeElement(g, rangeName, "RANGE");
    }
    g.writeEndArray();
  }

  private static void writeElement(JsonGenerator g, String name, String type)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("AttributeName", name);
    g.writeStringField("KeyType", type);
    g.writeEndObject();
  }

  /** Reads a {@code KeySchema} member written by {@link #write}, typing its keys from the attribute definitions. */
  static KeySchema read(Request r, Map<String, AttributeValue.Type> attributes) {
    String hash = null;
    String range = null;
    for (Object o : r.list("KeySchema")) {
      Request k = new Request(Request.asMap(o));
      if ("HASH".equals(k.string("KeyType"))) {
        hash = k.string("AttributeName");
      } else {
        range = k.string("AttributeName");
      }
    }
    return new KeySchema(hash, attributes.get(hash), range, range == null ? null : attributes.get(range));
  }
}
