package io.tidemark.view;

import io.tidemark.log.Event;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.IndexKey;
import io.tidemark.table.ItemKey;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A global secondary index: one entry per item that has the index's key attributes (with the
 * types the index declares), ordered by index key and then table key, holding the item as the
 * index projects it. It spans every shard of its table and is changed by one thread at a time
 * (the table's {@link GlobalIndexApplier}, or whoever builds it before the applier runs), from
 * committed events: readers see it a little behind the table, as DynamoDB's global indexes are.
 */
public final class GlobalIndexView {
  private final IndexDescriptor definition;
  private final KeySchema tableKeys;
  private final ConcurrentSkipListMap<IndexKey, StoredItem> entries = new ConcurrentSkipListMap<>();
  private volatile long itemCount;
  private volatile long sizeBytes;
  /** False while a backfill is filling it: reads are refused until then. */
  private volatile boolean built;
  private volatile boolean dropped;
  /** While backfilling: the events committed since the snapshot the backfill copies, applied after it. */
  private List<Event> backlog;

  GlobalIndexView(IndexDescriptor definition, KeySchema tableKeys) {
    this.definition = definition;
    this.tableKeys = tableKeys;
  }

  public IndexDescriptor definition() {
    return definition;
  }

  /** The entries in index order: each holds the projected item. */
  public ConcurrentNavigableMap<IndexKey, StoredItem> entries() {
    return entries;
  }

  public boolean isBuilt() {
    return built;
  }

  public long itemCount() {
    return itemCount;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  /** The item's entry key, or null if it is not in the index. */
  public IndexKey keyOf(ItemKey tableKey, Map<String, AttributeValue> item) {
    return definition.keyOf(tableKey, item);
  }

  /** Moves an item's entry as one committed event changed the item. */
  void apply(Event e) {
    ItemKey key = ItemKey.of(tableKeys, e.key());
    IndexKey before = e.oldImage() == null ? null : keyOf(key, e.oldImage());
    IndexKey after = e.newImage() == null ? null : keyOf(key, e.newImage());
    if (after != null) {
      put(after, e.newImage());
    }
    if (before != null && !before.equals(after)) {
      remove(before);
    }
  }

  /** Adds an item as it is now (building the index from a table's items). */
  void load(ItemKey key, Map<String, AttributeValue> item) {
    IndexKey k = keyOf(key, item);
    if (k != null) {
      put(k, item);
    }
  }

  private void put(IndexKey key, Map<String, AttributeValue> item) {
    StoredItem stored = StoredItem.of(definition.project(item, tableKeys));
    StoredItem previous = entries.put(key, stored);
    sizeBytes += stored.size() - (previous == null ? 0 : previous.size());
    if (previous == null) {
      itemCount++;
    }
  }

  private void remove(IndexKey key) {
    StoredItem previous = entries.remove(key);
    if (previous != null) {
      sizeBytes -= previous.size();
      itemCount--;
    }
  }

  // --- backfill (UpdateTable creating the index on a table that has items); applier thread only ---

  void startBuffering() {
    backlog = new ArrayList<>();
  }

  boolean isBuffering() {
    return backlog != null;
  }

  void buffer(Event e) {
    backlog.add(e);
  }

  /** Applies what was committed during the backfill, in commit order; from now on the index is live. */
  void finishBackfill() {
    for (Event e : backlog) {
      apply(e);
    }
    backlog = null;
    built = true;
  }

  void markBuilt() {
    built = true;
  }

  void drop() {
    dropped = true;
  }

  boolean isDropped() {
    return dropped;
  }
}
