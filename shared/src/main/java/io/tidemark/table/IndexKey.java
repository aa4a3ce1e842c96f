package io.tidemark.table;

import java.util.Objects;

/**
 * An item's place in a secondary index: ordered by its key in the index (the index's partition
 * and sort values, ordered as {@link ItemKey}s are), then by its key in the table, so that items
 * with equal index keys each have their own entry in a stable order (which is what lets a Query on
 * the index page through them). Bounds sort before or after every table key of an index key.
 */
public final class IndexKey implements Comparable<IndexKey> {
  private static final int BEFORE = -1;
  private static final int EXACT = 0;
  private static final int AFTER = 1;

  private final ItemKey index;
  /** Null for bounds. */
  private final ItemKey table;
  private final int bound;

  private IndexKey(ItemKey index, ItemKey table, int bound) {
    this.index = index;
    this.table = table;
    this.bound = bound;
  }

  public static IndexKey of(ItemKey index, ItemKey table) {
    return new IndexKey(index, Objects.requireNonNull(table), EXACT);
  }

  /** Sorts before every entry whose index key is {@code index} (or, for a bound key, within it). */
  public static IndexKey before(ItemKey index) {
    return new IndexKey(index, null, BEFORE);
  }

  /** Sorts after every entry whose index key is {@code index}. */
  public static IndexKey after(ItemKey index) {
    return new IndexKey(index, null, AFTER);
  }

  public ItemKey index() {
    return index;
  }

  /** The item's table key; null for a bound. */
  public ItemKey table() {
    return table;
  }

  @Override
  public int compareTo(IndexKey o) {
    int c = index.compareTo(o.index);
    if (c != 0) {
      return c;
    }
    if (table == null || o.table == null) {
      return Integer.compare(bound, o.bound);
    }
    return table.compareTo(o.table);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexKey k && index.equals(k.index) && bound == k.bound && Objects.equals(table, k.table);
  }

  @Override
  public int hashCode() {
    return index.hashCode() * 31 + (table == null ? bound : table.hashCode());
  }

  @Override
  public String toString() {
    return index + " @ " + (table == null ? (bound < 0 ? "start" : "end") : table);
  }
}
