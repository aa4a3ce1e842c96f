package io.tidemark.view;

import io.tidemark.log.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a table's global secondary indexes up to date with what its shards commit, a little
 * behind them. Each shard hands over every committed batch while it still holds its commit lock,
 * so the queue has each shard's events in commit order; an item lives in one shard, so that is
 * all the order an index needs. One drain at a time applies the queue, started when work arrives
 * (no timer), on the committers' pool: the lag is the time to reach a batch, not a polling period.
 *
 * <p>The queue is bounded in events: a shard that finds more than {@link #MAX_BACKLOG} queued
 * waits (before answering its writers) until the drain catches up, so under overload writes slow
 * down instead of the indexes falling ever further behind.
 */
public final class GlobalIndexApplier {
  private static final Logger LOG = Logger.getLogger(GlobalIndexApplier.class.getName());
  static final int MAX_BACKLOG = 100_000;

  private final String table;
  private final Executor executor;
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicBoolean draining = new AtomicBoolean();
  /** The indexes the drain maintains; only the drain reads or changes it (control entries in the queue do). */
  private final List<GlobalIndexView> views = new ArrayList<>();
  private final LagHistogram lag = new LagHistogram();
  private volatile boolean failed;

  private record Batch(List<Event> events, long committedNanos) {}

  /** From this point of the queue on, the index is maintained (a backfilling one buffers what it gets). */
  private record Add(GlobalIndexView view) {}

  /** A backfill copied its snapshot: the index applies what it buffered and goes live. */
  private record FinishBackfill(GlobalIndexView view, Runnable then) {}

  private record Remove(GlobalIndexView view) {}

  /** Completes once everything queued before it is applied. */
  private record Barrier(CompletableFuture<Void> reached) {}

  GlobalIndexApplier(String table, Executor executor, List<GlobalIndexView> built) {
    this.table = table;
    this.executor = executor;
    this.views.addAll(built);
  }

  /** Called by a shard with its commit lock held, once the events are durable and in the shard's view. */
  void committed(List<Event> events) {
    long queued = backlog.addAndGet(events.size());
    enqueue(new Batch(events, System.nanoTime()));
    if (queued > MAX_BACKLOG) {
      while (backlog.get() > MAX_BACKLOG && !failed) {
        LockSupport.parkNanos(100_000);
      }
    }
  }

  /** Starts maintaining an index from this point of every shard's commit order (the caller holds all commit locks). */
  void add(GlobalIndexView view) {
    enqueue(new Add(view));
  }

  void finishBackfill(GlobalIndexView view, Runnable then) {
    enqueue(new FinishBackfill(view, then));
  }

  void remove(GlobalIndexView view) {
    enqueue(new Remove(view));
  }

  /** Completes when everything handed over so far is applied (tests; closing). */
  public CompletableFuture<Void> caughtUp() {
    CompletableFuture<Void> reached = new CompletableFuture<>();
    enqueue(new Barrier(reached));
    return reached;
  }

  public boolean failed() {
    return failed;
  }

  /** Time from commit to applied, over every batch so far. */
  public LagHistogram lag() {
    return lag;
  }

  private void enqueue(Object entry) {
    queue.add(entry);
    if (draining.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        drain(); // shutting down: this thread applies
      }
    }
  }

  private void drain() {
    while (true) {
      Object entry;
      while ((entry = queue.poll()) != null) {
        handle(entry);
      }
      draining.set(false);
      if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
        return;
      }
    }
  }

  private void handle(Object entry) {
    if (entry instanceof Batch b) {
      if (!failed) {
        try {
          apply(b.events());
        } catch (RuntimeException | Error e) {
          // the indexes no longer match the table: refuse to read them until a restart rebuilds them
          failed = true;
          LOG.log(Level.SEVERE, "global index maintenance failed for table " + table + "; reads of its indexes "
              + "are refused until restart", e);
        }
      }
      backlog.addAndGet(-b.events().size());
      lag.record(System.nanoTime() - b.committedNanos());
    } else if (entry instanceof Add a) {
      views.add(a.view());
    } else if (entry instanceof FinishBackfill f) {
      if (views.contains(f.view())) {
        f.view().finishBackfill();
        f.then().run();
      }
    } else if (entry instanceof Remove r) {
      views.remove(r.view());
    } else if (entry instanceof Barrier b) {
      b.reached().complete(null);
    }
  }

  private void apply(List<Event> events) {
    for (GlobalIndexView view : views) {
      boolean buffering = view.isBuffering();
      for (Event e : events) {
        if (buffering) {
          view.buffer(e);
        } else {
          view.apply(e);
        }
      }
    }
  }
}
