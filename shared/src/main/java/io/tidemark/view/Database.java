package io.tidemark.view;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.recovery.BackupStore;
import io.tidemark.storage.Encryption;
import io.tidemark.storage.Storage;
import io.tidemark.table.TableDescriptor;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.JsonReader;
import io.tidemark.wire.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live tables of one store, and the catalog that names them ({@code catalog/<table-name>}).
 * Opening a database opens every table in the catalog: checkpoint plus log tail, per shard.
 */
public final class Database implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();

  private final Storage storage;
  /**
   * Decisions of transactions across shards of a shared store: one cache for every shard, written
   * with the store's own encryption, since they hold no items and every table's readers need them.
   */
  private final TransactionDecisions decisions;
  private final Options options;
  private final ExecutorService committers;
  private final Transactions transactions;
  /** By name, in name order. Read without a lock (every request looks its table up); changed under this object's lock. */
  private final ConcurrentSkipListMap<String, TableView> tables = new ConcurrentSkipListMap<>();

  /**
   * @param shardsPerTable    shards of each new table (a power of two)
   * @param checkpointEvery   events per shard between checkpoints
   * @param itemCollectionLimit bytes an item collection may hold in a table with local indexes
   *                          (DynamoDB's 10 GB; smaller only for tests)
   */
  public record Options(int shardsPerTable, long checkpointEvery, long itemCollectionLimit) {
    public static final long TEN_GB = 10L << 30;

    public static Options defaults() {
      return new Options(1, 100_000, TEN_GB);
    }
  }

  public Database(Storage storage, Options options) {
    this.storage = storage;
    this.decisions = new TransactionDecisions(storage.blobs(), TransactionDecisions.DEFAULT_TIMEOUT_MILLIS);
    this.options = options;
    AtomicInteger n = new AtomicInteger();
    this.committers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "tidemark-commit-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    for (String key : storage.blobs().list("catalog/")) {
      byte[] entry = storage.blobs().get(key);
      TableDescriptor d = TableDescriptor.readCatalogEntry(new Request(JsonReader.readObject(entry)));
      tables.put(d.name, open(d));
    }
    this.transactions = new Transactions(storage.openRecordLog("txlog/transactions.log"), committers);
    transactions.recover(this::tableById);
    for (TableView t : tables.values()) {
      for (Shard s : t.shards()) {
        s.forceLog();
      }
    }
    transactions.compact();
    for (TableView t : tables.values()) {
      t.openGlobalIndexes(committers);
      markBuiltIndexesActive(t);
    }
    checkpointBackupsLackingThem();
  }

  private TableView tableById(String id) {
    for (TableView t : tables.values()) {
      if (t.descriptor().id.equals(id)) {
        return t;
      }
    }
    return null;
  }

  /** How stale an eventually consistent read may be on a shared store, in milliseconds ({@link Shard#catchUpIfOlderThan}). */
  private volatile long maxStalenessMillis = 1000;

  public long maxStalenessMillis() {
    return maxStalenessMillis;
  }

  public void setMaxStalenessMillis(long millis) {
    this.maxStalenessMillis = millis;
  }

  /**
   * On a shared store: how long a transaction across shards may stay prepared and undecided before
   * an instance that needs one of its shards aborts it (its coordinator died or stalled).
   */
  public void setTransactionTimeoutMillis(long millis) {
    decisions.setTimeoutMillis(millis);
  }

  public Transactions transactions() {
    return transactions;
  }

  public Options options() {
    return options;
  }

  private TableView open(TableDescriptor d) {
    CurrentEncryption encryption = new CurrentEncryption(d);
    Shard[] shards = new Shard[d.shards];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = newShard(d, i, baseOf(d, i), encryption);
    }
    return encryption.of(new TableView(d, shards));
  }

  private Shard newShard(TableDescriptor d, int i, java.util.function.Supplier<ShardView> base,
      CurrentEncryption encryption) {
    String prefix = shardPrefix(d.id, i);
    return new Shard(prefix, d.keySchema, d.localIndexes, storage.openLog(prefix, encryption),
        storage.blobs(encryption), committers, options.checkpointEvery(), options.itemCollectionLimit(), base,
        decisions);
  }

  /** How a table's objects are encrypted at rest, from its SSESpecification ({@link Encryption#forTable}). */
  public static Encryption encryptionOf(TableDescriptor d) {
    return Encryption.forTable(d.sseEnabled, d.kmsKeyId);
  }

  /**
   * A table's encryption as its descriptor says now, which its shards read at every write: after
   * an UpdateTable of the SSESpecification, what is written next uses the new setting, and what was
   * written before keeps its own (no object is rewritten). DynamoDB too switches a table's key
   * while it stays in use (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html).
   */
  private static final class CurrentEncryption implements java.util.function.Supplier<Encryption> {
    private final TableDescriptor opened;
    /** Set once the table's view exists; its shards write nothing before. */
    private volatile TableView table;

    CurrentEncryption(TableDescriptor opened) {
      this.opened = opened;
    }

    TableView of(TableView table) {
      this.table = table;
      return table;
    }

    @Override
    public Encryption get() {
      TableView t = table;
      return encryptionOf(t == null ? opened : t.descriptor());
    }
  }

  public static String shardPrefix(String tableId, int shard) {
    return "tables/" + tableId + "/s" + shard + "/";
  }

  /** The pool that commits writes and maintains global indexes (UpdateTable runs backfills on it). */
  public java.util.concurrent.Executor executor() {
    return committers;
  }

  public Storage storage() {
    return storage;
  }

  /** The table, or null. */
  public TableView table(String name) {
    TableView t = tables.get(name);
    if (!storage.shared()) {
      return t;
    }
    return t == null ? openCreatedElsewhere(name) : t.failed() ? openAgain(t) : current(t);
  }

  /** When each open table's catalog entry was last compared with its descriptor (epoch ms), by name; a shared store only. */
  private final java.util.concurrent.ConcurrentHashMap<String, Long> catalogChecked = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The table as the catalog has it now, on a shared store: another instance may have changed it
   * (UpdateTable), deleted it, or deleted it and created another under its name. Its entry is read
   * at most once per staleness bound ({@link #maxStalenessMillis}); if it differs from the
   * descriptor this instance serves, the table is opened again from storage, or dropped if it is
   * gone. So a change made elsewhere is seen here within the bound, as DynamoDB's table
   * descriptions are eventually consistent too.
   */
  private TableView current(TableView t) {
    String name = t.descriptor().name;
    Long checked = catalogChecked.get(name);
    long now = System.currentTimeMillis();
    if (checked != null && now - checked <= maxStalenessMillis) {
      return t;
    }
    catalogChecked.put(name, now);
    if (sameAsCatalog(t)) {
      return t;
    }
    return changedElsewhere(t);
  }

  /** Whether the table's catalog entry says what its descriptor says (both as the descriptor writes them). */
  private boolean sameAsCatalog(TableView t) {
    byte[] entry = storage.blobs().get("catalog/" + t.descriptor().name);
    return entry != null && java.util.Arrays.equals(
        catalogEntry(TableDescriptor.readCatalogEntry(new Request(JsonReader.readObject(entry)))),
        catalogEntry(t.descriptor()));
  }

  private synchronized TableView changedElsewhere(TableView t) {
    String name = t.descriptor().name;
    if (tables.get(name) != t) {
      return tables.get(name); // opened again already
    }
    if (sameAsCatalog(t)) {
      return t; // this instance's own change, written meanwhile
    }
    tables.remove(name);
    t.close();
    java.util.logging.Logger.getLogger(Database.class.getName()).info("table " + name
        + " was changed or deleted by another instance: opened again from the catalog");
    return openCreatedElsewhere(name); // null if it is gone
  }

  /**
   * A table of a shared store whose shard stopped (it fell below its log's low-water mark after
   * sleeping long, or a transaction lost a race), opened again from storage: the log is the
   * truth, and another instance may have changed or deleted the table meanwhile.
   */
  private synchronized TableView openAgain(TableView failed) {
    String name = failed.descriptor().name;
    if (tables.get(name) != failed) {
      return tables.get(name); // opened again already
    }
    tables.remove(name);
    failed.close();
    return openCreatedElsewhere(name);
  }

  /**
   * A table another instance sharing the store created after this one opened, or null: its
   * catalog entry is read and the table opened here too (a shared store only).
   */
  private synchronized TableView openCreatedElsewhere(String name) {
    TableView t = tables.get(name);
    if (t != null || restoring.containsKey(name)) {
      return t;
    }
    byte[] entry = storage.blobs().get("catalog/" + name);
    if (entry == null) {
      return null;
    }
    TableDescriptor d = TableDescriptor.readCatalogEntry(new Request(JsonReader.readObject(entry)));
    t = open(d);
    t.openGlobalIndexes(committers);
    tables.put(d.name, t);
    markBuiltIndexesActive(t);
    return t;
  }

  /**
   * Opening a table builds its global indexes from its items, so an index whose backfill a crash
   * or shutdown interrupted (or, on a shared store, another instance is still running) is complete
   * here: the catalog says so. If another instance changed the entry first, it stays as it says.
   */
  private void markBuiltIndexesActive(TableView t) {
    if (t.descriptor().globalIndexes.stream().anyMatch(i -> !i.isActive())) {
      try {
        update(t, t.descriptor().withGlobalIndexesActive());
      } catch (DynamoDbException changedElsewhere) {
        // a shared store's catalog entry that another instance replaced meanwhile
      }
    }
  }

  /** The table, or DynamoDB's ResourceNotFoundException. */
  public TableView require(String name) {
    TableView t = table(name);
    if (t == null) {
      throw DynamoDbException.resourceNotFound("Requested resource not found");
    }
    return t;
  }

  public List<String> tableNames() {
    if (storage.shared()) {
      for (String key : storage.blobs().list("catalog/")) {
        table(key.substring("catalog/".length())); // opens what other instances created meanwhile
      }
    }
    return new ArrayList<>(tables.keySet());
  }

  public synchronized TableView create(TableDescriptor d) {
    if (tables.containsKey(d.name) || restoring.containsKey(d.name)
        || !storage.blobs().create("catalog/" + d.name, catalogEntry(d))) { // or another instance created it
      throw DynamoDbException.resourceInUse("Table already exists: " + d.name);
    }
    TableView view = open(d);
    view.openGlobalIndexes(committers);
    tables.put(d.name, view);
    return view;
  }

  /**
   * Creates a restored table from the source's shard views as of the restore point, sharing the
   * source's files instead of copying them: the catalog entry records where each shard starts
   * (the source's shard at a log position, {@link TableDescriptor.ShardBase}), the views already
   * built are handed to the new shards, and each new shard writes a checkpoint of its own in the
   * background; until then a restart rebuilds it from the source's checkpoint and log, which
   * retention keeps for it. The catalog entry is the commit point: a crash leaves no table or the
   * whole one.
   *
   * @param maxCommitTime the restore point's commit time (microseconds); events after it are not in the views
   */
  public synchronized TableView createFrom(TableDescriptor d, String sourceId, List<ShardView> views,
      long maxCommitTime) {
    if (tables.containsKey(d.name)) {
      throw new DynamoDbException(io.tidemark.wire.ErrorType.TableAlreadyExistsException,
          "Table already exists: " + d.name);
    }
    if (views.size() != d.shards) {
      throw new IllegalArgumentException("a restored table keeps its source's shards: " + views.size() + " != " + d.shards);
    }
    List<TableDescriptor.ShardBase> bases = new ArrayList<>();
    for (int i = 0; i < views.size(); i++) {
      bases.add(new TableDescriptor.ShardBase(sourceId, i, views.get(i).appliedSeq(), maxCommitTime));
    }
    TableDescriptor restored = d.toBuilder().shardBases(bases).build();
    if (!storage.blobs().create("catalog/" + restored.name, catalogEntry(restored))) { // another instance's
      throw new DynamoDbException(io.tidemark.wire.ErrorType.TableAlreadyExistsException,
          "Table already exists: " + d.name);
    }
    CurrentEncryption encryption = new CurrentEncryption(restored);
    Shard[] shards = new Shard[d.shards];
    for (int i = 0; i < shards.length; i++) {
      ShardView built = views.get(i);
      java.util.function.Supplier<ShardView> base = built.hasLocalIndexesLike(restored.localIndexes)
          ? () -> startingAt(built, maxCommitTime) : baseOf(restored, i);
      shards[i] = newShard(restored, i, base, encryption);
    }
    TableView table = encryption.of(new TableView(restored, shards));
    table.openGlobalIndexes(committers);
    tables.put(restored.name, table);
    for (Shard s : shards) {
      s.checkpointNow(); // written in the background; the table is usable meanwhile
    }
    return table;
  }

  /** A view from another table, as the first state of a new shard whose own log starts at sequence 1. */
  private static ShardView startingAt(ShardView view, long commitTime) {
    view.setApplied(0, commitTime);
    return view;
  }

  /** Where a restored table's shard starts when it has no checkpoint of its own: its source's files, read only. */
  private java.util.function.Supplier<ShardView> baseOf(TableDescriptor d, int shard) {
    return d.shardBases.isEmpty() ? null : () -> storedBase(storage, d, shard);
  }

  /** A restored table's shard as it started: its source's shard at the restore point, read from storage. */
  private static ShardView storedBase(Storage storage, TableDescriptor d, int shard) {
    TableDescriptor.ShardBase base = d.shardBases.get(shard);
    return startingAt(storedShardAsOf(storage, base.tableId(), base.shard(), d, base.seq(), base.maxCommitTime()),
        base.maxCommitTime());
  }

  /**
   * A shard's items as of a log position, from storage alone (read only), as a process that
   * serves nothing builds them (the checkpoint function): its newest checkpoint at or before the
   * position and its log up to it; or, for a restored shard with no such checkpoint of its own,
   * its source's items at the restore point, then its own log.
   *
   * @param maxSeq the position ({@code Long.MAX_VALUE}: the log's end)
   */
  public static ShardView storedView(Storage storage, TableDescriptor d, int shard, long maxSeq) {
    String prefix = shardPrefix(d.id, shard);
    boolean ownCheckpoint = storage.blobs().list(prefix + "ckpt/").stream()
        .anyMatch(key -> Long.parseLong(key.substring(key.lastIndexOf('/') + 1)) <= maxSeq);
    try (io.tidemark.log.EventLog log = storage.openLogReadOnly(prefix)) {
      if (d.shardBases.isEmpty() || ownCheckpoint) {
        return Shard.viewAsOf(prefix, d.keySchema, d.localIndexes, log, storage.blobs(), maxSeq, Long.MAX_VALUE);
      }
      ShardView view = storedBase(storage, d, shard);
      Shard.replayInto(view, prefix, log, storage.blobs(), 0, maxSeq, Long.MAX_VALUE);
      return view;
    }
  }

  /** A restore under way, from its start until its table exists or it failed. Guarded by the database's lock. */
  private record Restoring(String from, String backupId, String sourceTableId) {
  }

  /** Restores under way, by target table name. Guarded by this object's lock. */
  private final Map<String, Restoring> restoring = new java.util.HashMap<>();

  /** Ends a restore's reservation (whether the table was created or not). */
  public interface RestoreReservation extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Reserves a restore's target name, and its backup if it is restored from one, for as long as
   * the restore runs: another restore into that name gets TableInUseException (as DynamoDB while
   * the first target is CREATING), and another restore of that backup, or deleting it,
   * BackupInUseException. The source's files stay meanwhile, even if the source table is deleted.
   *
   * @param fromArn  the backup's ARN, or the source table's for a point-in-time restore
   * @param backupId the backup's id, or null for a point-in-time restore
   */
  public synchronized RestoreReservation reserveRestore(String target, String fromArn, String backupId,
      String sourceTableId) {
    Restoring other = restoring.get(target);
    if (other != null) {
      // DynamoDB's message for a restore from a backup; the same shape for a table's point in time
      throw new DynamoDbException(io.tidemark.wire.ErrorType.TableInUseException, "Table: " + target
          + " is already being restored from " + (other.backupId() != null ? "backup" : "table") + ": " + other.from());
    }
    if (backupId != null && isBeingRestored(backupId)) {
      throw new DynamoDbException(io.tidemark.wire.ErrorType.BackupInUseException,
          "Backup is being used to restore another table: " + fromArn);
    }
    Restoring reserved = new Restoring(fromArn, backupId, sourceTableId);
    restoring.put(target, reserved);
    return () -> {
      synchronized (Database.this) {
        restoring.remove(target, reserved);
      }
    };
  }

  /** Whether a restore of this backup is under way (DeleteBackup then refuses). */
  public synchronized boolean isBeingRestored(String backupId) {
    return restoring.values().stream().anyMatch(r -> backupId.equals(r.backupId()));
  }

  /**
   * Whether some table still needs the files of the table with this id: a backup names it, a
   * restored table's shard starts from it and has no checkpoint of its own yet, or a restore from
   * it is under way.
   */
  public synchronized boolean isReferenced(String tableId) {
    if (backups().referencesTable(tableId)) {
      return true;
    }
    if (restoring.values().stream().anyMatch(r -> tableId.equals(r.sourceTableId()))) {
      return true;
    }
    for (TableView t : tables.values()) {
      List<TableDescriptor.ShardBase> bases = t.descriptor().shardBases;
      for (int i = 0; i < bases.size(); i++) {
        if (bases.get(i).tableId().equals(tableId) && !t.shards()[i].hasOwnCheckpoint()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A shard's items as of a log position, for a table that may no longer exist (a backup outlives
   * its table): through the live shard if the table is open, else from its stored checkpoints and log.
   */
  public ShardView shardAsOf(TableDescriptor table, int shard, long seq) {
    TableView live = tableById(table.id);
    if (live != null) {
      return live.shards()[shard].viewAsOf(seq, Long.MAX_VALUE);
    }
    return storedView(storage, table, shard, seq);
  }

  /** A shard as of a point, from its files alone (read only), with the keys and local indexes of {@code schemaOf}. */
  public static ShardView storedShardAsOf(Storage storage, String tableId, int shard, TableDescriptor schemaOf, long seq,
      long maxCommitTime) {
    String prefix = shardPrefix(tableId, shard);
    try (io.tidemark.log.EventLog log = storage.openLogReadOnly(prefix)) {
      return Shard.viewAsOf(prefix, schemaOf.keySchema, schemaOf.localIndexes, log, storage.blobs(), seq, maxCommitTime);
    }
  }

  private java.util.concurrent.ScheduledExecutorService retention;

  /** Runs retention every {@code intervalSeconds} (in the background, one pass at a time). */
  public synchronized void startRetention(io.tidemark.recovery.GarbageCollector.Settings settings, long intervalSeconds) {
    io.tidemark.recovery.GarbageCollector collector = new io.tidemark.recovery.GarbageCollector(this, settings);
    retention = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tidemark-retention");
      t.setDaemon(true);
      return t;
    });
    retention.scheduleWithFixedDelay(() -> {
      try {
        collector.collect();
      } catch (RuntimeException e) {
        java.util.logging.Logger.getLogger(Database.class.getName()).log(java.util.logging.Level.WARNING,
            "retention pass failed; the next one retries", e);
      }
    }, intervalSeconds, intervalSeconds, java.util.concurrent.TimeUnit.SECONDS);
  }

  public BackupStore backups() {
    return new BackupStore(storage.blobs());
  }

  /** Writes backups' checkpoints, one backup at a time, in the background. */
  private final ExecutorService backupCheckpoints = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "tidemark-backup-checkpoints");
    t.setDaemon(true);
    return t;
  });
  /** Backups whose checkpoints are being written, by id. */
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<Void>>
      checkpointingBackups = new java.util.concurrent.ConcurrentHashMap<>();
  /** When each shard last received a backup's checkpoint (microseconds), by shard prefix: see {@link #backupCheckpointWritten}. */
  private final java.util.concurrent.ConcurrentHashMap<String, Long> backupCheckpointTimes =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Gives a new backup a checkpoint of each shard at exactly its position, written in the
   * background: CreateBackup stays O(shards), and a restore of the backup then loads one
   * checkpoint per shard instead of replaying the log from an older one. Until it is written (or
   * if a crash prevents it) the backup restores from the older checkpoint and the log, as before.
   */
  public void checkpointBackup(io.tidemark.recovery.Backup backup) {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    if (checkpointingBackups.putIfAbsent(backup.id(), done) != null) {
      return;
    }
    try {
      backupCheckpoints.execute(() -> {
        try {
          for (int shard = 0; shard < backup.positions().size(); shard++) {
            writeBackupCheckpoint(backup, shard);
          }
        } catch (RuntimeException e) {
          java.util.logging.Logger.getLogger(Database.class.getName()).log(java.util.logging.Level.WARNING,
              "checkpoint of backup " + backup.id() + " failed; it restores from the log", e);
        } finally {
          done.complete(null);
          checkpointingBackups.remove(backup.id(), done);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      done.complete(null);
      checkpointingBackups.remove(backup.id(), done);
    }
  }

  private void writeBackupCheckpoint(io.tidemark.recovery.Backup backup, int shard) {
    long seq = backup.positions().get(shard)[0];
    String prefix = shardPrefix(backup.source().id, shard);
    if (seq == 0 || storage.blobs().head(Shard.checkpointKey(prefix, seq), 1) != null
        || !backups().exists(backup.id())) {
      return; // nothing to checkpoint, already there, or the backup was deleted meanwhile
    }
    TableView live = tableById(backup.source().id);
    if (live != null && live.shards()[shard].checkpointIfAt(seq)) {
      return; // nothing was written since the backup: an ordinary checkpoint of the shard
    }
    ShardView view = shardAsOf(backup.source(), shard, seq);
    if (view.appliedSeq() == seq) {
      // one of the table's objects, so with its encryption: its current one, or if it was deleted the backup's
      Encryption encryption = encryptionOf(live != null ? live.descriptor() : backup.source());
      backupCheckpointTimes.put(prefix, System.currentTimeMillis() * 1000);
      Shard.writeCheckpoint(storage.blobs(() -> encryption), prefix, view);
      backupCheckpointTimes.put(prefix, System.currentTimeMillis() * 1000);
    }
  }

  /**
   * Whether the backup's table is open and nothing was committed to it since the backup: a
   * restore then copies the live views and needs no checkpoint.
   */
  public boolean isCurrent(io.tidemark.recovery.Backup backup) {
    TableView live = tableById(backup.source().id);
    if (live == null) {
      return false;
    }
    for (int shard = 0; shard < backup.positions().size(); shard++) {
      if (live.shards()[shard].committedPosition()[0] != backup.positions().get(shard)[0]) {
        return false;
      }
    }
    return true;
  }

  /** Waits until the backup's checkpoints are written, if that is under way (a restore of it then loads them). */
  public void awaitBackupCheckpoint(String backupId) {
    java.util.concurrent.CompletableFuture<Void> done = checkpointingBackups.get(backupId);
    if (done != null) {
      done.join();
    }
  }

  /**
   * When a backup's checkpoint last landed in this shard (microseconds), or 0. Such a checkpoint
   * stands for an older moment than when it was written, so retention counts the minimum age of
   * what it replaces from this time instead: a read that began before it may still need them.
   */
  public long backupCheckpointWritten(String shardPrefix) {
    return backupCheckpointTimes.getOrDefault(shardPrefix, 0L);
  }

  /** Schedules the checkpoints of every backup that lacks them (a crash or shutdown came first). */
  private void checkpointBackupsLackingThem() {
    // read the manifests in the background too: opening should not wait for them
    backupCheckpoints.execute(() -> {
      try {
        backups().list().forEach(this::checkpointBackup);
      } catch (RuntimeException e) {
        java.util.logging.Logger.getLogger(Database.class.getName()).log(java.util.logging.Level.WARNING,
            "could not list backups to checkpoint", e);
      }
    });
  }

  /** Whether a table with this id is open (it may have been deleted, or deleted and created again under its name). */
  public boolean isLive(String tableId) {
    return tableById(tableId) != null;
  }

  /** Changes a table's descriptor from its current one, atomically with respect to other changes. */
  public synchronized TableDescriptor modify(TableView table, java.util.function.UnaryOperator<TableDescriptor> change) {
    TableDescriptor updated = change.apply(table.descriptor());
    update(table, updated);
    return updated;
  }

  public synchronized void update(TableView table, TableDescriptor d) {
    if (storage.shared()) {
      // the catalog entry is a pointer other instances change too: replaced only if it still says
      // what this instance's descriptor says (If-Match on S3), else the table changed elsewhere
      byte[] expected = catalogEntry(table.descriptor());
      if (!storage.blobs().replace("catalog/" + d.name, entry -> java.util.Arrays.equals(expected,
          catalogEntry(TableDescriptor.readCatalogEntry(new Request(JsonReader.readObject(entry))))), catalogEntry(d))) {
        catalogChecked.remove(d.name); // the next request reads the entry again
        throw DynamoDbException.resourceInUse(
            "Attempt to change a resource which is still in use: Table is being updated: " + d.name);
      }
    } else {
      writeCatalog(d);
    }
    table.setDescriptor(d);
  }

  public synchronized TableView delete(String name) {
    TableView t = tables.remove(name);
    if (t == null) {
      throw DynamoDbException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
    }
    if (t.descriptor().pitrEnabled) {
      // as DynamoDB does: a table with point-in-time recovery leaves a system backup of its last
      // state, kept 35 days (before the catalog entry goes, so a crash cannot lose both)
      long millis = System.currentTimeMillis();
      backups().put(new io.tidemark.recovery.Backup(String.format("%014d-00000000", millis),
          name + "$DeletedTableBackup", millis / 1000.0, t.sizeBytes(), t.itemCount(), t.descriptor(),
          java.util.Arrays.asList(t.consistentPositions()), io.tidemark.recovery.Backup.SYSTEM,
          millis / 1000.0 + 35 * 86_400));
    }
    storage.blobs().delete("catalog/" + name);
    t.close(); // its last checkpoints are at the system backup's position: no backup checkpoint needed
    // backups outlive their table: its checkpoints and logs stay while a backup names them
    if (!isReferenced(t.descriptor().id)) {
      storage.deleteTree("tables/" + t.descriptor().id + "/");
    }
    return t;
  }

  private void writeCatalog(TableDescriptor d) {
    storage.blobs().put("catalog/" + d.name, catalogEntry(d));
  }

  private static byte[] catalogEntry(TableDescriptor d) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      d.writeCatalogEntry(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public synchronized void close() {
    if (retention != null) {
      retention.shutdownNow();
    }
    backupCheckpoints.shutdownNow(); // an unfinished one is written again at the next start
    for (TableView t : tables.values()) {
      t.close();
    }
    tables.clear();
    transactions.close();
    committers.shutdown();
    storage.close();
  }
}
