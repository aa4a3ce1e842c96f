package io.tidemark.view;

import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.ItemKey;
import io.tidemark.table.KeySchema;
import io.tidemark.table.TableDescriptor;
import io.tidemark.wire.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/** A live table: its descriptor and its shards, each covering a contiguous range of partition hashes. */
public final class TableView implements ReadableTable {
  private static final Logger LOG = Logger.getLogger(TableView.class.getName());

  private volatile TableDescriptor descriptor;
  private final Shard[] shards;
  private final int shardBits;
  /** The global secondary indexes by name (replaced whole when one is added or dropped). */
  private volatile Map<String, GlobalIndexView> globalIndexes = Map.of();
  /** Created with the first global index; from then on every shard hands it its commits. */
  private GlobalIndexApplier applier;

  public TableView(TableDescriptor descriptor, Shard[] shards) {
    this.descriptor = descriptor;
    this.shards = shards;
    this.shardBits = Integer.numberOfTrailingZeros(shards.length);
    if (Integer.bitCount(shards.length) != 1) {
      throw new IllegalArgumentException("shard count must be a power of two: " + shards.length);
    }
  }

  @Override
  public TableDescriptor descriptor() {
    return descriptor;
  }

  public void setDescriptor(TableDescriptor descriptor) {
    this.descriptor = descriptor;
  }

  public Shard[] shards() {
    return shards;
  }

  /** Folds what other instances appended to the shards' shared logs into the views (see {@link Shard#catchUp}). */
  public void catchUp() {
    for (Shard s : shards) {
      s.catchUp();
    }
  }

  /** The shard that holds partition hashes starting with this hash's top bits. */
  public Shard shardFor(int hash) {
    return shardBits == 0 ? shards[0] : shards[hash >>> (32 - shardBits)];
  }

  @Override
  public int shardCount() {
    return shards.length;
  }

  @Override
  public ShardView shardView(int index) {
    return shards[index].view();
  }

  @Override
  public int shardIndex(int hash) {
    return shardBits == 0 ? 0 : hash >>> (32 - shardBits);
  }

  public Map<String, AttributeValue> get(ItemKey key) {
    return shardFor(key.hash()).get(key);
  }

  /** Whether a transaction in progress writes this item. */
  public boolean inTransaction(ItemKey key) {
    return shardFor(key.hash()).inTransaction(key);
  }

  @Override
  public StoredItem stored(ItemKey key) {
    return shardFor(key.hash()).view().stored(key);
  }

  public CompletableFuture<WriteResult> write(ItemKey key, Map<String, AttributeValue> keyAttributes,
      String operation, String principal, ItemMutation mutation) {
    return shardFor(key.hash()).write(key, keyAttributes, operation, principal, mutation);
  }

  /**
   * Queues writes that arrive together, those of each shard in one step ({@link Shard#writeAll}):
   * the results in the order of {@code writes}.
   */
  public List<CompletableFuture<WriteResult>> writeAll(List<Shard.Write> writes) {
    Map<Shard, List<Integer>> byShard = new java.util.LinkedHashMap<>();
    for (int i = 0; i < writes.size(); i++) {
      byShard.computeIfAbsent(shardFor(writes.get(i).key().hash()), s -> new ArrayList<>()).add(i);
    }
    List<CompletableFuture<WriteResult>> results = new ArrayList<>(java.util.Collections.nCopies(writes.size(), null));
    byShard.forEach((shard, indexes) -> {
      List<CompletableFuture<WriteResult>> queued = shard.writeAll(indexes.stream().map(writes::get).toList());
      for (int j = 0; j < indexes.size(); j++) {
        results.set(indexes.get(j), queued.get(j));
      }
    });
    return results;
  }

  /** An index's item count and size ({@code [count, bytes]}; a local index's summed over the shards; zeros for an unknown name). */
  public long[] indexStats(String indexName) {
    GlobalIndexView global = globalIndexes.get(indexName);
    if (global != null) {
      return new long[] {global.itemCount(), global.sizeBytes()};
    }
    long[] stats = new long[2];
    for (Shard s : shards) {
      ShardView.LocalIndex local = s.view().local(indexName);
      if (local != null) {
        stats[0] += local.itemCount();
        stats[1] += local.sizeBytes();
      }
    }
    return stats;
  }

