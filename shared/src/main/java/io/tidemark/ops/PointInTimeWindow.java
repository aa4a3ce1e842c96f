package io.tidemark.ops;

import io.tidemark.table.TableDescriptor;

/**
 * The times a point-in-time restore may target: from when recovery was turned on (or the start of
 * the window, if later) to now. The log holds every acknowledged write, so "now" is exact, where
 * DynamoDB's latest restorable time trails by minutes.
 */
final class PointInTimeWindow {
  private static final double DAY = 86_400;

  private PointInTimeWindow() {}

  /** A time as the restore errors print it (ISO-8601, UTC, whole seconds: 2026-10-06T23:16:32Z). */
  static String format(double epochSeconds) {
    return java.time.Instant.ofEpochSecond((long) Math.floor(epochSeconds)).toString();
  }

  /** Epoch seconds. */
  static double earliest(TableDescriptor d, double now) {
    return Math.max(d.pitrEnabledTime, now - d.recoveryPeriodDays * DAY);
  }
}
