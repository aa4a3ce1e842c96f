package io.tidemark.recovery;

import io.tidemark.log.EventLog;
import io.tidemark.storage.Storage;
import io.tidemark.wire.JsonReader;
import io.tidemark.wire.Request;
import io.tidemark.storage.BlobStore;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.Checkpoint;
import io.tidemark.view.Database;
import io.tidemark.view.TableView;
import io.tidemark.view.TransactionDecisions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
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
 * On a shared store, the decisions of transactions across shards go once no log holds a record
 * of theirs ({@link #collectDecisions}).
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
  public record Report(int checkpoints, int segments, int decisions) {}

  /**
   * Something that needs a shard's history up to a log position: a backup, or a restored table's
   * shard that still starts from its source's files.
   */
  private record Reference(TableDescriptor table, int shard, long seq) {}

  /**
   * What the collector sees of the database: the tables, their logs, and what is in use. Either
   * the database this process serves ({@link LiveRoots}), or a store served elsewhere, seen
   * through storage alone ({@link StoredRoots}: the retention function).
   */
  private interface Roots {
    Storage storage();

    /** The tables in the catalog. */
    List<TableDescriptor> tables();

    /** A table's shard's log, to list and delete segments; {@link #ownsLogs} says whether the caller closes it. */
    EventLog log(TableDescriptor d, int shard);

    boolean ownsLogs();

    /** Whether a restored table's shard has a checkpoint of its own (then it no longer needs its source's files). */
    boolean hasOwnCheckpoint(TableDescriptor d, int shard);

    /** When a backup's checkpoint last landed in the shard (microseconds), or 0: see {@link Database#backupCheckpointWritten}. */
    long backupCheckpointWritten(String shardPrefix, List<Backup> backups);

    /** Deletes what a crash left of a table that never reached the catalog, or does nothing where that cannot be told. */
    int sweepOrphans(Set<String> referenced);
  }

  private final Roots roots;
  private final Settings settings;

  /** Retention of the database this process serves. */
  public GarbageCollector(Database db, Settings settings) {
    this(new LiveRoots(db), settings);
  }

  /**
   * Retention of a store that other processes serve (the retention function of a serverless
   * deployment), seen through storage alone. Log objects are deleted only below a low-water mark
   * published at least the minimum age before, so that no writer can create them again
   * (DESIGN.md, "no resurrection").
   */
  public GarbageCollector(Storage storage, Settings settings) {
    this(new StoredRoots(storage), settings);
  }

  private GarbageCollector(Roots roots, Settings settings) {
    this.roots = roots;
    this.settings = settings;
  }

  /** One pass over every table, live or kept for its backups. */
  public synchronized Report collect() {
    if (settings.retentionDays() < 0) {
      return new Report(0, 0, 0); // unlimited history
    }
    long now = System.currentTimeMillis() * 1000;
    BackupStore backupStore = new BackupStore(roots.storage().blobs());
    for (Backup b : backupStore.list()) {
      if (b.expires() > 0 && b.expires() * 1e6 < now) {
        backupStore.delete(b); // a system backup's 35 days are over
      }
    }
    List<Backup> backups = backupStore.list();
    List<TableDescriptor> tables = roots.tables();
    List<Reference> references = references(backups, tables);
    int checkpoints = 0;
    int segments = 0;
    Set<String> seen = new HashSet<>();
    for (TableDescriptor d : tables) {
      seen.add(d.id);
      long windowStart = windowStart(d, now);
      for (int s = 0; s < d.shards; s++) {
        EventLog log = roots.log(d, s);
        try {
          int[] deleted = collectShard(d, s, log, windowStart, references, backups, now, true);
          checkpoints += deleted[0];
          segments += deleted[1];
        } finally {
          if (roots.ownsLogs()) {
            log.close();
          }
        }
      }
    }
    for (Reference r : references) {
      TableDescriptor d = r.table();
      if (seen.add(d.id)) { // a deleted table kept for its backups or restored tables
        for (int s = 0; s < d.shards; s++) {
          try (EventLog log = roots.storage().openLogReadOnly(Database.shardPrefix(d.id, s))) {
            int[] deleted = collectShard(d, s, log, Long.MIN_VALUE, references, backups, now, false);
            checkpoints += deleted[0];
            segments += deleted[1];
          }
        }
      }
    }
    Set<String> referenced = new HashSet<>(seen);
    int orphans = roots.sweepOrphans(referenced);
    int decisions = collectDecisions(now);
    if (checkpoints + segments + orphans + decisions > 0) {
      LOG.info("retention deleted " + orphans + " unreferenced table directories, " + checkpoints
          + " checkpoints, " + segments + " log segments and " + decisions + " transaction decisions");
    }
    return new Report(checkpoints, segments, decisions);
  }

  /**
   * Deletes the decisions of transactions across shards ({@link TransactionDecisions}) that no
   * reader can need: every prepared record a decision names is gone from its shard's log (deleted
   * by retention below a low-water mark, or with its table), and the decision is older than the
   * minimum age. An abort is kept at least a day: one a reader wrote names only the record that
   * reader saw, and should the transaction's other records outlive it, a reader meeting one
   * waits out the timeout and aborts the transaction again, which is the same outcome.
   */
  private int collectDecisions(long now) {
    BlobStore blobs = roots.storage().blobs();
    TransactionDecisions decisions = new TransactionDecisions(blobs, 0);
    Map<String, Long> firstRetained = new HashMap<>();
    int deleted = 0;
    for (String key : blobs.list(TransactionDecisions.PREFIX)) {
      String txId = key.substring(TransactionDecisions.PREFIX.length());
      TransactionDecisions.Decision d = decisions.stored(txId);
      long minAge = d == null || d.committed() ? settings.minAgeMicros() : Math.max(settings.minAgeMicros(), (long) DAY_MICROS);
      if (d == null || now - d.decidedAt() < minAge) {
        continue;
      }
      boolean needed = false;
      for (TransactionDecisions.Participant p : d.participants()) {
        needed |= firstRetained.computeIfAbsent(p.tableId() + "/" + p.shard(),
            shard -> firstRetainedSeq(p.tableId(), p.shard())) <= p.seq();
      }
      if (!needed) {
        decisions.delete(txId);
        deleted++;
      }
    }
    return deleted;
  }

  /** The first sequence number a shard's log still holds; Long.MAX_VALUE if none (its table is gone with its files). */
  private long firstRetainedSeq(String tableId, int shard) {
    try (EventLog log = roots.storage().openLogReadOnly(Database.shardPrefix(tableId, shard))) {
      List<Long> starts = log.segmentStarts();
      return starts.isEmpty() ? Long.MAX_VALUE : starts.get(0);
    }
  }

  private List<Reference> references(List<Backup> backups, List<TableDescriptor> tables) {
    List<Reference> references = new ArrayList<>();
    for (Backup b : backups) {
      for (int s = 0; s < b.positions().size(); s++) {
        references.add(new Reference(b.source(), s, b.positions().get(s)[0]));
      }
    }
    for (TableDescriptor t : tables) {
      List<TableDescriptor.ShardBase> bases = t.shardBases;
      for (int s = 0; s < bases.size(); s++) {
        TableDescriptor.ShardBase base = bases.get(s);
        TableDescriptor source = sourceOf(base.tableId(), tables, references);
        if (source != null && !roots.hasOwnCheckpoint(t, s)) {
          references.add(new Reference(source, base.shard(), base.seq()));
        }
      }
    }
    return references;
  }

  /** A table's descriptor by id: live, or as a backup recorded it. */
  private static TableDescriptor sourceOf(String tableId, List<TableDescriptor> tables, List<Reference> known) {
    for (TableDescriptor t : tables) {
      if (t.id.equals(tableId)) {
        return t;
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
      List<Backup> backups, long now, boolean live) {
    String prefix = Database.shardPrefix(d.id, shard);
    BlobStore blobs = roots.storage().blobs();
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
    long backupCheckpoint = roots.backupCheckpointWritten(prefix, backups);
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
    // a shared log's objects go only below a low-water mark published the minimum age ago; the
    // mark then rises to the end of what is unneeded now, for a later pass to delete
    EventLog.LowWaterMark mark = log.lowWaterMark();
    boolean markOldEnough = mark != null && now - mark.sinceMicros() >= settings.minAgeMicros();
    long unneededEnd = 0;
    List<Long> starts = log.segmentStarts();
    for (int i = 0; i + 1 < starts.size(); i++) { // never the segment being appended to
      long first = starts.get(i);
      long last = starts.get(i + 1) - 1;
      boolean needed = false;
      for (long[] range : logRanges) {
        needed |= first <= range[1] && last >= range[0];
      }
      if (!needed) {
        unneededEnd = last + 1;
        if (mark == null || markOldEnough && last < mark.seq()) {
          log.deleteSegment(first);
          deletedSegments++;
        }
      }
    }
    if (mark != null && unneededEnd > mark.seq()) {
      log.raiseLowWaterMark(unneededEnd, now);
    }
    return new int[] {deletedCheckpoints, deletedSegments};
  }

  /** The database this process serves. */
  private static final class LiveRoots implements Roots {
    private final Database db;
    /** The open tables of the pass under way, by id. */
    private final Map<String, TableView> open = new HashMap<>();

    LiveRoots(Database db) {
      this.db = db;
    }

    @Override
    public Storage storage() {
      return db.storage();
    }

    @Override
    public List<TableDescriptor> tables() {
      open.clear();
      List<TableDescriptor> tables = new ArrayList<>();
      for (String name : db.tableNames()) {
        TableView t = db.table(name);
        if (t != null) {
          open.put(t.descriptor().id, t);
          tables.add(t.descriptor());
        }
      }
      return tables;
    }

    /** The live shard's own log (a table deleted since the pass began keeps its log object until closed). */
    @Override
    public EventLog log(TableDescriptor d, int shard) {
      return open.get(d.id).shards()[shard].logForRetention();
    }

    @Override
    public boolean ownsLogs() {
      return false;
    }

    @Override
    public boolean hasOwnCheckpoint(TableDescriptor d, int shard) {
      TableView t = open.get(d.id);
      return t == null || t.shards()[shard].hasOwnCheckpoint();
    }

    @Override
    public long backupCheckpointWritten(String shardPrefix, List<Backup> backups) {
      return db.backupCheckpointWritten(shardPrefix);
    }

    /**
     * Deletes the files of tables neither open nor named by a backup: what a crash left of a restore
     * that never reached the catalog. Holds the database's lock, which restores, CreateTable and
     * DeleteTable also hold while they create or drop a table's files, so none is mistaken for one.
     */
    @Override
    public int sweepOrphans(Set<String> referenced) {
      synchronized (db) {
        for (TableDescriptor t : tables()) {
          referenced.add(t.id);
        }
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
  }

  /** A store other processes serve, seen through storage alone. */
  private record StoredRoots(Storage storage) implements Roots {
    @Override
    public List<TableDescriptor> tables() {
      List<TableDescriptor> tables = new ArrayList<>();
      for (String key : storage.blobs().list("catalog/")) {
        byte[] entry = storage.blobs().get(key);
        if (entry != null) {
          tables.add(TableDescriptor.readCatalogEntry(new Request(JsonReader.readObject(entry))));
        }
      }
      return tables;
    }

    @Override
    public EventLog log(TableDescriptor d, int shard) {
      return storage.openLogReadOnly(Database.shardPrefix(d.id, shard));
    }

    @Override
    public boolean ownsLogs() {
      return true;
    }

    @Override
    public boolean hasOwnCheckpoint(TableDescriptor d, int shard) {
      return !storage.blobs().list(Database.shardPrefix(d.id, shard) + "ckpt/").isEmpty();
    }

    /**
     * Unknown here: a backup's checkpoint is written by the checkpoint function moments after the
     * backup. The backup's creation stands in for it, so that a shard with a backup younger than
     * the minimum age keeps what that checkpoint replaced.
     */
    @Override
    public long backupCheckpointWritten(String shardPrefix, List<Backup> backups) {
      long newest = 0;
      for (Backup b : backups) {
        if (shardPrefix.startsWith("tables/" + b.source().id + "/")) {
          newest = Math.max(newest, (long) (b.created() * 1e6));
        }
      }
      return newest;
    }

    /**
     * Nothing: another instance may be creating a table's files right now, and nothing here can
     * tell those from a crash's leftovers. (Tables are written to the catalog before their files,
     * so a crash leaves no orphans on a shared store; a deleted table's files are removed by the
     * instance that deleted it.)
     */
    @Override
    public int sweepOrphans(Set<String> referenced) {
      return 0;
    }
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
