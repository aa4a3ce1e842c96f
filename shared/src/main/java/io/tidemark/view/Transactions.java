package io.tidemark.view;

import io.tidemark.log.Event;
import io.tidemark.log.RecordLog;
import io.tidemark.log.TransactionRecord;
import io.tidemark.storage.Encryption;
import io.tidemark.table.ItemKey;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Transactions across items, shards and tables: all of a transaction's writes happen, or none.
 *
 * <p>A transaction takes the commit locks of every shard it touches, in one global order (table
 * id, then shard), so it sees no commit in progress and two transactions cannot deadlock. Holding
 * them, it evaluates every condition against the current items; if one fails, nothing is written
 * and every action gets a cancellation reason. Otherwise it writes:
 *
 * <ul>
 *   <li>the commit point: its record in the transaction log (events of every shard), or, when it
 *       touches one shard and carries no client token, a single record in that shard's log;
 *   <li>each shard's events as one record of that shard's log, so replay and point-in-time
 *       restores see the whole transaction or none of it (all its events share one commit time);
 *   <li>the views: every new version hidden, then shown in every shard at once by one volatile
 *       write ({@link TransactionVisibility}), so no read of items (GetItem, BatchGetItem,
 *       TransactGetItems) sees half a transaction. A Query or Scan that is walking a range when the
 *       switch is thrown sees the items it reads before it as they were and those after it as they
 *       are: read-committed, as DynamoDB documents for them.
 * </ul>
 *
 * <p>A crash after the commit point and before a shard's record is durable is repaired when the
 * database opens: {@link #recover} re-appends what a shard's log lacks.
 *
 * <p>While a transaction holds its shards, a PutItem, UpdateItem or DeleteItem of one of its items
 * fails with TransactionConflictException, and another transaction writing one of them is cancelled
 * with reason TransactionConflict, as DynamoDB documents; writes to other items of those shards wait
 * for the locks.
 */
public final class Transactions {
  private static final Logger LOG = Logger.getLogger(Transactions.class.getName());
  /** DynamoDB keeps a client request token for 10 minutes. */
  static final long TOKEN_LIFETIME_MICROS = 10L * 60 * 1_000_000;
  private static final String OPERATION = "TransactWriteItems";

  private final RecordLog log;
  private final Executor executor;
  private final Map<String, TokenUse> tokens = new ConcurrentHashMap<>();
  private volatile boolean broken;
  /** Found by {@link #recover}: the records to keep when the log is compacted. */
  private final List<byte[]> recentTokens = new ArrayList<>();

  /** One action of a transaction on one item; a condition check returns the item unchanged. */
  public record Write(TableView table, ItemKey key, Map<String, AttributeValue> keyAttributes,
      ItemMutation mutation) {
  }

  /** One item a transactional read wants. */
  public record Read(TableView table, ItemKey key) {
  }

  /**
   * What became of a transaction. Committed: {@code results} holds each action's item before and
   * after. Cancelled: {@code failures} holds each action's error, or null for the actions that
   * would have succeeded. A retry with a client token already used: {@code replayed}, and the
   * results hold the items as they are now.
   */
  public record Outcome(List<WriteResult> results, List<DynamoDbException> failures, boolean replayed) {
    public boolean committed() {
      return failures == null;
    }
  }

  /**
   * A client token in use: the request it belongs to (null while its transaction runs), when it
   * expires, and whether its transaction committed (a retry is then answered without running it;
   * after a cancellation a retry runs again, since nothing was written).
   */
  private record TokenUse(String fingerprint, long expiresAtMicros, boolean committed) {
  }

  public Transactions(RecordLog log, Executor executor) {
    this.log = log;
    this.executor = executor;
  }

  /**
   * Runs a write transaction on the executor (it waits for locks and the disk). The caller has
   * validated the request, including that no item appears twice.
   *
   * @param clientToken null, or the ClientRequestToken that makes retries idempotent
   * @param fingerprint with a token: what identifies the request, to detect a token reused for
   *                    a different request
   */
  public CompletableFuture<Outcome> write(List<Write> writes, String principal, String clientToken,
      String fingerprint) {
    return CompletableFuture.supplyAsync(() -> {
      if (clientToken == null) {
        return commit(writes, principal, null, null);
      }
      claimToken(clientToken, fingerprint);
      boolean committed = false;
      try {
        if (alreadyDone(clientToken)) {
          committed = true;
          return replay(writes);
        }
        Outcome outcome = commit(writes, principal, clientToken, fingerprint);
        committed = outcome.committed();
        return outcome;
      } finally {
        releaseToken(clientToken, fingerprint, committed);
      }
    }, executor);
  }

  /** Reads items from several shards and tables as of one moment, on the executor. */
  public CompletableFuture<List<Map<String, AttributeValue>>> read(List<Read> reads) {
    return CompletableFuture.supplyAsync(() -> readNow(reads), executor);
  }

  private static List<Map<String, AttributeValue>> readNow(List<Read> reads) {
    List<Shard> shards = lockOrder(reads.stream().map(r -> new Target(r.table(), r.key())).toList());
    lockAll(shards);
    try {
      List<Map<String, AttributeValue>> items = new ArrayList<>(reads.size());
      for (Read r : reads) {
        items.add(r.table().get(r.key()));
      }
      return items;
    } finally {
      unlockAll(shards);
    }
  }

  private Outcome commit(List<Write> writes, String principal, String clientToken, String fingerprint) {
    boolean raced = false; // a shared log's append was lost: catch up before evaluating again
    while (true) {
      Outcome conflict = conflicts(writes);
      if (conflict != null) {
        return conflict;
      }
      List<Shard> shards = lockOrder(writes.stream().map(w -> new Target(w.table(), w.key())).toList());
      lockAll(shards);
      Map<Shard, Set<ItemKey>> items = new IdentityHashMap<>();
      for (Write w : writes) {
        items.computeIfAbsent(w.table().shardFor(w.key().hash()), s -> new HashSet<>()).add(w.key());
      }
      items.forEach(Shard::setTransactionItems);
      try {
        for (Shard s : shards) {
          s.checkWritable();
        }
        // one shard of a shared log: optimistic, as a single write (see writeIfNext)
        Shard optimistic = shards.size() == 1 && shards.get(0).sharesLog() ? shards.get(0) : null;
        // several shards of a shared store: prepared in each, then decided (see writeAcrossShards)
        boolean acrossShared = shards.size() > 1 && shards.get(0).sharesLog();
        String txId = clientToken == null || (optimistic == null && !acrossShared) ? UUID.randomUUID().toString()
            : optimistic != null ? tokenTransactionId(clientToken)
            : tokenTransactionId(clientToken) + "." + UUID.randomUUID(); // each attempt is decided on its own
        if (optimistic != null) {
          // no probe before the first try: if another instance appended meanwhile, the append
          // conflicts, and the next round catches up, finding its transaction if it was this one
          if (raced) {
            optimistic.catchUpHeld();
          }
          if (optimistic.sawTransaction(txId)) {
            return replay(writes); // a retry of a transaction another instance committed
          }
        } else if (acrossShared) {
          // as for one shard, evaluated first on the views as they are: each shard's prepared
          // record lands right after the state it was evaluated on, or that shard is evaluated again
          if (raced) {
            for (Shard s : shards) {
              s.catchUpHeld();
            }
          }
          if (clientToken != null && shards.stream().anyMatch(s -> s.sawTransaction(tokenTransactionId(clientToken)))) {
            return replay(writes); // a retry of a transaction another instance committed
          }
        }
        List<WriteResult> results = new ArrayList<>(writes.size());
        List<DynamoDbException> failures = new ArrayList<>(writes.size());
        boolean cancelled = false;
        for (Write w : writes) {
          Map<String, AttributeValue> current = w.table().get(w.key());
          try {
            Map<String, AttributeValue> next = w.mutation().apply(current);
            if (next != current && w.table().shardFor(w.key().hash()).exceedsCollectionLimit(w.key(), current, next)) {
              throw Shard.collectionTooLarge();
            }
            results.add(new WriteResult(current, next));
            failures.add(null);
          } catch (DynamoDbException e) {
            results.add(null);
            failures.add(e);
            cancelled = true;
          }
        }
        boolean shared = optimistic != null || acrossShared;
        if (shared && !raced && (cancelled || optimistic != null && nothingChanges(results))) {
          // refused, or nothing to append, on views that may be behind the shared logs: no append
          // proves them current, so catch up and evaluate again before answering
          raced = true;
          continue;
        }
        if (cancelled) {
          return new Outcome(null, failures, false);
        }
        if (optimistic != null || acrossShared) {
          if (optimistic != null && !writeIfNext(optimistic, txId, writes, results, principal)) {
            raced = true;
            continue; // another instance appended first: evaluate again on what it wrote
          }
          if (acrossShared) {
            Outcome instead = writeAcrossShards(writes, results, shards, principal, txId, clientToken);
            if (instead != null) {
              return instead;
            }
          }
          if (clientToken != null && !broken) {
            // the token, for instances that open after the shards' next checkpoints (theirs and
            // this one's after a restart), which will not see the transaction's events
            appendToLog(new TransactionRecord(txId, shards.get(0).lastCommitTime(), clientToken, fingerprint,
                List.of()), Encryption.STORE_KEYS);
          }
        } else {
          write(writes, results, shards, principal, clientToken, fingerprint);
        }
        return new Outcome(results, null, false);
      } finally {
        items.keySet().forEach(s -> s.setTransactionItems(null));
        unlockAll(shards);
      }
    }
  }

  /**
   * A transaction's id on a shared store when it carries a client token: derived from the token,
   * so that an instance serving a retry recognises the transaction in the log it caught up with.
   */
  static String tokenTransactionId(String clientToken) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(clientToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "token-" + java.util.HexFormat.of().formatHex(digest, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes a transaction of one shard of a shared log as that log's next object, which is its
   * commit point (one object: all of it or nothing), if no other instance appended since the
   * shard caught up; false if one did, and nothing was written. A retry with the same client
   * token is recognised by the transaction's id in the shard's log ({@link Shard#sawTransaction})
   * by any instance that caught up with it, and by the token's record in the transaction log,
   * written after the commit, by instances that open later.
   */
  private boolean writeIfNext(Shard shard, String txId, List<Write> writes, List<WriteResult> results,
      String principal) {
    long commitTime = Math.max(System.currentTimeMillis() * 1000, shard.lastCommitTime() + 1);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      WriteResult r = results.get(i);
      if (r.newItem() != r.oldItem()) {
        events.add(new Event(shard.lastSeq() + events.size() + 1, commitTime, txId, principal, OPERATION,
            writes.get(i).keyAttributes(), r.oldItem(), r.newItem()));
      }
    }
    if (events.isEmpty()) {
      return true; // condition checks only: nothing to write
    }
    if (!shard.appendTransactionIfNext(events)) {
      return false;
    }
    TransactionVisibility visibility = new TransactionVisibility();
    shard.applyHidden(events, visibility);
    visibility.show();
    shard.settle(events);
    return true;
  }

  /**
   * Writes a transaction across shards of a shared store, whose actions all succeeded on the
   * shards' views, with all their locks held: the two phases of {@link TransactionDecisions}.
   * First each shard's events become its log's next record, prepared, in the global shard order
   * (a shard with only condition checks gets events that change nothing, so that no other writer
   * changes those items before the decision); a record that lands proves its shard's view was the
   * latest, and a shard whose log moved on is caught up and its actions evaluated again. Then the
   * decision is created, and the events shown in every shard at once. Returns null once committed,
   * or the answer instead: the cancellation (a condition that failed on evaluating again, or a
   * reader that aborted the transaction while it was undecided), or, for a retried client token,
   * the transaction another instance committed.
   */
  private Outcome writeAcrossShards(List<Write> writes, List<WriteResult> results, List<Shard> shards,
      String principal, String txId, String clientToken) {
    TransactionDecisions decisions = shards.get(0).decisions();
    Map<Shard, List<Event>> prepared = new LinkedHashMap<>();
    long commitTime = 0;
    try {
      for (Shard s : shards) {
        while (true) {
          List<Event> events = preparedEvents(s, writes, results, principal, txId);
          if (s.appendTransactionIfNext(events)) {
            prepared.put(s, events);
            commitTime = Math.max(commitTime, events.get(0).commitTime());
            break;
          }
          s.catchUpHeld();
          if (clientToken != null && s.sawTransaction(tokenTransactionId(clientToken))) {
            abort(decisions, txId, prepared, writes);
            return replay(writes); // a retry of a transaction another instance committed meanwhile
          }
          List<DynamoDbException> failures = evaluateAgain(s, writes, results);
          if (failures != null) {
            abort(decisions, txId, prepared, writes);
            return new Outcome(null, failures, false);
          }
        }
      }
    } catch (RuntimeException e) {
      abort(decisions, txId, prepared, writes); // the shard that failed is stopped; its record may exist
      throw e;
    }
    commitTime = Math.max(commitTime, System.currentTimeMillis() * 1000);
    List<TransactionDecisions.Participant> participants = participants(prepared, writes);
    boolean committed;
    try {
      committed = decisions.commit(txId, commitTime, participants);
    } catch (RuntimeException e) {
      // whether the decision exists is unknown: the shards are opened again, and it decides there
      prepared.keySet().forEach(s -> s.stop("the decision of transaction " + txId + " may not have been written"));
      LOG.log(Level.SEVERE, "decision of transaction " + txId + " failed", e);
      throw new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
    }
    if (!committed) {
      prepared.forEach(Shard::passOver);
      LOG.warning("transaction " + txId + " was aborted by another instance before its decision");
      return new Outcome(null, writes.stream().map(w -> conflict()).toList(), false);
    }
    TransactionVisibility visibility = new TransactionVisibility();
    Map<Shard, List<Event>> decided = new LinkedHashMap<>();
    for (Map.Entry<Shard, List<Event>> e : prepared.entrySet()) {
      List<Event> events = new ArrayList<>(e.getValue().size());
      for (Event event : e.getValue()) {
        events.add(event.committedAt(commitTime));
      }
      decided.put(e.getKey(), events);
      e.getKey().applyHidden(events, visibility);
    }
    visibility.show();
    decided.forEach(Shard::settle);
    return null;
  }

  private static boolean nothingChanges(List<WriteResult> results) {
    return results.stream().allMatch(r -> r.newItem() == r.oldItem());
  }

  /** Where each prepared shard's record begins, as a decision names it. */
  private static List<TransactionDecisions.Participant> participants(Map<Shard, List<Event>> prepared,
      List<Write> writes) {
    List<TransactionDecisions.Participant> participants = new ArrayList<>();
    for (Map.Entry<Shard, List<Event>> e : prepared.entrySet()) {
      TableView table = writes.stream().map(Write::table).filter(t -> List.of(t.shards()).contains(e.getKey()))
          .findFirst().orElseThrow();
      participants.add(new TransactionDecisions.Participant(table.descriptor().id, shardIndex(table, e.getKey()),
          e.getValue().get(0).seq()));
    }
    return participants;
  }

  /** A shard's part of a transaction across shards, as prepared events after its log's end. */
  private static List<Event> preparedEvents(Shard shard, List<Write> writes, List<WriteResult> results,
      String principal, String txId) {
    long stamp = Math.max(System.currentTimeMillis() * 1000, shard.lastCommitTime() + 1);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      Write w = writes.get(i);
      if (w.table().shardFor(w.key().hash()) == shard) {
        WriteResult r = results.get(i);
        events.add(new Event(shard.lastSeq() + events.size() + 1, stamp, txId, principal, OPERATION,
            w.keyAttributes(), r.oldItem(), r.newItem(), true));
      }
    }
    return events;
  }

  /**
   * Evaluates the actions on one shard again, after it caught up: their results are replaced;
   * returns null if all still succeed, else every action's error (null for the others).
   */
  private static List<DynamoDbException> evaluateAgain(Shard shard, List<Write> writes, List<WriteResult> results) {
    List<DynamoDbException> failures = new ArrayList<>(java.util.Collections.nCopies(writes.size(), null));
    boolean failed = false;
    for (int i = 0; i < writes.size(); i++) {
      Write w = writes.get(i);
      if (w.table().shardFor(w.key().hash()) != shard) {
        continue;
      }
      Map<String, AttributeValue> current = w.table().get(w.key());
      try {
        Map<String, AttributeValue> next = w.mutation().apply(current);
        if (next != current && shard.exceedsCollectionLimit(w.key(), current, next)) {
          throw Shard.collectionTooLarge();
        }
        results.set(i, new WriteResult(current, next));
      } catch (DynamoDbException e) {
        failures.set(i, e);
        failed = true;
      }
    }
    return failed ? failures : null;
  }

  /**
   * Aborts a transaction across shards before its decision: nothing of it counts. If the abort
   * cannot be written, readers abort it once it has been undecided for their timeout; either way
   * only an abort can stand, as only this coordinator would commit it.
   */
  private static void abort(TransactionDecisions decisions, String txId, Map<Shard, List<Event>> prepared,
      List<Write> writes) {
    if (prepared.isEmpty()) {
      return;
    }
    try {
      decisions.abort(txId, participants(prepared, writes));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "abort of transaction " + txId + " not written; readers will abort it", e);
    }
    prepared.forEach(Shard::passOver);
  }

  /**
   * As DynamoDB does, a transaction that writes an item another transaction is writing right now
   * is cancelled (reason TransactionConflict) rather than queued behind it; null if none conflicts.
   */
  private static Outcome conflicts(List<Write> writes) {
    List<DynamoDbException> failures = new ArrayList<>(writes.size());
    boolean any = false;
    for (Write w : writes) {
      boolean conflict = w.table().inTransaction(w.key());
      failures.add(conflict ? conflict() : null);
      any |= conflict;
    }
    return any ? new Outcome(null, failures, false) : null;
  }

  /** DynamoDB's answer to a write on an item that a transaction in progress writes. */
  public static DynamoDbException conflict() {
    return new DynamoDbException(ErrorType.TransactionConflictException, "Transaction is ongoing for the item");
  }

  /** Writes a decided transaction: commit point, shard logs, views. Called with every lock held. */
  private void write(List<Write> writes, List<WriteResult> results, List<Shard> shards, String principal,
      String clientToken, String fingerprint) {
    long commitTime = System.currentTimeMillis() * 1000;
    for (Shard s : shards) {
      commitTime = Math.max(commitTime, s.lastCommitTime() + 1);
    }
    String txId = UUID.randomUUID().toString();
    Map<Shard, List<Event>> byShard = new LinkedHashMap<>();
    Map<Shard, TableView> tableOf = new IdentityHashMap<>();
    for (Shard s : shards) {
      byShard.put(s, new ArrayList<>());
    }
    for (int i = 0; i < writes.size(); i++) {
      Write w = writes.get(i);
      WriteResult r = results.get(i);
      if (r.newItem() == r.oldItem()) {
        continue; // a condition check, or nothing to change
      }
      Shard s = w.table().shardFor(w.key().hash());
      List<Event> events = byShard.get(s);
      events.add(new Event(s.lastSeq() + events.size() + 1, commitTime, txId, principal, OPERATION,
          w.keyAttributes(), r.oldItem(), r.newItem()));
      tableOf.put(s, w.table());
    }
    byShard.values().removeIf(List::isEmpty);
    if (byShard.isEmpty()) {
      if (clientToken != null) {
        if (broken) {
          throw new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
        }
        appendToLog(new TransactionRecord(txId, commitTime, clientToken, fingerprint, List.of()), Encryption.STORE_KEYS);
      }
      return;
    }
    boolean viaTransactionLog = byShard.size() > 1 || clientToken != null;
    if (viaTransactionLog && broken) {
      throw new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
    }
    // From here on the transaction may be committed (its record may be durable even if the append
    // reported a failure). If anything fails, the participants' views may no longer match what
    // recovery will make of the logs: stop them until a restart, which completes the transaction.
    try {
      if (viaTransactionLog) {
        appendToLog(new TransactionRecord(txId, commitTime, clientToken, fingerprint, participants(byShard, tableOf)),
            encryptionOf(tableOf.values()));
      }
      for (Map.Entry<Shard, List<Event>> e : byShard.entrySet()) {
        e.getKey().appendTransaction(e.getValue(), !viaTransactionLog);
      }
      TransactionVisibility visibility = new TransactionVisibility();
      for (Map.Entry<Shard, List<Event>> e : byShard.entrySet()) {
        e.getKey().applyHidden(e.getValue(), visibility);
      }
      visibility.show();
      for (Map.Entry<Shard, List<Event>> e : byShard.entrySet()) {
        e.getKey().settle(e.getValue());
      }
    } catch (RuntimeException | Error e) {
      for (Shard s : byShard.keySet()) {
        s.stop("a transaction failed after its commit point");
      }
      LOG.log(Level.SEVERE, "transaction " + txId + " failed after its commit point; shards stopped", e);
      throw new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
    }
  }

  private static List<TransactionRecord.Participant> participants(Map<Shard, List<Event>> byShard,
      Map<Shard, TableView> tableOf) {
    List<TransactionRecord.Participant> participants = new ArrayList<>();
    for (Map.Entry<Shard, List<Event>> e : byShard.entrySet()) {
      TableView table = tableOf.get(e.getKey());
      participants.add(new TransactionRecord.Participant(table.descriptor().id, shardIndex(table, e.getKey()),
          e.getKey().lastSeq(), e.getValue()));
    }
    return participants;
  }

  /**
   * How a transaction record is encrypted at rest: it holds its tables' items until the log is
   * next compacted, so as their objects are when the tables agree (one table, the usual case, or
   * several with one setting). Tables that differ leave no one right key for the one object that
   * is the commit point: then the store's own (SSE-S3 on S3), as for records without items.
   */
  static Encryption encryptionOf(java.util.Collection<TableView> tables) {
    Encryption common = null;
    for (TableView t : tables) {
      Encryption e = Database.encryptionOf(t.descriptor());
      if (common != null && !common.equals(e)) {
        return Encryption.STORE_KEYS;
      }
      common = e;
    }
    return common == null ? Encryption.STORE_KEYS : common;
  }

  /**
   * Appends to the transaction log. After a failed append the log's end is unknown (a later record
   * after a torn one would be lost on restart), so transactions are refused until restart.
   */
  private void appendToLog(TransactionRecord record, Encryption encryption) {
    try {
      log.append(record.encode(), encryption);
    } catch (RuntimeException e) {
      broken = true;
      LOG.log(Level.SEVERE, "transaction log append failed; transactions refused until restart", e);
      throw e;
    }
  }

  private static int shardIndex(TableView table, Shard shard) {
    Shard[] shards = table.shards();
    for (int i = 0; i < shards.length; i++) {
      if (shards[i] == shard) {
        return i;
      }
    }
    throw new IllegalStateException("shard not in its table");
  }

  /** A retry of a transaction that committed: nothing is written; the items as they are now. */
  private Outcome replay(List<Write> writes) {
    List<WriteResult> now = new ArrayList<>(writes.size());
    for (Map<String, AttributeValue> item : readNow(writes.stream().map(w -> new Read(w.table(), w.key())).toList())) {
      now.add(new WriteResult(item, item));
    }
    return new Outcome(now, null, true);
  }

  private record Target(TableView table, ItemKey key) {
  }

  /** The distinct shards of the targets, in the global lock order: table id, then shard index. */
  private static List<Shard> lockOrder(List<Target> targets) {
    record Ordered(String tableId, int index, Shard shard) {
    }
    Map<Shard, Ordered> distinct = new IdentityHashMap<>();
    for (Target t : targets) {
      int index = t.table().shardIndex(t.key().hash());
      Shard s = t.table().shards()[index];
      distinct.putIfAbsent(s, new Ordered(t.table().descriptor().id, index, s));
    }
    return distinct.values().stream()
        .sorted(Comparator.comparing(Ordered::tableId).thenComparingInt(Ordered::index))
        .map(Ordered::shard)
        .toList();
  }

  private static void lockAll(List<Shard> shards) {
    List<Shard> locked = new ArrayList<>(shards.size());
    try {
      for (Shard s : shards) {
        s.lockForTransaction();
        locked.add(s);
      }
    } catch (RuntimeException e) {
      unlockAll(locked);
      throw e;
    }
  }

  private static void unlockAll(List<Shard> shards) {
    for (int i = shards.size() - 1; i >= 0; i--) {
      shards.get(i).unlockAfterTransaction();
    }
  }

  // --- client request tokens ---

  /** Marks the token as in use by this request, or refuses as DynamoDB does. */
  private void claimToken(String token, String fingerprint) {
    long now = System.currentTimeMillis() * 1000;
    tokens.values().removeIf(use -> use.expiresAtMicros() < now && use.fingerprint() != null);
    TokenUse running = new TokenUse(null, Long.MAX_VALUE, false);
    while (true) {
      TokenUse use = tokens.putIfAbsent(token, running);
      if (use == null) {
        return; // first use: run it
      }
      if (use.fingerprint() == null) {
        throw new DynamoDbException(ErrorType.TransactionInProgressException,
            "The transaction with the given request token is already in progress.");
      }
      if (!use.fingerprint().equals(fingerprint)) {
        throw new DynamoDbException(ErrorType.IdempotentParameterMismatchException,
            "Request parameters do not match the parameters of the original request with the same client token.");
      }
      if (tokens.replace(token, use, new TokenUse(null, use.expiresAtMicros(), use.committed()))) {
        return; // a retry: claimed; answered by replay if it committed, else run again
      }
    }
  }

  /** Whether the claimed token belongs to a transaction that already committed. */
  private boolean alreadyDone(String token) {
    return tokens.get(token).committed();
  }

  /** The token now belongs to this request for 10 minutes from its first completion. */
  private void releaseToken(String token, String fingerprint, boolean committed) {
    TokenUse use = tokens.get(token);
    long expires = use.expiresAtMicros() != Long.MAX_VALUE ? use.expiresAtMicros()
        : System.currentTimeMillis() * 1000 + TOKEN_LIFETIME_MICROS;
    tokens.put(token, new TokenUse(fingerprint, expires, use.committed() || committed));
  }

  // --- recovery ---

  /**
   * When the database opens, before it serves: makes every committed transaction whole (appends
   * to each participant shard the events its log lacks) and remembers recent client tokens.
   */
  public void recover(Function<String, TableView> tablesById) {
    long now = System.currentTimeMillis() * 1000;
    log.replay(payload -> {
      TransactionRecord r = TransactionRecord.decode(payload);
      if (r.clientToken() != null && r.commitTime() + TOKEN_LIFETIME_MICROS > now) {
        tokens.put(r.clientToken(), new TokenUse(r.fingerprint(), r.commitTime() + TOKEN_LIFETIME_MICROS, true));
        recentTokens.add(new TransactionRecord(r.txId(), r.commitTime(), r.clientToken(), r.fingerprint(), List.of())
            .encode());
      }
      for (TransactionRecord.Participant p : r.participants()) {
        TableView table = tablesById.apply(p.tableId());
        if (table == null) {
          continue; // the table was deleted since
        }
        Shard shard = table.shards()[p.shard()];
        if (shard.sharesLog()) {
          recoverShared(r, p, table, shard);
          continue;
        }
        long end = p.baseSeq() + p.events().size();
        if (shard.lastSeq() == p.baseSeq()) {
          LOG.log(Level.INFO, "completing transaction " + r.txId() + " in table " + table.descriptor().name);
          shard.recoverTransaction(p.events());
        } else if (shard.lastSeq() < end) {
          throw new IllegalStateException("transaction " + r.txId() + " cannot be completed: the log of "
              + table.descriptor().name + " shard " + p.shard() + " ends at " + shard.lastSeq()
              + ", the transaction follows " + p.baseSeq());
        }
      }
    });
  }

  /**
   * {@link #recover} of one participant on a shared store, where other instances append too: the
   * events go where the record placed them if the shard's log still ends there, and otherwise
   * must be there already. If another instance appended in between (the transaction's own
   * instance lost that race and answered InternalServerError), they cannot be completed; refusing
   * to open would stop every instance, so this is logged instead.
   */
  private static void recoverShared(TransactionRecord r, TransactionRecord.Participant p, TableView table, Shard shard) {
    try {
      if (shard.lastSeq() == p.baseSeq()) {
        LOG.log(Level.INFO, "completing transaction " + r.txId() + " in table " + table.descriptor().name);
        shard.recoverTransaction(p.events());
        return;
      }
    } catch (io.tidemark.log.EventLog.ConflictException raced) {
      shard.catchUp(); // its own instance (or another recovering one) appended first
    }
    if (!shard.containsTransaction(p.baseSeq(), r.txId())) {
      LOG.severe("transaction " + r.txId() + " of " + table.descriptor().name + " shard " + p.shard()
          + " was not completed: another instance appended after its record (transactions across shards"
          + " on a shared store are not yet safe against each other)");
    }
  }

  /**
   * After {@link #recover}, once every shard's log is forced: the transaction log is cut down to
   * the client tokens still remembered (without their events, which the shard logs now hold
   * durably), so it does not grow without end and start-up does not replay history.
   */
  public void compact() {
    log.rewrite(recentTokens);
    recentTokens.clear();
  }

  public void close() {
    log.close();
  }
}
