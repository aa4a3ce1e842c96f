package io.tidemark.view;

import io.tidemark.storage.BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The commit points of transactions across shards of a shared store (several instances appending
 * to each shard's log). Such a transaction first appends its events to each participant's log as
 * a prepared record ({@link io.tidemark.log.Event#prepared}), in the global shard order, then
 * creates its decision object {@code txd/<transaction id>}: "committed" with its commit time.
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
  /** What {@link #await} returns for an aborted transaction. */
  public static final long ABORTED = -1;
  /**
   * How long a prepared transaction may stay undecided before a reader aborts it: its coordinator
   * has crashed or stalled. Long enough for a coordinator's few S3 writes, short enough that a
   * crash blocks the shards it prepared only briefly.
   */
  public static final long DEFAULT_TIMEOUT_MILLIS = 3000;
  private static final int REMEMBERED = 4096;

  private final BlobStore blobs;
  private final long timeoutMillis;
  /** Decisions read or made, by transaction id; they never change, so caching them is safe. */
  private final Map<String, Long> known = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > REMEMBERED;
    }
  };

  public TransactionDecisions(BlobStore blobs, long timeoutMillis) {
    this.blobs = blobs;
    this.timeoutMillis = timeoutMillis;
  }

  /** The timeout of {@link #await}: {@code tidemark.transaction-timeout-ms}, else the default. */
  static long configuredTimeoutMillis() {
    return Long.getLong("tidemark.transaction-timeout-ms", DEFAULT_TIMEOUT_MILLIS);
  }

  /**
   * Commits the transaction at {@code commitTime}, if no reader has aborted it: true if this
   * decision stands. Throws if the store fails, when the outcome is unknown.
   */
  public boolean commit(String txId, long commitTime) {
    if (blobs.create(key(txId), ("committed " + commitTime + "\n").getBytes(StandardCharsets.UTF_8))) {
      remember(txId, commitTime);
      return true;
    }
    return read(txId) != ABORTED;
  }

  /** Aborts the transaction unless it is already decided; returns the decision that stands. */
  public long abort(String txId) {
    if (blobs.create(key(txId), "aborted\n".getBytes(StandardCharsets.UTF_8))) {
      remember(txId, ABORTED);
      return ABORTED;
    }
    return read(txId);
  }

  /**
   * The transaction's commit time, or {@link #ABORTED}. Waits while it is undecided, polling the
   * store, and aborts it once the timeout has passed since this call began.
   */
  public long await(String txId) {
    Long cached = cached(txId);
    if (cached != null) {
      return cached;
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    long pauseMillis = 2;
    while (true) {
      Long decided = fetch(txId);
      if (decided != null) {
        return decided;
      }
      if (System.nanoTime() - deadline >= 0) {
        long outcome = abort(txId);
        if (outcome == ABORTED) {
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

  private long read(String txId) {
    Long decided = fetch(txId);
    if (decided == null) {
      throw new IllegalStateException("decision of transaction " + txId + " exists but cannot be read");
    }
    return decided;
  }

  /** The stored decision, or null if there is none yet. */
  private Long fetch(String txId) {
    byte[] data = blobs.get(key(txId));
    if (data == null) {
      return null;
    }
    String text = new String(data, StandardCharsets.UTF_8).trim();
    long decided = text.startsWith("committed ") ? Long.parseLong(text.substring("committed ".length())) : ABORTED;
    if (decided == ABORTED && !text.equals("aborted")) {
      throw new IllegalStateException("unreadable decision of transaction " + txId + ": " + text);
    }
    remember(txId, decided);
    return decided;
  }

  private synchronized Long cached(String txId) {
    return known.get(txId);
  }

  private synchronized void remember(String txId, long decided) {
    known.put(txId, decided);
  }

  static String key(String txId) {
    return PREFIX + txId;
  }
}
