package io.tidemark.recovery;

import io.tidemark.log.EventLog;
import io.tidemark.storage.BlobStore;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.Checkpoint;
import io.tidemark.view.Database;
import io.tidemark.view.TableView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.logging.Logger;

/**
 * Retention: deletes the checkpoints and log segments nothing needs any more. What is needed (the
 * roots) is, per shard:
 * <ul>
 *   <li>the table itself: its newest checkpoint and the log after it (what a restart reads);</li>
 *   <li>its recovery window, when point-in-time recovery is on (or a longer retention is set): the
 *       newest checkpoint at or before the window's start, and everything after it;</li>
 *   <li>every backup of the table: the newest checkpoint at or before the backup's position, and
 *       the log from there up to that position — also after the table was deleted. Once the
 *       backup's own checkpoint is written ({@link Database#checkpointBackup}) that is the
 *       checkpoint exactly at its position, and no log at all.</li>
 * </ul>
 * Everything else is deleted, but only once the checkpoint that made it unnecessary is older than
 * a minimum age, longer than any read (a restore, a read as of a moment) can take: such a read may
 * have chosen its objects just before. Objects are immutable and each deletion is independent, so
 * the collector can be stopped (or killed) at any point and run again.
 */
public final class GarbageCollector {
  private static final Logger LOG = Logger.getLogger(GarbageCollector.class.getName());
  private static final double DAY_MICROS = 86_400e6;

  /**
   * @param retentionDays history kept for every table beyond DynamoDB's rules: 0 for none (only
   *                      what point-in-time recovery and backups need), negative for all of it
   * @param minAgeMicros  how long an object stays after it stopped being needed
   */
  public record Settings(double retentionDays, long minAgeMicros) {
    public static final long DEFAULT_MIN_AGE_MICROS = 10 * 60 * 1_000_000L;

    public static Settings defaults() {
      return new Settings(0, DEFAULT_MIN_AGE_MICROS);
    }
  }

  /** What one collection deleted. */
  public record Report(int checkpoints, int segments) {}

  /**
   * Something that needs a shard's history up to a log position: a backup, or a restored table's
   * shard that still starts from its source's files.
   */
  private record Reference(TableDescriptor table, int shard, long seq) {}

  private final Database db;
  private final Settings settings;

  public GarbageCollector(Database db, Settings settings) {
    this.db = db;
    this.settings = settings;
  }

  /** One pass over every table, live or kept for its backups. */
  public synchronized Report collect() {
    if (settings.retentionDays() < 0) {
      return new Report(0, 0); // unlimited history
    }
    long now = System.currentTimeMillis() * 1000;
    for (Backup b : db.backups().list()) {
      if (b.expires() > 0 && b.expires() * 1e6 < now) {
        db.backups().delete(b); // a system backup's 35 days are over
      }
    }
    List<Reference> references = references();
    int checkpoints = 0;
    int segments = 0;
    Set<String> seen = new HashSet<>();
    for (String name : db.tableNames()) {
      TableView table = db.table(name);
      if (table == null) {
        continue;
      }
      TableDescriptor d = table.descriptor();
      seen.add(d.id);
      long windowStart = windowStart(d, now);
      for (int s = 0; s < d.shards; s++) {
        int[] deleted = collectShard(d, s, table.shards()[s].logForRetention(), windowStart, references, now, true);
        checkpoints += deleted[0];
        segments += deleted[1];
      }
    }
    for (Reference r : references) {
      TableDescriptor d = r.table();
      if (seen.add(d.id) && !db.isLive(d.id)) { // a deleted table kept for its backups or restored tables
        for (int s = 0; s < d.shards; s++) {
          try (EventLog log = db.storage().openLogReadOnly(Database.shardPrefix(d.id, s))) {
            int[] deleted = collectShard(d, s, log, Long.MIN_VALUE, references, now, false);
            checkpoints += deleted[0];
            segments += deleted[1];
          }
        }
      }
    }
    int orphans = sweepOrphans();
    if (checkpoints + segments + orphans > 0) {
      LOG.info("retention deleted " + orphans + " unreferenced table directories, " + checkpoints
          + " checkpoints and " + segments + " log segments");
    }
    return new Report(checkpoints, segments);
  }

  /**
   * Deletes the files of tables neither open nor named by a backup: what a crash left of a restore
   * that never reached the catalog. Holds the database's lock, which restores, CreateTable and
   * DeleteTable also hold while they create or drop a table's files, so none is mistaken for one.
   */
  private int sweepOrphans() {
    synchronized (db) {
      Set<String> referenced = new HashSet<>();
      for (String name : db.tableNames()) {
        TableView t = db.table(name);
        if (t != null) {
          referenced.add(t.descriptor().id);
        }
      }
      references().forEach(r -> referenced.add(r.table().id));
      Set<String> present = new HashSet<>();
      for (String key : db.storage().blobs().list("tables/")) {
        String[] parts = key.split("/");
        if (parts.length > 1) {
          present.add(parts[1]);
        }
      }
      int swept = 0;
      for (String id : present) {
        if (!referenced.contains(id) && !db.isReferenced(id)) {
          db.storage().deleteTree("tables/" + id + "/");
          swept++;
        }
      }
      return swept;
    }
  }