  /** ACTIVE, or UPDATING while a global index is being added. */
  public String status() {
    for (IndexDescriptor index : descriptor.globalIndexes) {
      if (!IndexDescriptor.ACTIVE.equals(index.status)) {
        return "UPDATING";
      }
    }
    return "ACTIVE";
  }

  /** The global index of that name, or null (also while it is being added). */
  @Override
  public GlobalIndexView globalIndex(String name) {
    return globalIndexes.get(name);
  }

  /** The global indexes' maintenance, or null if the table never had one. */
  public GlobalIndexApplier globalIndexApplier() {
    return applier;
  }

  /**
   * Builds the global indexes from the table's items and starts maintaining them. Called when the
   * database opens, before any write: indexes are views, rebuilt from the table's views rather than
   * kept in checkpoints of their own.
   */
  void openGlobalIndexes(Executor executor) {
    if (descriptor.globalIndexes.isEmpty()) {
      return;
    }
    List<GlobalIndexView> built = buildGlobalIndexes(descriptor, viewsOf(shards));
    Map<String, GlobalIndexView> byName = new LinkedHashMap<>();
    built.forEach(v -> byName.put(v.definition().name, v));
    globalIndexes = Map.copyOf(byName);
    applier = new GlobalIndexApplier(descriptor.name, executor, built);
    for (Shard s : shards) {
      s.attach(applier);
    }
  }

  private static ShardView[] viewsOf(Shard[] shards) {
    ShardView[] views = new ShardView[shards.length];
    for (int i = 0; i < shards.length; i++) {
      views[i] = shards[i].view();
    }
    return views;
  }

  /** Global indexes folded from the given views of this table's shards (restart, and tests comparing rebuilt indexes). */
  public static List<GlobalIndexView> buildGlobalIndexes(TableDescriptor d, ShardView[] views) {
    List<GlobalIndexView> built = new ArrayList<>();
    for (IndexDescriptor index : d.globalIndexes) {
      GlobalIndexView view = new GlobalIndexView(index, d.keySchema);
      for (ShardView shard : views) {
        for (Map.Entry<ItemKey, ShardView.Slot> e : shard.items().entrySet()) {
          StoredItem stored = e.getValue().stored();
          if (stored != null) {
            view.load(e.getKey(), stored.item());
          }
        }
      }
      view.markBuilt();
      built.add(view);
    }
    return built;
  }

  /**
   * Adds a global index to a table that may hold items (UpdateTable): every shard's commits are
   * stopped for a moment while the index starts receiving them and the items are snapshotted, so
   * each commit is either in the snapshot or handed to the index afterwards. The snapshot is then
   * copied in on the executor while commits go on; the index buffers what they change and applies
   * it once the copy is done. {@code whenBuilt} runs then (on the executor).
   */
  public synchronized void addGlobalIndex(IndexDescriptor index, Executor executor, Runnable whenBuilt) {
    KeySchema keys = descriptor.keySchema;
    GlobalIndexView view = new GlobalIndexView(index, keys);
    view.startBuffering();
    List<List<Map.Entry<ItemKey, Map<String, AttributeValue>>>> snapshot = new ArrayList<>();
    List<Shard> locked = new ArrayList<>();
    try {
      for (Shard s : shards) {
        s.lockForTransaction();
        locked.add(s);
      }
      if (applier == null) {
        applier = new GlobalIndexApplier(descriptor.name, executor, List.of());
        for (Shard s : shards) {
          s.attach(applier);
        }
      }
      for (Shard s : shards) {
        snapshot.add(itemsOf(s.view()));
      }
      applier.add(view);
      Map<String, GlobalIndexView> byName = new LinkedHashMap<>(globalIndexes);
      byName.put(index.name, view);
      globalIndexes = Map.copyOf(byName);
    } finally {
      locked.forEach(Shard::unlockAfterTransaction);
    }
    GlobalIndexApplier maintainer = applier;
    executor.execute(() -> {
      for (List<Map.Entry<ItemKey, Map<String, AttributeValue>>> items : snapshot) {
        for (Map.Entry<ItemKey, Map<String, AttributeValue>> item : items) {
          if (view.isDropped()) {
            return;
          }
          view.load(item.getKey(), item.getValue());
        }
      }
      maintainer.finishBackfill(view, () -> executor.execute(whenBuilt));
    });
  }

