package io.tidemark.view;

import io.tidemark.log.Event;
import io.tidemark.table.ItemKey;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A shard's items: the fold of its log. Readers use it concurrently; only the shard's committer
 * changes it, and only with events that are already durable.
 *
 * <p>Items live in slots, reachable two ways: in key order (Query, Scan, checkpoints) and by hash
 * (GetItem, and every write looking up the item it replaces). Overwriting an existing item only
 * changes its slot, found by hash; the ordered map, whose every lookup walks a skip list, changes
 * only when an item is created or deleted.
 */
public final class ShardView {
  private final KeySchema schema;
  private final ConcurrentSkipListMap<ItemKey, Slot> ordered = new ConcurrentSkipListMap<>();
  private final ConcurrentHashMap<ItemKey, Slot> byKey = new ConcurrentHashMap<>();
  private volatile long itemCount;
  private volatile long sizeBytes;
  private volatile long appliedSeq;
  private volatile long appliedCommitTime;

  /**
   * Where one item is; empty once the item is deleted (a reader may still hold the slot). While a
   * transaction that writes the item is being applied, the slot also holds the transaction's
   * version, which readers see only once the whole transaction is made visible at once.
   */
  public static final class Slot {
    private volatile StoredItem stored;
    private volatile Pending pending;

    private Slot(StoredItem stored) {
      this.stored = stored;
    }

    /** The item as readers see it now, or null if there is none (deleted, or not yet visible). */
    public StoredItem stored() {
      Pending p = pending; // read before stored: see settle()
      if (p != null && p.visibility.isVisible()) {
        return p.next;
      }
      return stored;
    }

    /** Makes a visible pending version the stored one: stored first, then pending cleared. */
    private void settle() {
      Pending p = pending;
      if (p != null) {
        stored = p.next;
        pending = null;
      }
    }
  }

  /** A transaction's new version of an item (null: deleted), not visible before the transaction is. */
  private record Pending(StoredItem next, TransactionVisibility visibility) {
  }

  public ShardView(KeySchema schema) {
    this.schema = schema;
  }

  public void apply(Event e) {
    ItemKey key = ItemKey.of(schema, e.key());
    Slot slot = byKey.get(key);
    StoredItem previous = slot == null ? null : slot.stored;
    StoredItem next = e.newImage() == null ? null : StoredItem.of(e.newImage());
    if (next == null) {
      if (slot != null) {
        slot.stored = null;
        byKey.remove(key);
        ordered.remove(key);
      }
    } else if (slot != null) {
      slot.stored = next;
    } else {
      insert(key, next);
    }
    sizeBytes += (next == null ? 0 : next.size()) - (previous == null ? 0 : previous.size());
    itemCount += (next == null ? 0 : 1) - (previous == null ? 0 : 1);
    appliedSeq = e.seq();
    appliedCommitTime = e.commitTime();
  }

  private void insert(ItemKey key, StoredItem stored) {
    Slot slot = new Slot(stored);
    ordered.put(key, slot);
    byKey.put(key, slot);
  }

  /**
   * Applies one event of a transaction without showing it: readers keep seeing the item as it was
   * until {@code visibility} becomes visible, then see every item of the transaction at once.
   * Must be followed, once visible, by {@link #settle} with the same events.
   */
  void applyPending(Event e, TransactionVisibility visibility) {
    ItemKey key = ItemKey.of(schema, e.key());
    Slot slot = byKey.get(key);
    StoredItem previous = slot == null ? null : slot.stored;
    StoredItem next = e.newImage() == null ? null : StoredItem.of(e.newImage());
    if (slot == null) {
      if (next == null) {
        return; // deleting what does not exist: nothing to show
      }
      slot = new Slot(null);
      slot.pending = new Pending(next, visibility);
      ordered.put(key, slot);
      byKey.put(key, slot);
    } else {
      slot.pending = new Pending(next, visibility);
    }
    sizeBytes += (next == null ? 0 : next.size()) - (previous == null ? 0 : previous.size());
    itemCount += (next == null ? 0 : 1) - (previous == null ? 0 : 1);
    appliedSeq = e.seq();
    appliedCommitTime = e.commitTime();
  }

  /** After a transaction became visible: its versions become the stored ones, deleted items go. */
  void settle(Event e) {
    ItemKey key = ItemKey.of(schema, e.key());
    Slot slot = byKey.get(key);
    if (slot == null) {
      return;
    }
    slot.settle();
    if (slot.stored == null) {
      byKey.remove(key);
      ordered.remove(key);
    }
  }

  /** Loads an item from a checkpoint; the view must still be being built. */
  void load(ItemKey key, Map<String, AttributeValue> item) {
    StoredItem stored = StoredItem.of(item);
    insert(key, stored);
    sizeBytes += stored.size();
    itemCount++;
  }

  void setApplied(long seq, long commitTime) {
    appliedSeq = seq;
    appliedCommitTime = commitTime;
  }

  public Map<String, AttributeValue> get(ItemKey key) {
    StoredItem stored = stored(key);
    return stored == null ? null : stored.item();
  }

  public StoredItem stored(ItemKey key) {
    Slot slot = byKey.get(key);
    return slot == null ? null : slot.stored();
  }

  /**
   * Every item's slot, in key order; concurrent changes may or may not be seen, and a slot seen
   * may have been emptied since (skip those).
   */
  public ConcurrentNavigableMap<ItemKey, Slot> items() {
    return ordered;
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