  private List<Reference> references() {
    List<Reference> references = new ArrayList<>();
    for (Backup b : db.backups().list()) {
      for (int s = 0; s < b.positions().size(); s++) {
        references.add(new Reference(b.source(), s, b.positions().get(s)[0]));
      }
    }
    for (String name : db.tableNames()) {
      TableView t = db.table(name);
      if (t == null) {
        continue;
      }
      List<TableDescriptor.ShardBase> bases = t.descriptor().shardBases;
      for (int s = 0; s < bases.size(); s++) {
        TableDescriptor.ShardBase base = bases.get(s);
        TableDescriptor source = sourceOf(base.tableId(), references);
        if (!t.shards()[s].hasOwnCheckpoint() && source != null) {
          references.add(new Reference(source, base.shard(), base.seq()));
        }
      }
    }
    return references;
  }

  /** A table's descriptor by id: live, or as a backup recorded it. */
  private TableDescriptor sourceOf(String tableId, List<Reference> known) {
    for (String name : db.tableNames()) {
      TableView t = db.table(name);
      if (t != null && t.descriptor().id.equals(tableId)) {
        return t.descriptor();
      }
    }
    for (Reference r : known) {
      if (r.table().id.equals(tableId)) {
        return r.table();
      }
    }
    return null;
  }

  /** The earliest moment a restore or a read as of a moment may still ask for, or Long.MAX_VALUE for none. */
  private long windowStart(TableDescriptor d, long now) {
    long start = Long.MAX_VALUE;
    if (d.pitrEnabled) {
      start = Math.max((long) (d.pitrEnabledTime * 1e6), now - (long) (d.recoveryPeriodDays * DAY_MICROS));
    }
    if (settings.retentionDays() > 0) {
      start = Math.min(start, now - (long) (settings.retentionDays() * DAY_MICROS));
    }
    return start;
  }

  private int[] collectShard(TableDescriptor d, int shard, EventLog log, long windowStart, List<Reference> references,
      long now, boolean live) {
    String prefix = Database.shardPrefix(d.id, shard);
    BlobStore blobs = db.storage().blobs();
    List<long[]> checkpoints = new ArrayList<>(); // [seq, commitTime], oldest first
    List<String> keys = new ArrayList<>();
    for (String key : blobs.list(prefix + "ckpt/")) {
      long[] header = Checkpoint.header(blobs.head(key, Checkpoint.HEADER_BYTES));
      if (header != null) {
        checkpoints.add(header);
        keys.add(key);
      }
    }
    Set<Integer> keep = new HashSet<>();
    List<long[]> logRanges = new ArrayList<>(); // [fromSeq, toSeq] of events still needed
    // the oldest commit time among the checkpoints that stand in for older history; a deleted
    // table (kept for its backups) takes no new checkpoints, so its objects need no minimum age
    long oldestRootTime = live ? Long.MAX_VALUE : Long.MIN_VALUE;
    if (live) {
      int newest = checkpoints.size() - 1;
      if (newest >= 0) {
        keep.add(newest);
        oldestRootTime = checkpoints.get(newest)[1];
      }
      logRanges.add(new long[] {newest >= 0 ? checkpoints.get(newest)[0] + 1 : 1, Long.MAX_VALUE});
      if (windowStart != Long.MAX_VALUE) {
        int root = newestAtOrBefore(checkpoints, c -> c <= windowStart, 1);
        for (int i = Math.max(root, 0); i < checkpoints.size(); i++) {
          keep.add(i);
        }
        logRanges.add(new long[] {root >= 0 ? checkpoints.get(root)[0] + 1 : 1, Long.MAX_VALUE});
        oldestRootTime = root >= 0 ? Math.min(oldestRootTime, checkpoints.get(root)[1]) : Long.MIN_VALUE;
      }
    }
    long backupCheckpoint = db.backupCheckpointWritten(prefix);
    if (live && backupCheckpoint != 0) {
      oldestRootTime = Math.min(oldestRootTime, backupCheckpoint);
    }
    for (Reference r : references) {
      if (!r.table().id.equals(d.id) || r.shard() != shard) {
        continue;
      }
      long position = r.seq();
      int root = newestAtOrBefore(checkpoints, c -> c <= position, 0);
      if (root >= 0) {
        keep.add(root);
      }
      logRanges.add(new long[] {root >= 0 ? checkpoints.get(root)[0] + 1 : 1, position});
    }
    int deletedCheckpoints = 0;
    int deletedSegments = 0;
    if (oldestRootTime != Long.MIN_VALUE && oldestRootTime != Long.MAX_VALUE
        && now - oldestRootTime < settings.minAgeMicros()) {
      return new int[] {0, 0}; // what the roots replaced may still be being read
    }
    for (int i = 0; i < keys.size(); i++) {
      if (!keep.contains(i)) {
        blobs.delete(keys.get(i));
        deletedCheckpoints++;
      }
    }
    List<Long> starts = log.segmentStarts();
    for (int i = 0; i + 1 < starts.size(); i++) { // never the segment being appended to
      long first = starts.get(i);
      long last = starts.get(i + 1) - 1;
      boolean needed = false;
      for (long[] range : logRanges) {
        needed |= first <= range[1] && last >= range[0];
      }
      if (!needed) {
        log.deleteSegment(first);
        deletedSegments++;
      }
    }
    return new int[] {deletedCheckpoints, deletedSegments};
  }

  /** The index of the newest checkpoint whose field {@code f} (0: seq, 1: commit time) passes, or -1. */
  private static int newestAtOrBefore(List<long[]> checkpoints, LongPredicate test, int field) {
    for (int i = checkpoints.size() - 1; i >= 0; i--) {
      if (test.test(checkpoints.get(i)[field])) {
        return i;
      }
    }
    return -1;
  }
}