  private static List<Map.Entry<ItemKey, Map<String, AttributeValue>>> itemsOf(ShardView view) {
    List<Map.Entry<ItemKey, Map<String, AttributeValue>>> items = new ArrayList<>();
    for (Map.Entry<ItemKey, ShardView.Slot> e : view.items().entrySet()) {
      StoredItem stored = e.getValue().stored();
      if (stored != null) {
        items.add(Map.entry(e.getKey(), stored.item()));
      }
    }
    return items;
  }

  /**
   * Where every shard's log ends, as one consistent cut ({@code [shard][lastSeq, lastCommitTime]}):
   * all commit locks are held together while the ends are read, so no commit (and no transaction,
   * which holds all its shards' locks) is half in. CreateBackup's snapshot costs this much.
   *
   * <p>On a shared store every shard first catches up, so the cut holds every commit any instance
   * acknowledged before. A transaction across shards that another instance decided while the
   * shards were catching up one after the other may have reached some of them and not the ones
   * before: the cut then ends just before it in those it reached ({@link #cutBeforeHalfIncluded}).
   */
  public long[][] consistentPositions() {
    long[][] positions = new long[shards.length][];
    List<Shard> locked = new ArrayList<>();
    try {
      for (Shard s : shards) {
        s.lockForTransaction();
        locked.add(s);
      }
      List<Map<String, Long>> found = catchUpAll();
      for (int i = 0; i < shards.length; i++) {
        positions[i] = new long[] {shards[i].lastSeq(), shards[i].lastCommitTime()};
      }
      cutBeforeHalfIncluded(positions, found);
    } finally {
      locked.forEach(Shard::unlockAfterTransaction);
    }
    return positions;
  }

  /**
   * On a shared store, catches every shard up with its log, in shard order (the order in which
   * transactions prepare them); returns, per shard, the transactions across shards the catch-up
   * found committed (id → where each begins in that shard's log). Called with every lock held.
   */
  private List<Map<String, Long>> catchUpAll() {
    List<Map<String, Long>> found = new ArrayList<>();
    for (Shard s : shards) {
      found.add(s.sharesLog() ? s.catchUpHeldFindingTransactions() : Map.of());
    }
    return found;
  }

  /**
   * Moves a cut back to just before every transaction across shards that it holds in some of
   * this table's shards and not in others, until none is half in. Such a transaction was decided
   * after the cut began (it is in a shard caught up later, not in one caught up earlier), so the
   * cut may leave it out, and whatever follows it in those shards' logs came later still. Only
   * transactions the catch-up just found can be half in: one known before was decided before,
   * so all its prepared records were there for this catch-up to find.
   */
  private void cutBeforeHalfIncluded(long[][] positions, List<Map<String, Long>> found) {
    boolean moved = true;
    while (moved) {
      moved = false;
      for (int i = 0; i < shards.length; i++) {
        for (String txId : found.get(i).keySet()) {
          List<TransactionDecisions.Participant> here = shards[i].decisions().await(txId, null).participants().stream()
              .filter(p -> p.tableId().equals(descriptor().id)).toList();
          if (here.stream().noneMatch(p -> p.seq() > positions[p.shard()][0])) {
            continue; // wholly in
          }
          for (TransactionDecisions.Participant p : here) {
            if (p.seq() <= positions[p.shard()][0]) {
              positions[p.shard()][0] = p.seq() - 1;
              moved = true;
            }
          }
        }
      }
    }
  }

