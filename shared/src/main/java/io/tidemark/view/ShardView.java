package io.tidemark.view;

import io.tidemark.log.Event;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.IndexKey;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import java.util.List;
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
  private final LocalIndex[] locals;
  /**
   * With local indexes: each partition key's item collection size, the items' sizes plus what the
   * local indexes project of them (LSI docs: the 10 GB limit counts both).
   */
  private final ConcurrentHashMap<AttributeValue, Long> collectionBytes = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<ItemKey, Slot> ordered;
  private final ConcurrentHashMap<ItemKey, Slot> byKey;
  private volatile long itemCount;
  private volatile long sizeBytes;
  private volatile long appliedSeq;
  private volatile long appliedCommitTime;
  private final RecentTransactions recentTransactions = new RecentTransactions();

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
    this(schema, List.of());
  }

  public ShardView(KeySchema schema, List<IndexDescriptor> localIndexes) {
    this(schema, localIndexes, 16);
  }

  /** A view sized for {@code expectedItems} (a copy of another: no rehashing while it fills). */
  public ShardView(KeySchema schema, List<IndexDescriptor> localIndexes, long expectedItems) {
    this(schema, localIndexes, expectedItems, new ConcurrentSkipListMap<>());
  }

  private ShardView(KeySchema schema, List<IndexDescriptor> localIndexes, long expectedItems,
      ConcurrentSkipListMap<ItemKey, Slot> ordered) {
    this.ordered = ordered;
    this.byKey = new ConcurrentHashMap<>((int) Math.min(1 << 30, Math.max(16, expectedItems * 4 / 3 + 1)));
    this.schema = schema;
    this.locals = new LocalIndex[localIndexes.size()];
    for (int i = 0; i < locals.length; i++) {
      locals[i] = new LocalIndex(localIndexes.get(i), schema);
    }
  }

  /**
   * A local secondary index of this shard: an entry per item that has the index's sort key,
   * pointing at the item's slot, so it is read exactly as the table is (transactions' hidden
   * versions included). An entry counts only while the slot's visible item still has that key:
   * after a change of the index key the old entry may linger until the change settles.
   */
  public static final class LocalIndex {
    private final IndexDescriptor definition;
    private final KeySchema tableKeys;
    private final ConcurrentSkipListMap<IndexKey, Slot> entries = new ConcurrentSkipListMap<>();
    private volatile long itemCount;
    private volatile long sizeBytes;

    private LocalIndex(IndexDescriptor definition, KeySchema tableKeys) {
      this.definition = definition;
      this.tableKeys = tableKeys;
    }

    public IndexDescriptor definition() {
      return definition;
    }

    /** The item's entry key, or null if it has no (well-typed) index sort key: then it is not in the index. */
    public IndexKey keyOf(ItemKey tableKey, Map<String, AttributeValue> item) {
      AttributeValue sort = item.get(definition.keySchema.rangeName());
      if (sort == null || sort.type() != definition.keySchema.rangeType()) {
        return null;
      }
      return IndexKey.of(new ItemKey(tableKey.partition(), sort), tableKey);
    }

    /** Every entry in index order; skip those whose slot's item no longer has the entry's key ({@link #visible}). */
    public ConcurrentNavigableMap<IndexKey, Slot> entries() {
      return entries;
    }

    /** The item an entry stands for, or null if the entry is stale (the item changed or went). */
    public StoredItem visible(IndexKey key, Slot slot) {
      StoredItem stored = slot.stored();
      return stored != null && key.equals(keyOf(key.table(), stored.item())) ? stored : null;
    }

    public long itemCount() {
      return itemCount;
    }

    public long sizeBytes() {
      return sizeBytes;
    }

    /** Moves the item's entry from its previous key to its next one (either may be absent); returns the size change. */
    private long update(ItemKey key, Slot slot, StoredItem previous, StoredItem next, boolean keepPrevious) {
      IndexKey before = previous == null ? null : keyOf(key, previous.item());
      IndexKey after = next == null ? null : keyOf(key, next.item());
      if (before != null && !before.equals(after) && !keepPrevious) {
        entries.remove(before);
      }
      if (after != null) {
        entries.put(after, slot);
      }
      itemCount += (after == null ? 0 : 1) - (before == null ? 0 : 1);
      long delta = sizeChange(key, previous == null ? null : previous.item(), next == null ? null : next.item());
      sizeBytes += delta;
      return delta;
    }

    /** How much the index's size changes when the item goes from one version to another. */
    private long sizeChange(ItemKey key, Map<String, AttributeValue> previous, Map<String, AttributeValue> next) {
      long before = previous == null || keyOf(key, previous) == null ? 0 : Items.size(definition.project(previous, tableKeys));
      long after = next == null || keyOf(key, next) == null ? 0 : Items.size(definition.project(next, tableKeys));
      return after - before;
    }

    /** After a transaction settles: drops the entry the item had before, if its key changed. */
    private void settle(ItemKey key, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
      IndexKey before = oldImage == null ? null : keyOf(key, oldImage);
      IndexKey after = newImage == null ? null : keyOf(key, newImage);
      if (before != null && !before.equals(after)) {
        entries.remove(before);
      }
    }
  }

  /** The size of the item collection of a partition key (tables with local indexes; 0 otherwise). */
  public long collectionSize(AttributeValue partitionKey) {
    return collectionBytes.getOrDefault(partitionKey, 0L);
  }

  /** Whether this view maintains exactly these local indexes (same names, keys and projections). */
  public boolean hasLocalIndexesLike(List<IndexDescriptor> definitions) {
    if (definitions.size() != locals.length) {
      return false;
    }
    for (int i = 0; i < locals.length; i++) {
      if (!locals[i].definition.sameDefinition(definitions.get(i))) {
        return false;
      }
    }
    return true;
  }

  public boolean hasLocalIndexes() {
    return locals.length > 0;
  }

  /** How a write would change its item collection's size: the item's and its local index entries'. */
  public long collectionChange(ItemKey key, Map<String, AttributeValue> previous, Map<String, AttributeValue> next) {
    long delta = (next == null ? 0 : Items.size(next)) - (previous == null ? 0 : Items.size(previous));
    for (LocalIndex l : locals) {
      delta += l.sizeChange(key, previous, next);
    }
    return delta;
  }

  private void addToCollection(ItemKey key, long delta) {
    if (locals.length > 0 && delta != 0) {
      collectionBytes.merge(key.partition(), delta, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  /** The shard's local secondary index of that name, or null. */
  public LocalIndex local(String indexName) {
    for (LocalIndex l : locals) {
      if (l.definition.name.equals(indexName)) {
        return l;
      }
    }
    return null;
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
      slot = insert(key, next);
    }
    long collectionDelta = (next == null ? 0 : next.size()) - (previous == null ? 0 : previous.size());
    for (LocalIndex l : locals) {
      if (slot != null) {
        collectionDelta += l.update(key, slot, previous, next, false);
      }
    }
    addToCollection(key, collectionDelta);
    sizeBytes += (next == null ? 0 : next.size()) - (previous == null ? 0 : previous.size());
    itemCount += (next == null ? 0 : 1) - (previous == null ? 0 : 1);
    appliedSeq = e.seq();
    appliedCommitTime = e.commitTime();
    recentTransactions.note(e);
  }

  /** The transactions this view holds from the last 10 minutes (client tokens' lifetime). */
  RecentTransactions recentTransactions() {
    return recentTransactions;
  }

  /**
   * Moves past an event that changes nothing: one of a transaction that was aborted after it was
   * prepared in the log ({@link Event#prepared}). The view's position still follows the log.
   */
  public void pass(Event e) {
    appliedSeq = e.seq();
    appliedCommitTime = Math.max(appliedCommitTime, e.commitTime());
  }

  private Slot insert(ItemKey key, StoredItem stored) {
    Slot slot = new Slot(stored);
    ordered.put(key, slot);
    byKey.put(key, slot);
    return slot;
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
        appliedSeq = e.seq(); // deleting what does not exist (or a condition check's lock): nothing to show
        appliedCommitTime = e.commitTime();
        return;
      }
      slot = new Slot(null);
      slot.pending = new Pending(next, visibility);
      ordered.put(key, slot);
      byKey.put(key, slot);
    } else {
      slot.pending = new Pending(next, visibility);
    }
    long collectionDelta = (next == null ? 0 : next.size()) - (previous == null ? 0 : previous.size());
    for (LocalIndex l : locals) {
      collectionDelta += l.update(key, slot, previous, next, true); // the old entry stays valid until shown
    }
    addToCollection(key, collectionDelta);
    sizeBytes += (next == null ? 0 : next.size()) - (previous == null ? 0 : previous.size());
    itemCount += (next == null ? 0 : 1) - (previous == null ? 0 : 1);
    appliedSeq = e.seq();
    appliedCommitTime = e.commitTime();
  }

  /** After a transaction became visible: its versions become the stored ones, deleted items go. */
  void settle(Event e) {
    recentTransactions.note(e);
    ItemKey key = ItemKey.of(schema, e.key());
    Slot slot = byKey.get(key);
    if (slot == null) {
      return;
    }
    slot.settle();
    for (LocalIndex l : locals) {
      l.settle(key, e.oldImage(), e.newImage());
    }
    if (slot.stored == null) {
      byKey.remove(key);
      ordered.remove(key);
    }
  }

  /**
   * A copy of another view's visible items (the caller holds its shard's commit lock). The items
   * are shared, not copied: they are immutable.
   */
  static ShardView copyOf(ShardView source, KeySchema schema, List<IndexDescriptor> localIndexes) {
    int expected = (int) Math.min(Integer.MAX_VALUE - 8, source.itemCount());
    List<ItemKey> keys = new java.util.ArrayList<>(expected);
    List<StoredItem> items = new java.util.ArrayList<>(expected);
    for (Map.Entry<ItemKey, Slot> e : source.ordered.entrySet()) {
      StoredItem stored = e.getValue().stored();
      if (stored != null) {
        keys.add(e.getKey());
        items.add(stored);
      }
    }
    ShardView copy = build(schema, localIndexes, keys, items, source.appliedSeq, source.appliedCommitTime); // a skip list's order
    copy.recentTransactions.noteAll(source.recentTransactions.snapshot());
    return copy;
  }

  /**
   * A view of items given in strictly ascending key order (a checkpoint's, or another view's), as
   * of {@code seq}: the skip list is built in one linear pass instead of a search per item.
   * Returns null if the keys are not in that order.
   */
  static ShardView ofSorted(KeySchema schema, List<IndexDescriptor> localIndexes, List<ItemKey> keys,
      List<StoredItem> items, long seq, long commitTime) {
    for (int i = 1; i < keys.size(); i++) {
      if (keys.get(i - 1).compareTo(keys.get(i)) >= 0) {
        return null;
      }
    }
    return build(schema, localIndexes, keys, items, seq, commitTime);
  }

  private static ShardView build(KeySchema schema, List<IndexDescriptor> localIndexes, List<ItemKey> keys,
      List<StoredItem> items, long seq, long commitTime) {
    List<Map.Entry<ItemKey, Slot>> slots = new java.util.ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      slots.add(Map.entry(keys.get(i), new Slot(items.get(i))));
    }
    ShardView view = new ShardView(schema, localIndexes, slots.size(), new ConcurrentSkipListMap<>(new InKeyOrder(slots)));
    long totalSize = 0;
    for (Map.Entry<ItemKey, Slot> e : slots) {
      view.byKey.put(e.getKey(), e.getValue());
      StoredItem stored = e.getValue().stored;
      long collectionDelta = stored.size();
      for (LocalIndex l : view.locals) {
        collectionDelta += l.update(e.getKey(), e.getValue(), null, stored, false);
      }
      view.addToCollection(e.getKey(), collectionDelta);
      totalSize += stored.size();
    }
    view.sizeBytes = totalSize;
    view.itemCount = slots.size();
    view.setApplied(seq, commitTime);
    return view;
  }

  /**
   * Entries already in key order, seen as a sorted map: what ConcurrentSkipListMap's copy
   * constructor needs to build itself in one pass (it reads only the comparator and the entries).
   */
  private static final class InKeyOrder extends java.util.AbstractMap<ItemKey, Slot>
      implements java.util.SortedMap<ItemKey, Slot> {
    private final List<Map.Entry<ItemKey, Slot>> entries;

    InKeyOrder(List<Map.Entry<ItemKey, Slot>> entries) {
      this.entries = entries;
    }

    @Override
    public java.util.Set<Map.Entry<ItemKey, Slot>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public java.util.Iterator<Map.Entry<ItemKey, Slot>> iterator() {
          return entries.iterator();
        }

        @Override
        public int size() {
          return entries.size();
        }
      };
    }

    @Override
    public java.util.Comparator<? super ItemKey> comparator() {
      return null; // natural order, as the view's skip list
    }

    @Override
    public java.util.SortedMap<ItemKey, Slot> subMap(ItemKey from, ItemKey to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.SortedMap<ItemKey, Slot> headMap(ItemKey to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.SortedMap<ItemKey, Slot> tailMap(ItemKey from) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ItemKey firstKey() {
      return entries.get(0).getKey();
    }

    @Override
    public ItemKey lastKey() {
      return entries.get(entries.size() - 1).getKey();
    }
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
