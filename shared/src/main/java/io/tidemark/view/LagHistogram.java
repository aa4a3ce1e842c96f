package io.tidemark.view;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts durations in power-of-two buckets of microseconds: cheap enough to record every batch an
 * index applies, precise to a factor of two, which is what a lag figure in a log line needs.
 */
public final class LagHistogram {
  private final AtomicLongArray buckets = new AtomicLongArray(64);

  public void record(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    buckets.incrementAndGet(64 - Long.numberOfLeadingZeros(micros));
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < buckets.length(); i++) {
      n += buckets.get(i);
    }
    return n;
  }

  /** An upper bound, in microseconds, of the given fraction of the durations (0.99: the p99). */
  public long percentileMicros(double fraction) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long wanted = (long) Math.ceil(total * fraction);
    long seen = 0;
    for (int i = 0; i < buckets.length(); i++) {
      seen += buckets.get(i);
      if (seen >= wanted) {
        return i == 0 ? 0 : 1L << i; // bucket i holds [2^(i-1), 2^i) µs
      }
    }
    return Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    return count() + " batches, p50 <= " + percentileMicros(0.5) + " µs, p99 <= " + percentileMicros(0.99)
        + " µs, max <= " + percentileMicros(1.0) + " µs";
  }
}