  /**
   * Every shard's items as they were at a commit time (microseconds), as one cut: a commit that
   * starts after this call began gets a later time, and one already under way is in its shard's
   * log once that shard's commit lock has been passed. A transaction has one commit time in all
   * its shards, so it is wholly in or out. {@code micros} is clamped below the clock's current
   * millisecond for that reason.
   */
  public List<ShardView> viewsAsOf(long micros) {
    long bound = cut(micros);
    if (shards[0].sharesLog()) {
      catchUpWholly(bound);
    }
    List<ShardView> views = new ArrayList<>();
    for (int i = 0; i < shards.length; i++) {
      views.add(shardAsOf(i, bound));
    }
    return views;
  }

  /**
   * On a shared store, before a cut by time: catches every shard up, then again each shard that
   * has not yet reached a transaction across shards that another shard found committed by
   * {@code bound} (decided while the shards caught up one after another: its records are all
   * there now), so that every such transaction is wholly in the logs the cut reads.
   */
  private void catchUpWholly(long bound) {
    List<Shard> locked = new ArrayList<>();
    try {
      for (Shard s : shards) {
        s.lockForTransaction();
        locked.add(s);
      }
      List<Map<String, Long>> found = catchUpAll();
      boolean again = true;
      while (again) {
        again = false;
        for (int i = 0; i < shards.length; i++) {
          for (String txId : found.get(i).keySet()) {
            TransactionDecisions.Decision d = shards[i].decisions().await(txId, null);
            for (TransactionDecisions.Participant p : d.participants()) {
              Shard behind = shards[p.shard()];
              if (d.commitTime() <= bound && p.tableId().equals(descriptor().id) && p.seq() > behind.lastSeq()) {
                long end = behind.lastSeq();
                found.set(p.shard(), merged(found.get(p.shard()), behind.catchUpHeldFindingTransactions()));
                again |= behind.lastSeq() > end; // else nothing more to find there: S3 reads its own writes
              }
            }
          }
        }
      }
    } finally {
      locked.forEach(Shard::unlockAfterTransaction);
    }
  }

  private static Map<String, Long> merged(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> all = new LinkedHashMap<>(a);
    b.forEach(all::putIfAbsent);
    return all;
  }

  /**
   * A time bound every shard can be cut at: below the clock's current millisecond (see {@link
   * #viewsAsOf}). A restore records the same bound as the one its views were cut at.
   */
  public static long cut(long micros) {
    return Math.min(micros, System.currentTimeMillis() * 1000 - 1);
  }

  /** One shard as of a bound from {@link #cut}, once every commit under way in it has finished. */
  ShardView shardAsOf(int index, long bound) {
    Shard shard = shards[index];
    return shard.viewAsOf(shard.committedPosition()[0], bound);
  }

  /** Stops maintaining a global index and forgets it (UpdateTable's Delete); a backfill in progress stops. */
  public synchronized void dropGlobalIndex(String name) {
    GlobalIndexView view = globalIndexes.get(name);
    if (view == null) {
      return;
    }
    view.drop();
    applier.remove(view);
    Map<String, GlobalIndexView> byName = new LinkedHashMap<>(globalIndexes);
    byName.remove(name);
    globalIndexes = Map.copyOf(byName);
  }

  public long itemCount() {
    long total = 0;
    for (Shard s : shards) {
      total += s.itemCount();
    }
    return total;
  }

  public long sizeBytes() {
    long total = 0;
    for (Shard s : shards) {
      total += s.sizeBytes();
    }
    return total;
  }

  /** Whether a failure stopped one of its shards ({@link Shard#failed}). */
  public boolean failed() {
    for (Shard s : shards) {
      if (s.failed()) {
        return true;
      }
    }
    return false;
  }

  public void close() {
    for (Shard s : shards) {
      s.close();
    }
    GlobalIndexApplier maintainer = applier;
    if (maintainer != null) {
      try {
        maintainer.caughtUp().get(10, TimeUnit.SECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        LOG.warning("global indexes of " + descriptor.name + " did not catch up before closing (restart rebuilds them)");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LOG.info("global index lag of " + descriptor.name + " (commit to applied): " + maintainer.lag());
    }
  }
}
