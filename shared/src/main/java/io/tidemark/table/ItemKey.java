package io.tidemark.table;

import io.tidemark.wire.AttributeValue;
import java.util.Map;
import java.util.Objects;

/**
 * The primary key of an item, in the order a table stores its items: first by the hash of the
 * partition key (which also places the item in a shard and in a parallel-scan segment), then by
 * the partition key itself, then by the sort key. Every item of one partition key is contiguous
 * and ordered by sort key, which is what Query reads.
 *
 * <p>Besides real keys there are bounds for range searches: the start of a hash value, and the
 * start and end of a partition.
 */
public final class ItemKey implements Comparable<ItemKey> {
  private static final int BEFORE = -1;
  private static final int EXACT = 0;
  private static final int AFTER = 1;

  private final int hash;
  /** Null only for a hash bound. */
  private final AttributeValue partition;
  /** Null for tables without a sort key, and for partition bounds. */
  private final AttributeValue sort;
  /** For bounds: sorts before (or after) every key with the same hash/partition. */
  private final int bound;
  /**
   * No string in this key has a character outside the Basic Multilingual Plane, so UTF-16 order
   * (the JVM's fast {@link String#compareTo}) equals DynamoDB's UTF-8 order for it.
   */
  private final boolean bmpOnly;

  private ItemKey(int hash, AttributeValue partition, AttributeValue sort, int bound) {
    this.hash = hash;
    this.partition = partition;
    this.sort = sort;
    this.bound = bound;
    this.bmpOnly = bmpOnly(partition) && bmpOnly(sort);
  }

  private static boolean bmpOnly(AttributeValue v) {
    if (v == null || v.type() != AttributeValue.Type.S) {
      return true;
    }
    String s = v.s();
    for (int i = 0, n = s.length(); i < n; i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  public ItemKey(AttributeValue partition, AttributeValue sort) {
    this(PartitionHash.of(partition), partition, sort, EXACT);
  }

  public static ItemKey of(KeySchema schema, Map<String, AttributeValue> item) {
    return new ItemKey(item.get(schema.hashName()), schema.hasRange() ? item.get(schema.rangeName()) : null);
  }

  /** Sorts before every key whose partition hash is {@code hash} or greater (unsigned). */
  public static ItemKey hashStart(int hash) {
    return new ItemKey(hash, null, null, BEFORE);
  }

  /** Sorts before every item of the partition. */
  public static ItemKey partitionStart(AttributeValue partition) {
    return new ItemKey(PartitionHash.of(partition), partition, null, BEFORE);
  }

  /** Sorts after every item of the partition. */
  public static ItemKey partitionEnd(AttributeValue partition) {
    return new ItemKey(PartitionHash.of(partition), partition, null, AFTER);
  }

  /** The unsigned 32-bit hash of the partition key. */
  public int hash() {
    return hash;
  }

  public AttributeValue partition() {
    return partition;
  }

  /** Null for tables without a sort key. */
  public AttributeValue sort() {
    return sort;
  }

  @Override
  public int compareTo(ItemKey o) {
    int c = Integer.compareUnsigned(hash, o.hash);
    if (c != 0) {
      return c;
    }
    if (partition == null || o.partition == null) {
      // a hash bound comes before everything with its hash
      return partition == o.partition ? 0 : partition == null ? -1 : 1;
    }
    boolean fast = bmpOnly && o.bmpOnly;
    c = KeyOrder.compare(partition, o.partition, fast);
    if (c != 0) {
      return c;
    }
    if (bound != EXACT || o.bound != EXACT) {
      return Integer.compare(bound, o.bound);
    }
    if (sort == null || o.sort == null) {
      return sort == null ? (o.sort == null ? 0 : -1) : 1;
    }
    return KeyOrder.compare(sort, o.sort, fast);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ItemKey)) {
      return false;
    }
    // the same as compareTo(o) == 0: equal strings, numbers and bytes are exactly the ones that order equal
    ItemKey k = (ItemKey) o;
    return hash == k.hash && bound == k.bound && Objects.equals(partition, k.partition) && Objects.equals(sort, k.sort);
  }

  @Override
  public int hashCode() {
    return hash * 31 + (sort == null ? 0 : sort.hashCode());
  }

  @Override
  public String toString() {
    return partition + (sort == null ? "" : "/" + sort);
  }
}
