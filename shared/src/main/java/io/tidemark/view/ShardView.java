package io.tidemark.view;

import io.tidemark.log.Event;
import io.tidemark.table.ItemKey;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A shard's items: the fold of its log. Readers use it concurrently; only the shard's committer
 * changes it, and only with events that are already durable.
 */
public final class ShardView {
  private final KeySchema schema;
  private final ConcurrentSkipListMap<ItemKey, StoredItem> items = new ConcurrentSkipListMap<>();
  private volatile long itemCount;
  private volatile long sizeBytes;
  private volatile long appliedSeq;
  private volatile long appliedCommitTime;

  public ShardView(KeySchema schema) {
    this.schema = schema;
  }

  public void apply(Event e) {
    ItemKey key = ItemKey.of(schema, e.key());
    StoredItem next = e.newImage() == null ? null : StoredItem.of(e.newImage());
    StoredItem previous = next == null ? items.remove(key) : items.put(key, next);
    sizeBytes += (next == null ? 0 : next.size()) - (previous == null ? 0 : previous.size());
    itemCount += (e.newImage() == null ? 0 : 1) - (previous == null ? 0 : 1);
    appliedSeq = e.seq();
    appliedCommitTime = e.commitTime();
  }

  /** Loads an item from a checkpoint; the view must still be being built. */
  void load(ItemKey key, Map<String, AttributeValue> item) {
    StoredItem stored = StoredItem.of(item);
    items.put(key, stored);
    sizeBytes += stored.size();
    itemCount++;
  }

  void setApplied(long seq, long commitTime) {
    appliedSeq = seq;
    appliedCommitTime = commitTime;
  }

  public Map<String, AttributeValue> get(ItemKey key) {
    StoredItem stored = items.get(key);
    return stored == null ? null : stored.item();
  }

  public StoredItem stored(ItemKey key) {
    return items.get(key);
  }

  /** Every item, in key order; concurrent changes may or may not be seen. */
  public ConcurrentNavigableMap<ItemKey, StoredItem> items() {
    return items;
  }

  public long itemCount() {
    return itemCount;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public long appliedSeq() {
    return appliedSeq;
  }

  public long appliedCommitTime() {
    return appliedCommitTime;
  }
}
