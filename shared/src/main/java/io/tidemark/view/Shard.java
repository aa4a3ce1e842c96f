package io.tidemark.view;

import io.tidemark.log.Event;
import io.tidemark.log.EventLog;
import io.tidemark.storage.BlobStore;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.ItemKey;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One shard of a table: its log, its view, and the committer that turns writes into events.
 *
 * <p>Writes queue up; one committer at a time, on the executor, drains the queue, evaluates each
 * write against the latest state (the view plus the earlier writes of the same batch), appends the
 * whole batch to the log in one durable write (group commit), applies it to the view, and only then
 * answers every writer (completing its future on the committer's thread). So a write is
 * acknowledged only once durable, readers never see a write that is not in the log, and conditions
 * are evaluated in commit order (linearizable per item). Transactions ({@link Transactions}) take
 * the same commit lock as the committer.
 */
public final class Shard {
  private static final Logger LOG = Logger.getLogger(Shard.class.getName());
  /**
   * Spreads retries of instances that lost the same race. Not ThreadLocalRandom: instances
   * restored from one SnapStart snapshot would share its seed, and retry in step.
   */
  private static final java.security.SecureRandom JITTER = new java.security.SecureRandom();
  private static final int MAX_BATCH = 1024;

  private final String prefix;
  private final KeySchema schema;
  private final List<IndexDescriptor> localIndexes;
  private final long itemCollectionLimit;
  private final EventLog log;
  private final BlobStore blobs;
  private final Executor executor;
  /** The decisions of transactions across shards, on a shared log (null on a log with one writer). */
  private final TransactionDecisions decisions;
  private final long checkpointEvery;
  private final ShardView view;
  private final ConcurrentLinkedQueue<PendingWrite> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  /**
   * Held while a batch or a transaction changes the log and the view. A transaction holds the
   * locks of all its shards at once (taken in one global order, so transactions cannot deadlock).
   */
  private final ReentrantLock commitLock = new ReentrantLock(true); // fair: a waiting transaction gets its turn
  private volatile RuntimeException failure;
  /** When this shard last knew its log's end (epoch ms): the shard's opening, its last catch-up or append. */
  private volatile long knownCurrentAt = System.currentTimeMillis();
  /** The items of the transaction holding the commit lock, or null: writes to them conflict. */
  private volatile Set<ItemKey> transactionItems;
  private volatile boolean closed;
  /** The table's global index maintenance, once the table has a global index: handed every commit. */
  private volatile GlobalIndexApplier globalIndexes;
  private long eventsSinceCheckpoint;
  private CompletableFuture<Void> checkpointInFlight = CompletableFuture.completedFuture(null);

  private static final class PendingWrite {
    final ItemKey key;
    final Map<String, AttributeValue> keyAttributes;
    final String operation;
    final String principal;
    final ItemMutation mutation;
    final CompletableFuture<WriteResult> result = new CompletableFuture<>();

    PendingWrite(ItemKey key, Map<String, AttributeValue> keyAttributes, String operation, String principal,
        ItemMutation mutation) {
      this.key = key;
      this.keyAttributes = keyAttributes;
      this.operation = operation;
      this.principal = principal;
      this.mutation = mutation;
    }
  }

  /**
   * Opens a shard: newest intact checkpoint, then the log's tail replayed on top.
   *
   * @param prefix blob-store prefix of this shard, e.g. {@code tables/<id>/s0/}
   */
  public Shard(String prefix, KeySchema schema, List<IndexDescriptor> localIndexes, EventLog log, BlobStore blobs,
      Executor executor, long checkpointEvery, long itemCollectionLimit) {
    this(prefix, schema, localIndexes, log, blobs, executor, checkpointEvery, itemCollectionLimit, null, null);
  }

  /**
   * @param base      where the shard starts when it has no checkpoint of its own yet (a restored
   *                  table, sharing its source's files until its first checkpoint), or null: empty
   * @param decisions the store's transaction decisions, for a shared log (null: read from {@code blobs})
   */
  public Shard(String prefix, KeySchema schema, List<IndexDescriptor> localIndexes, EventLog log, BlobStore blobs,
      Executor executor, long checkpointEvery, long itemCollectionLimit, java.util.function.Supplier<ShardView> base,
      TransactionDecisions decisions) {
    this.itemCollectionLimit = itemCollectionLimit;
    this.prefix = prefix;
    this.schema = schema;
    this.log = log;
    this.blobs = blobs;
    this.executor = executor;
    this.checkpointEvery = checkpointEvery;
    this.localIndexes = localIndexes;
    this.decisions = !log.shared() ? null : decisions != null ? decisions : decisionsFor(log, blobs);
    this.view = rebuild(prefix, schema, localIndexes, log, blobs, this.decisions, base);
  }

  /** Builds this shard's view from its newest intact checkpoint and the log after it. */
  public static ShardView rebuild(String prefix, KeySchema schema, List<IndexDescriptor> localIndexes, EventLog log,
      BlobStore blobs) {
    return rebuild(prefix, schema, localIndexes, log, blobs, decisionsFor(log, blobs), null);
  }

  private static ShardView rebuild(String prefix, KeySchema schema, List<IndexDescriptor> localIndexes, EventLog log,
      BlobStore blobs, TransactionDecisions decisions, java.util.function.Supplier<ShardView> base) {
    ShardView view = null;
    List<String> checkpoints = blobs.list(prefix + "ckpt/");
    for (int i = checkpoints.size() - 1; i >= 0 && view == null; i--) {
      byte[] data = blobs.get(checkpoints.get(i));
      view = data == null ? null : Checkpoint.load(data, schema, localIndexes);
      if (view == null) {
        LOG.warning("ignoring damaged checkpoint " + checkpoints.get(i));
      }
    }
    ShardView result = view != null ? view : base != null ? base.get() : new ShardView(schema, localIndexes);
    if (log.firstRetainedSeq() > result.appliedSeq() + 1) {
      // retention keeps the newest checkpoint and the log after it; without that checkpoint the
      // view cannot be rebuilt, and an empty view must not pass for the table
      throw new IllegalStateException("no intact checkpoint of " + prefix + " reaches the log's first retained event "
          + log.firstRetainedSeq());
    }
    log.replay(result.appliedSeq(), decided(decisions, prefix, result::apply, result::pass));
    return result;
  }

  private static TransactionDecisions decisionsFor(EventLog log, BlobStore blobs) {
    return log.shared() ? new TransactionDecisions(blobs, TransactionDecisions.DEFAULT_TIMEOUT_MILLIS) : null;
  }

  /**
   * Hands on a log's events as they count: an ordinary event as it is; a prepared transaction's
   * ({@link Event#prepared}) once its decision is known (waiting for it), to {@code committed} at
   * the decision's commit time, or to {@code aborted}. Without decisions (a log with one writer,
   * which has no prepared events) everything goes to {@code committed}.
   */
  static java.util.function.Consumer<Event> decided(TransactionDecisions decisions, String prefix,
      java.util.function.Consumer<Event> committed, java.util.function.Consumer<Event> aborted) {
    if (decisions == null) {
      return committed;
    }
    return e -> {
      if (!e.prepared()) {
        committed.accept(e);
        return;
      }
      TransactionDecisions.Decision decision = decisions.await(e.txId(), participantAt(prefix, e.seq()));
      if (decision.committed()) {
        committed.accept(e.committedAt(decision.commitTime()));
      } else {
        aborted.accept(e);
      }
    };
  }

  /** A prepared record at {@code seq} of the shard at {@code prefix} ({@code tables/<id>/s<n>/}), as a decision names it. */
  private static TransactionDecisions.Participant participantAt(String prefix, long seq) {
    String[] parts = prefix.split("/");
    return new TransactionDecisions.Participant(parts[parts.length - 2], Integer.parseInt(parts[parts.length - 1].substring(1)),
        seq);
  }

  /**
   * Folds a log's events up to {@code maxSeq} and {@code maxCommitTime} into a view, a prepared
   * transaction's only if decided committed by then (its decision's commit time is the one that
   * counts), and nothing after the first event past the time.
   */
  static void replayInto(ShardView view, String prefix, EventLog log, BlobStore blobs, long afterSeq, long maxSeq,
      long maxCommitTime) {
    boolean[] past = new boolean[1];
    log.replayUntil(afterSeq, maxSeq, maxCommitTime, decided(decisionsFor(log, blobs), prefix, e -> {
      past[0] |= e.commitTime() > maxCommitTime;
      if (!past[0]) {
        view.apply(e);
      }
    }, e -> {
      if (!past[0]) {
        view.pass(e);
      }
    }));
  }

  /**
   * The shard's items as they were at a past point: the newest intact checkpoint not after it,
   * then the log's events up to it (sequence number at most {@code maxSeq} and commit time at
   * most {@code maxCommitTime}). A transaction's events share one commit time, so a point in
   * time has all of them or none. Reads only immutable checkpoints and the log, so the shard
   * keeps serving while this runs.
   */
  public static ShardView viewAsOf(String prefix, KeySchema schema, List<IndexDescriptor> localIndexes, EventLog log,
      BlobStore blobs, long maxSeq, long maxCommitTime) {
    long started = System.nanoTime();
    ShardView view = null;
    List<String> checkpoints = blobs.list(prefix + "ckpt/");
    for (int i = checkpoints.size() - 1; i >= 0 && view == null; i--) {
      String key = checkpoints.get(i);
      if (Long.parseLong(key.substring(key.lastIndexOf('/') + 1)) > maxSeq) {
        continue;
      }
      long[] header = Checkpoint.header(blobs.head(key, Checkpoint.HEADER_BYTES));
      if (header == null || header[1] > maxCommitTime) {
        continue;
      }
      byte[] data = blobs.get(key);
      view = data == null ? null : Checkpoint.load(data, schema, localIndexes);
    }
    ShardView result = view != null ? view : new ShardView(schema, localIndexes);
    // events after the checkpoint are needed only up to maxSeq: a checkpoint exactly at the point
    // asked for needs no log at all (retention may have kept none)
    if (log.firstRetainedSeq() > result.appliedSeq() + 1 && maxSeq > result.appliedSeq()) {
      throw new HistoryGoneException("the log no longer holds events before sequence " + log.firstRetainedSeq()
          + " of " + prefix + ": that moment is older than what retention keeps");
    }
    long loaded = System.nanoTime();
    long checkpointItems = result.itemCount();
    long before = result.appliedSeq();
    replayInto(result, prefix, log, blobs, before, maxSeq, maxCommitTime);
    long[] events = {result.appliedSeq() - before};
    long replayed = System.nanoTime();
    LOG.info(String.format("%s rebuilt as of event %d: checkpoint of %d items loaded in %d ms, %d log events replayed"
        + " in %d ms", prefix, result.appliedSeq(), checkpointItems, (loaded - started) / 1_000_000, events[0],
        (replayed - loaded) / 1_000_000));
    return result;
  }

  /**
   * Folds in what other writers appended to a shared log since this shard's last commit (other
   * instances of a serverless deployment): before a strongly consistent read, and after losing a
   * race to append. A local log has no other writers, and this costs nothing there.
   */
  public void catchUp() {
    if (!log.shared()) {
      return;
    }
    commitLock.lock();
    try {
      catchUpLocked();
    } finally {
      commitLock.unlock();
    }
  }

  /**
   * Catches up only if this shard has not learnt its shared log's end for longer than
   * {@code maxAgeMillis}: what bounds how stale an eventually consistent read can be when other
   * instances write (DynamoDB's reads are usually consistent within a second). An instance that
   * is busy, or was just restored from a SnapStart snapshot taken long before, catches up at most
   * once per that period. Wall-clock time, because a restored process's monotonic clock is not
   * the snapshot's.
   */
  public void catchUpIfOlderThan(long maxAgeMillis) {
    if (!log.shared() || System.currentTimeMillis() - knownCurrentAt <= maxAgeMillis) {
      return;
    }
    commitLock.lock();
    try {
      if (System.currentTimeMillis() - knownCurrentAt > maxAgeMillis) { // readers that waited for the lock need not ask again
        catchUpLocked();
      }
    } finally {
      commitLock.unlock();
    }
  }

  /** Returns how many events other writers had appended. */
  private int catchUpLocked() {
    if (failure != null) {
      return 0;
    }
    List<Event> read = new ArrayList<>(); // in log order, aborted transactions' events too
    Set<Event> aborted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Map<String, Long> prepared = new java.util.LinkedHashMap<>();
    long applied = view.appliedSeq();
    long asked = System.currentTimeMillis();
    try {
      java.util.function.Consumer<Event> fold = decided(decisions, prefix, e -> {
        if (e.seq() > applied) { // the view may be ahead of the log's end: built from a later listing
          read.add(e);
        }
      }, e -> {
        if (e.seq() > applied) {
          read.add(e);
          aborted.add(e);
          prepared.remove(e.txId());
        }
      });
      log.catchUp(e -> {
        if (e.prepared() && e.seq() > applied) {
          prepared.putIfAbsent(e.txId(), e.seq());
        }
        fold.accept(e);
      });
      knownCurrentAt = asked;
    } catch (EventLog.StaleLogException e) {
      failure = new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
      LOG.log(Level.WARNING, prefix + " fell below its log's low-water mark; the table is opened again", e);
      throw failure;
    } catch (RuntimeException e) {
      // the log may have moved past events the view has not taken (a decision that could not be read)
      failure = new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
      LOG.log(Level.WARNING, prefix + " could not catch up with its log; the table is opened again", e);
      throw failure;
    }
    List<Event> theirs = new ArrayList<>(read.size());
    for (Event e : read) {
      if (aborted.contains(e)) {
        view.pass(e);
      } else {
        view.apply(e);
        theirs.add(e);
      }
    }
    if (!theirs.isEmpty()) {
      handOver(theirs);
      eventsSinceCheckpoint += theirs.size();
    }
    committedAcrossShards = prepared;
    return read.size();
  }

  /**
   * The transactions across shards that the last catch-up found committed, by id, with where each
   * begins in this log: what a backup's cut needs to check ({@link TableView#consistentPositions}).
   */
  private Map<String, Long> committedAcrossShards = Map.of();

  /** {@link #catchUpHeld}, returning the transactions across shards it found committed (id → first sequence number). */
  Map<String, Long> catchUpHeldFindingTransactions() {
    catchUpLocked();
    return committedAcrossShards;
  }

  /** Every event of one item in this shard's log, oldest first (its versions, and who made each). */
  public void history(ItemKey key, java.util.function.Consumer<Event> consumer) {
    log.replay(0, decided(decisions, prefix, e -> {
      if (ItemKey.of(schema, e.key()).equals(key)) {
        consumer.accept(e);
      }
    }, e -> { }));
  }

  /** The log, for retention to list and delete old segments (never the one being appended to). */
  public EventLog logForRetention() {
    return log;
  }

  /** A past moment whose events retention has already deleted. */
  public static final class HistoryGoneException extends RuntimeException {
    HistoryGoneException(String message) {
      super(message);
    }
  }

  /**
   * This shard's items as they were at a past point (see the static form). When nothing was
   * committed since that point, the live view is copied instead (references to its immutable
   * items, under the commit lock): no checkpoint to read and decode.
   */
  public ShardView viewAsOf(long maxSeq, long maxCommitTime) {
    // a restored shard's first checkpoint stands in for its source's files: the checkpoints and
    // log below are only this shard's history once it is written
    if (!hasOwnCheckpoint()) {
      awaitCheckpoint();
    }
    commitLock.lock();
    try {
      if (log.lastSeq() <= maxSeq && lastCommitTime() <= maxCommitTime && failure == null) {
        return ShardView.copyOf(view, schema, localIndexes);
      }
    } finally {
      commitLock.unlock();
    }
    return viewAsOf(prefix, schema, localIndexes, log, blobs, maxSeq, maxCommitTime);
  }

  /**
   * Where the log ends once every commit already under way has finished: {@code [lastSeq,
   * lastCommitTime]}. Taking the commit lock for a moment is what guarantees that no batch holding
   * an earlier commit time is still being written.
   */
  public long[] committedPosition() {
    commitLock.lock();
    try {
      return new long[] {log.lastSeq(), lastCommitTime()};
    } finally {
      commitLock.unlock();
    }
  }

  /** A new view folded from the whole log alone, ignoring checkpoints (to prove views are only caches). */
  public ShardView rebuildFromLogAlone() {
    ShardView rebuilt = new ShardView(schema, localIndexes);
    log.replay(0, decided(decisions, prefix, rebuilt::apply, rebuilt::pass));
    return rebuilt;
  }

  /** A new view from the newest intact checkpoint plus the log after it, as a restart builds it. */
  public ShardView rebuildFromCheckpoint() {
    return rebuild(prefix, schema, localIndexes, log, blobs, decisions, null);
  }

  /** Starts a checkpoint now (a restored shard's own, after which it no longer needs its source's files). */
  public void checkpointNow() {
    commitLock.lock();
    try {
      if (checkpointInFlight.isDone()) {
        startCheckpoint();
      }
    } finally {
      commitLock.unlock();
    }
  }

  /**
   * Checkpoints the shard if its log still ends at {@code seq} (a backup's position, nothing
   * committed since): its own snapshot of item references, as a periodic checkpoint takes,
   * instead of a copy of the view or a replay. Returns whether that checkpoint is written.
   */
  public boolean checkpointIfAt(long seq) {
    awaitCheckpoint();
    commitLock.lock();
    try {
      if (log.lastSeq() != seq || view.appliedSeq() != seq || failure != null || closed
          || !checkpointInFlight.isDone()) {
        return false;
      }
      startCheckpoint();
    } finally {
      commitLock.unlock();
    }
    awaitCheckpoint();
    return blobs.head(checkpointKey(seq), 1) != null; // a failed write is only logged
  }

  /** Whether the shard has a checkpoint of its own (until then a restored shard needs its base's files). */
  /**
   * Whether a failure stopped this shard: every write since fails. On a shared store the table is
   * then opened again from storage ({@link Database#table}); on local disk it needs a restart.
   */
  public boolean failed() {
    return failure != null;
  }

  public boolean hasOwnCheckpoint() {
    return !blobs.list(prefix + "ckpt/").isEmpty();
  }

  /** Waits until every checkpoint started so far is written. */
  public void awaitCheckpoint() {
    checkpointInFlight.join();
  }

  public ShardView view() {
    return view;
  }

  public Map<String, AttributeValue> get(ItemKey key) {
    return view.get(key);
  }

  /** Queues a write; the future completes once it is durable and visible, or with its error. */
  public CompletableFuture<WriteResult> write(ItemKey key, Map<String, AttributeValue> keyAttributes,
      String operation, String principal, ItemMutation mutation) {
    return writeAll(List.of(new Write(key, keyAttributes, operation, principal, mutation))).get(0);
  }

  /** One write of {@link #writeAll}. */
  public record Write(ItemKey key, Map<String, AttributeValue> keyAttributes, String operation, String principal,
      ItemMutation mutation) {}

  /**
   * Queues writes that arrive together (a BatchWriteItem's to this shard) in one step, so that
   * one commit batch takes them all: one log append, which on S3 is one PUT, instead of a second
   * one for the writes queued while the committer had already started on the first.
   */
  public List<CompletableFuture<WriteResult>> writeAll(List<Write> writes) {
    List<PendingWrite> pending = new ArrayList<>(writes.size());
    List<CompletableFuture<WriteResult>> results = new ArrayList<>(writes.size());
    for (Write w : writes) {
      PendingWrite p = new PendingWrite(w.key(), w.keyAttributes(), w.operation(), w.principal(), w.mutation());
      pending.add(p);
      results.add(p.result);
    }
    RuntimeException broken = failure;
    if (broken != null || closed) {
      pending.forEach(p -> p.result.completeExceptionally(broken != null ? broken : shutDown()));
      return results;
    }
    queue.addAll(pending); // linked in as one chain: a committer polling meanwhile sees none or all
    if (closed) {
      for (PendingWrite p : pending) {
        if (queue.remove(p)) {
          // close() may already have drained the queue for the last time
          p.result.completeExceptionally(shutDown());
        }
      }
    }
    if (draining.compareAndSet(false, true)) {
      // No committer is running: start one. The writer's thread returns at once (it may be an
      // event loop, which must not wait for the disk).
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        drain(); // shutting down: this thread commits
      }
    }
    return results;
  }

  /** Commits batches until the queue is empty; writes queued meanwhile join the next batch. */
  private void drain() {
    while (true) {
      commitLock.lock();
      try {
        commitBatch(); // answers every writer of the batch, whatever happens
      } finally {
        commitLock.unlock();
      }
      draining.set(false);
      if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
        return;
      }
    }
  }

  private static DynamoDbException shutDown() {
    return new DynamoDbException(ErrorType.InternalServerError, "Internal server error: the server is shutting down");
  }

  private void commitBatch() {
    List<PendingWrite> batch = new ArrayList<>();
    PendingWrite w;
    while (batch.size() < MAX_BATCH && (w = queue.poll()) != null) {
      batch.add(w);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      commit(batch);
    } catch (RuntimeException | Error e) {
      // A bug between the log and the view: the view may be behind the log, so stop the shard
      // (a restart rebuilds it from the log) and answer every writer still waiting.
      failure = new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
      LOG.log(Level.SEVERE, "commit failed for " + prefix + "; shard stopped", e);
      batch.forEach(p -> p.result.completeExceptionally(failure));
    }
  }

  private void commit(List<PendingWrite> batch) {
    int fruitless = 0;
    boolean current = !log.shared(); // whether the view is known to be the log's latest state
    Attempt attempt;
    while ((attempt = commitOnce(batch, current)) != Attempt.DONE) {
      if (attempt == Attempt.UNSURE) {
        catchUpLocked();
        current = true;
        continue;
      }
      // another instance committed first (a shared log): fold in its events, then evaluate the
      // whole batch again on that state, conditions included. The winner's object may not be
      // readable yet (its upload still finishing): then wait a little, longer each time, with jitter
      current = true;
      if (catchUpLocked() == 0) {
        fruitless++;
        long maxMicros = Math.min(50_000, 500L << Math.min(fruitless, 7));
        java.util.concurrent.locks.LockSupport.parkNanos(
            1000 * (maxMicros / 2 + JITTER.nextLong(maxMicros / 2)));
      } else {
        fruitless = 0;
      }
    }
  }

  /** What became of one attempt to commit a batch. */
  private enum Attempt {
    /** Appended (or nothing to append) and answered. */
    DONE,
    /** Nothing done: another writer appended first. */
    RACED,
    /**
     * Nothing done: the batch would append nothing (every write refused, or changing nothing), and
     * the view it was evaluated on may be behind the shared log. An append that succeeds proves
     * the view was the latest (it landed right after it); without one, a catch-up must.
     */
    UNSURE
  }

  /** Evaluates, appends, applies and answers the batch, unless another writer appended first or its answers are unsure. */
  private Attempt commitOnce(List<PendingWrite> batch, boolean viewIsCurrent) {
    if (failure != null) {
      batch.forEach(p -> p.result.completeExceptionally(failure));
      return Attempt.DONE;
    }
    Map<ItemKey, Map<String, AttributeValue>> latest = new HashMap<>();
    Map<AttributeValue, Long> collectionDeltas = new HashMap<>(); // this batch's growth of item collections
    List<Event> events = new ArrayList<>(batch.size());
    Object[] outcomes = new Object[batch.size()];
    long seq = log.lastSeq();
    long time = lastCommitTime();
    for (int i = 0; i < batch.size(); i++) {
      PendingWrite p = batch.get(i);
      Map<String, AttributeValue> current = latest.containsKey(p.key) ? latest.get(p.key) : view.get(p.key);
      Map<String, AttributeValue> next;
      try {
        next = p.mutation.apply(current);
      } catch (DynamoDbException e) {
        outcomes[i] = e;
        continue;
      } catch (RuntimeException | StackOverflowError e) {
        LOG.log(Level.SEVERE, "write failed", e);
        outcomes[i] = new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
        continue;
      }
      if (next != current && view.hasLocalIndexes()) {
        long delta = view.collectionChange(p.key, current, next);
        long size = view.collectionSize(p.key.partition()) + collectionDeltas.getOrDefault(p.key.partition(), 0L) + delta;
        if (delta > 0 && size > itemCollectionLimit) {
          outcomes[i] = collectionTooLarge();
          continue;
        }
        collectionDeltas.merge(p.key.partition(), delta, Long::sum);
      }
      outcomes[i] = new WriteResult(current, next);
      if (next == current) {
        continue; // nothing changes: no event
      }
      time = Math.max(System.currentTimeMillis() * 1000, time + 1);
      events.add(new Event(++seq, time, null, p.principal, p.operation, p.keyAttributes, current, next));
      latest.put(p.key, next);
    }
    if (events.isEmpty() && !viewIsCurrent) {
      return Attempt.UNSURE;
    }
    if (!events.isEmpty()) {
      try {
        long appending = System.currentTimeMillis();
        log.append(events);
        knownCurrentAt = appending; // a created object is the log's end
      } catch (EventLog.ConflictException lost) {
        return Attempt.RACED;
      } catch (RuntimeException e) {
        // The log's state is unknown after a failed write: refuse everything until restart,
        // which recovers the log's intact prefix.
        failure = new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
        LOG.log(Level.SEVERE, "log append failed for " + prefix + "; shard stopped", e);
        batch.forEach(p -> p.result.completeExceptionally(failure));
        return Attempt.DONE;
      }
      for (Event e : events) {
        view.apply(e);
      }
      handOver(events);
      eventsSinceCheckpoint += events.size();
    }
    for (int i = 0; i < batch.size(); i++) {
      Object outcome = outcomes[i];
      if (outcome instanceof WriteResult) {
        batch.get(i).result.complete((WriteResult) outcome);
      } else {
        batch.get(i).result.completeExceptionally((Throwable) outcome);
      }
    }
    checkpointIfDue();
    return Attempt.DONE;
  }

  /**
   * Checkpoints after at least as many events as the shard has items: restart then replays no more
   * than it loads, and a checkpoint's cost (every item) is spread over at least as many writes.
   * Called with the commit lock held.
   */
  private void checkpointIfDue() {
    if (eventsSinceCheckpoint >= Math.max(checkpointEvery, view.itemCount()) && checkpointInFlight.isDone()) {
      startCheckpoint();
    }
  }

  /**
   * Snapshots the view (cheap: items are immutable, only references are copied), starts a new log
   * segment, and writes the checkpoint in the background. Runs on the committer, so no write is
   * half-applied while the snapshot is taken.
   */
  private void startCheckpoint() {
    long seq = view.appliedSeq();
    long time = view.appliedCommitTime();
    List<Map<String, AttributeValue>> items = itemsOf(view);
    Map<String, Long> transactions = view.recentTransactions().snapshot();
    log.roll();
    eventsSinceCheckpoint = 0;
    checkpointInFlight = CompletableFuture.runAsync(() -> writeCheckpoint(seq, time, items, transactions), executor);
  }

  private static List<Map<String, AttributeValue>> itemsOf(ShardView view) {
    List<Map<String, AttributeValue>> items = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, view.itemCount()));
    for (ShardView.Slot slot : view.items().values()) {
      StoredItem stored = slot.stored();
      if (stored != null) {
        items.add(stored.item());
      }
    }
    return items;
  }

  private void writeCheckpoint(long seq, long time, List<Map<String, AttributeValue>> items,
      Map<String, Long> transactions) {
    try {
      blobs.put(checkpointKey(seq), out -> Checkpoint.write(out, seq, time, items, transactions));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "checkpoint of " + prefix + " at " + seq + " failed; the log still has everything", e);
    }
  }

  private String checkpointKey(long seq) {
    return checkpointKey(prefix, seq);
  }

  /** Where the checkpoint of the shard at {@code prefix} as of {@code seq} is stored. */
  public static String checkpointKey(String prefix, long seq) {
    return prefix + "ckpt/" + String.format("%020d", seq);
  }

  /**
   * Writes a view that nothing else changes (built for a backup's position) as a checkpoint of
   * the shard at {@code prefix}. An ordinary checkpoint from then on: restores and restarts may
   * start from it, and retention treats it as any other.
   */
  public static void writeCheckpoint(BlobStore blobs, String prefix, ShardView view) {
    long seq = view.appliedSeq();
    long time = view.appliedCommitTime();
    List<Map<String, AttributeValue>> items = itemsOf(view);
    Map<String, Long> transactions = view.recentTransactions().snapshot();
    blobs.put(checkpointKey(prefix, seq), out -> Checkpoint.write(out, seq, time, items, transactions));
  }

  /**
   * Stops taking writes, commits what is queued, writes a final checkpoint if the log moved, and
   * closes the log. Takes the committer role for good, so nothing appends after it.
   */
  public void close() {
    closed = true;
    while (!draining.compareAndSet(false, true)) {
      Thread.onSpinWait();
    }
    commitLock.lock(); // a transaction in progress finishes first
    while (!queue.isEmpty()) {
      commitBatch();
    }
    checkpointInFlight.join();
    if (eventsSinceCheckpoint > 0 && failure == null) {
      writeCheckpoint(view.appliedSeq(), view.appliedCommitTime(), itemsOf(view), view.recentTransactions().snapshot());
      log.roll();
    }
    log.close();
  }

  // --- transactions (see Transactions): called with the commit lock held ---

  /** Whether a transaction in progress writes this item (a single-item write then conflicts with it). */
  public boolean inTransaction(ItemKey key) {
    Set<ItemKey> items = transactionItems;
    return items != null && items.contains(key);
  }

  /** Marks the items the transaction holding the lock writes (null when it is done). */
  void setTransactionItems(Set<ItemKey> items) {
    transactionItems = items;
  }

  void lockForTransaction() {
    try {
      while (!commitLock.tryLock(10, TimeUnit.MILLISECONDS)) {
        if (closed) {
          throw shutDown(); // close() holds the lock for good
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw shutDown();
    }
  }

  void unlockAfterTransaction() {
    commitLock.unlock();
  }

  /** A write that would take its item collection past the limit (tables with local indexes). */
  static DynamoDbException collectionTooLarge() {
    return new DynamoDbException(ErrorType.ItemCollectionSizeLimitExceededException,
        "Item collection size limit exceeded");
  }

  /** Whether a write of a transaction would take its item collection past the limit. */
  boolean exceedsCollectionLimit(ItemKey key, Map<String, AttributeValue> current, Map<String, AttributeValue> next) {
    if (!view.hasLocalIndexes()) {
      return false;
    }
    long delta = view.collectionChange(key, current, next);
    return delta > 0 && view.collectionSize(key.partition()) + delta > itemCollectionLimit;
  }

  /** Stops the shard: every later write fails until a restart rebuilds it from its log. */
  void stop(String why) {
    failure = new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
    LOG.severe(prefix + " stopped: " + why);
  }

  /** Refuses a transaction on a shard that is stopped or closed, as a write would be refused. */
  void checkWritable() {
    RuntimeException broken = failure;
    if (broken != null) {
      throw broken;
    }
    if (closed) {
      throw shutDown();
    }
  }

  long lastSeq() {
    return log.lastSeq();
  }

  /**
   * The commit time of the shard's last change: the log's, or a transaction's decided after it
   * was prepared in the log ({@link TransactionDecisions}), which counts at the decision's time.
   */
  long lastCommitTime() {
    return Math.max(log.lastCommitTime(), view.appliedCommitTime());
  }

  /** The decisions of transactions across shards of this shared log; null for a log with one writer. */
  TransactionDecisions decisions() {
    return decisions;
  }

  /** Moves the view past a prepared transaction's events after it was aborted: they change nothing. */
  void passOver(List<Event> events) {
    for (Event e : events) {
      view.pass(e);
    }
  }

  /** Whether other instances append to this shard's log too (a shared store). */
  boolean sharesLog() {
    return log.shared();
  }

  /** {@link #catchUp} for a transaction that holds the commit lock. */
  void catchUpHeld() {
    catchUpLocked();
  }

  /**
   * Appends a transaction's events as the next object of a shared log, if no other instance has
   * appended since this shard last caught up; false if one has (nothing was appended: catch up
   * and evaluate the transaction again). Any other failure stops the shard.
   */
  boolean appendTransactionIfNext(List<Event> events) {
    try {
      long appending = System.currentTimeMillis();
      log.appendGroup(events, true);
      knownCurrentAt = appending;
      return true;
    } catch (EventLog.ConflictException lost) {
      return false;
    } catch (RuntimeException e) {
      failure = new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
      LOG.log(Level.SEVERE, "transaction append failed for " + prefix + "; shard stopped", e);
      throw failure;
    }
  }

  /** Whether the event after {@code seq} in this shard's log belongs to the transaction (recovery, on a shared log). */
  boolean containsTransaction(long seq, String txId) {
    Event next = log.eventAt(seq + 1);
    return next != null && txId.equals(next.txId());
  }

  /**
   * Whether a transaction with this id committed here in the last 10 minutes: its own, ones other
   * instances committed that it caught up with or replayed, and ones its checkpoint holds ({@link
   * RecentTransactions}). Called with the commit lock held.
   */
  boolean sawTransaction(String txId) {
    return view.recentTransactions().contains(txId);
  }

  /**
   * Appends a transaction's events to this shard's log as one record. Not forced to disk when the
   * transaction log already holds them ({@code durable} false): recovery re-appends them if lost.
   * A failure stops the shard, as a failed batch does.
   */
  void appendTransaction(List<Event> events, boolean durable) {
    try {
      log.appendGroup(events, durable);
    } catch (RuntimeException e) {
      failure = new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
      LOG.log(Level.SEVERE, "transaction append failed for " + prefix + "; shard stopped", e);
      throw failure;
    }
  }

  /** Puts a transaction's events in the view, hidden until {@code visibility} is shown. */
  void applyHidden(List<Event> events, TransactionVisibility visibility) {
    for (Event e : events) {
      view.applyPending(e, visibility);
    }
  }

  /** Once the transaction is visible everywhere: its versions become the ordinary ones. */
  void settle(List<Event> events) {
    for (Event e : events) {
      view.settle(e);
    }
    handOver(events); // only now: a global index must not show what the table does not yet
    eventsSinceCheckpoint += events.size();
    checkpointIfDue();
  }

  /** From now on, every commit is handed to the table's global index maintenance. Called with the commit lock held or before writes start. */
  void attach(GlobalIndexApplier applier) {
    globalIndexes = applier;
  }

  /** Hands committed events to the global indexes; called with the commit lock held, so in commit order. */
  private void handOver(List<Event> events) {
    GlobalIndexApplier applier = globalIndexes;
    if (applier != null) {
      applier.committed(events);
    }
  }

  /** Makes the log durable up to its end (before the transaction log forgets what it holds). */
  void forceLog() {
    commitLock.lock();
    try {
      log.force();
    } finally {
      commitLock.unlock();
    }
  }

  /** Recovery: appends (durably) and applies the events of a committed transaction the log lacks. */
  void recoverTransaction(List<Event> events) {
    log.appendGroup(events, true);
    for (Event e : events) {
      view.apply(e);
    }
    eventsSinceCheckpoint += events.size();
  }

  public long itemCount() {
    return view.itemCount();
  }

  public long sizeBytes() {
    return view.sizeBytes();
  }
}
