package io.tidemark.view;

import io.tidemark.storage.BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The commit points of transactions across shards of a shared store (several instances appending
 * to each shard's log). Such a transaction first appends its events to each participant's log as
 * a prepared record ({@link io.tidemark.log.Event#prepared}), in the global shard order, then
 * creates its decision object {@code txd/<transaction id>}: "committed" with its commit time and
 * where each participant's prepared record begins (for backups' cuts, and for retention).
 * Creating is atomic (S3's If-None-Match), so exactly one decision exists: an instance that finds
 * a prepared record undecided for longer than the timeout creates "aborted" instead, and the
 * coordinator's own creation then fails, so it answers that the transaction was cancelled.
 *
 * <p>Whoever reads a log (an instance catching up, a restart, a restore, the checkpoint function)
 * counts a prepared record's events only once decided committed, at the decision's commit time,
 * and waits for the decision before reading past it. So no instance appends after a prepared
 * record until its transaction is decided, which is what keeps another writer from changing what
 * the transaction read (each shard's log is one order, and appending needs its end). Shards are
 * prepared in one global order, so two transactions cannot wait for each other.
 */
public final class TransactionDecisions {
  private static final Logger LOG = Logger.getLogger(TransactionDecisions.class.getName());
  /** Where decisions are stored, under the store's prefix. */
  public static final String PREFIX = "txd/";
  /** The commit time of an aborted transaction. */
  public static final long ABORTED = -1;
  /**
   * How long a prepared transaction may stay undecided before a reader aborts it: its coordinator
   * has crashed or stalled. Long enough for a coordinator's few S3 writes, short enough that a
   * crash blocks the shards it prepared only briefly.
   */
  public static final long DEFAULT_TIMEOUT_MILLIS = 3000;
  private static final int REMEMBERED = 4096;

  private final BlobStore blobs;
  private volatile long timeoutMillis;
  /** Decisions read or made, by transaction id; they never change, so caching them is safe. */
  private final Map<String, Decision> known = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Decision> eldest) {
      return size() > REMEMBERED;
    }
  };

  /** Where a transaction's prepared record begins: a shard of a table, and a sequence number in its log. */
  public record Participant(String tableId, int shard, long seq) {
  }

  /**
   * A transaction's outcome: its commit time ({@link #ABORTED} if aborted), when it was decided
   * (microseconds), and the prepared records it names: all of them when committed or aborted by
   * its coordinator, the one its reader saw when a reader aborted it after the timeout.
   */
  public record Decision(long commitTime, long decidedAt, List<Participant> participants) {
    public boolean committed() {
      return commitTime != ABORTED;
    }
  }

  public TransactionDecisions(BlobStore blobs, long timeoutMillis) {
    this.blobs = blobs;
    this.timeoutMillis = timeoutMillis;
  }

  /** Changes the timeout of {@link #await} (the server's {@code tidemark.transaction-timeout-ms}). */
  public void setTimeoutMillis(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Commits the transaction at {@code commitTime}, if no reader has aborted it: true if this
   * decision stands. Throws if the store fails, when the outcome is unknown.
   */
  public boolean commit(String txId, long commitTime, List<Participant> participants) {
    return create(txId, new Decision(commitTime, commitTime, List.copyOf(participants))).committed();
  }

  /**
   * Aborts the transaction unless it is already decided; returns the decision that stands.
   *
   * @param participants the transaction's prepared records that the caller knows of
   */
  public Decision abort(String txId, List<Participant> participants) {
    return create(txId, new Decision(ABORTED, System.currentTimeMillis() * 1000, List.copyOf(participants)));
  }

  private Decision create(String txId, Decision decision) {
    StringBuilder text = new StringBuilder(decision.committed() ? "committed " : "aborted ")
        .append(decision.decidedAt()).append('\n');
    for (Participant p : decision.participants()) {
      text.append(p.tableId()).append(' ').append(p.shard()).append(' ').append(p.seq()).append('\n');
    }
    if (blobs.create(key(txId), text.toString().getBytes(StandardCharsets.UTF_8))) {
      remember(txId, decision);
      return decision;
    }
    return read(txId);
  }

  /**
   * The transaction's decision. Waits while it is undecided, polling the store, and aborts it
   * once the timeout has passed since this call began.
   */
  public Decision await(String txId, Participant seenAt) {
    Decision cached = cached(txId);
    if (cached != null) {
      return cached;
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    long pauseMillis = 2;
    while (true) {
      Decision decided = fetch(txId);
      if (decided != null) {
        return decided;
      }
      if (System.nanoTime() - deadline >= 0) {
        Decision outcome = abort(txId, seenAt == null ? List.of() : List.of(seenAt));
        if (!outcome.committed()) {
          LOG.warning("transaction " + txId + " was undecided for " + timeoutMillis + " ms: aborted");
        }
        return outcome;
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for transaction " + txId, e);
      }
      pauseMillis = Math.min(100, pauseMillis * 2);
    }
  }

  private Decision read(String txId) {
    Decision decided = fetch(txId);
    if (decided == null) {
      throw new IllegalStateException("decision of transaction " + txId + " exists but cannot be read");
    }
    return decided;
  }

  /** The stored decision, or null if there is none yet. */
  private Decision fetch(String txId) {
    byte[] data = blobs.get(key(txId));
    if (data == null) {
      return null;
    }
    Decision decided = parse(txId, new String(data, StandardCharsets.UTF_8));
    remember(txId, decided);
    return decided;
  }

  /**
   * Reads a decision object: "committed TIME" (the commit time) or "aborted TIME" (when it was
   * aborted), then a line "TABLE-ID SHARD SEQ" per prepared record it names.
   */
  public static Decision parse(String txId, String text) {
    String[] lines = text.trim().split("\n");
    String[] first = lines[0].split(" ");
    if (first.length != 2 || !(first[0].equals("committed") || first[0].equals("aborted"))) {
      throw new IllegalStateException("unreadable decision of transaction " + txId + ": " + text);
    }
    List<Participant> participants = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] fields = lines[i].split(" ");
      participants.add(new Participant(fields[0], Integer.parseInt(fields[1]), Long.parseLong(fields[2])));
    }
    long time = Long.parseLong(first[1]);
    return new Decision(first[0].equals("committed") ? time : ABORTED, time, List.copyOf(participants));
  }

  /** The stored decision of a transaction, or null if it has none (retention reads them so). */
  public Decision stored(String txId) {
    return fetch(txId);
  }

  /** Deletes a decision (retention, once no log holds a record that needs it). */
  public void delete(String txId) {
    blobs.delete(key(txId));
    synchronized (this) {
      known.remove(txId);
    }
  }

  private synchronized Decision cached(String txId) {
    return known.get(txId);
  }

  private synchronized void remember(String txId, Decision decided) {
    known.put(txId, decided);
  }

  static String key(String txId) {
    return PREFIX + txId;
  }
}
