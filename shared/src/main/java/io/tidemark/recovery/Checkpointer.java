package io.tidemark.recovery;

import io.tidemark.storage.Storage;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.Database;
import io.tidemark.view.Shard;
import io.tidemark.view.ShardView;
import io.tidemark.wire.JsonReader;
import io.tidemark.wire.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes checkpoints from storage alone, for a store whose serving instances cannot be relied on
 * to do it: Lambda freezes an instance between requests, so a checkpoint it starts in the
 * background may wait for hours. The checkpoint function calls {@link #objectCreated} for every
 * new object in the store:
 * <ul>
 *   <li>a log object ({@code tables/<id>/s<n>/log/<seq>}) whose shard has gone
 *       {@code checkpointEvery} events without a checkpoint gets one, at the log's end, so that
 *       rebuilding the shard (a cold instance, a restore) replays at most that many events;</li>
 *   <li>a backup manifest ({@code backups/<id>}) gets a checkpoint of each shard at exactly the
 *       backup's position, so that restoring it replays nothing.</li>
 * </ul>
 * Checkpoints are immutable and a function of their position, so two writers of one checkpoint
 * write the same bytes, and either may win. A serving embedded database does the same work in
 * process ({@code Shard}'s checkpoints, {@link Database#checkpointBackup}).
 */
public final class Checkpointer {
  private static final Logger LOG = Logger.getLogger(Checkpointer.class.getName());
  private static final Pattern LOG_OBJECT = Pattern.compile("tables/([^/]+)/s([0-9]+)/log/([0-9]{20})");
  private static final Pattern BACKUP_MANIFEST = Pattern.compile("backups/(" + BackupStore.ID + ")");

  private final Storage storage;
  private final long checkpointEvery;
  /** The tables' names by id, as the catalog had them (a name is read again before each use). */
  private final Map<String, TableDescriptor> tables = new ConcurrentHashMap<>();

  public Checkpointer(Storage storage, long checkpointEvery) {
    this.storage = storage;
    this.checkpointEvery = checkpointEvery;
  }

  /**
   * Reacts to a new object (its key relative to the store): returns the keys of the checkpoints
   * written, none if the object needs none (a checkpoint, a catalog entry, a log object of a shard
   * checkpointed recently, a deleted table's).
   */
  public List<String> objectCreated(String key) {
    Matcher logObject = LOG_OBJECT.matcher(key);
    if (logObject.matches()) {
      String written = checkpointIfDue(logObject.group(1), Integer.parseInt(logObject.group(2)),
          Long.parseLong(logObject.group(3)));
      return written == null ? List.of() : List.of(written);
    }
    Matcher manifest = BACKUP_MANIFEST.matcher(key);
    if (manifest.matches()) {
      Backup backup = new BackupStore(storage.blobs()).byId(manifest.group(1));
      return backup == null ? List.of() : checkpointBackup(backup);
    }
    return List.of();
  }

  /**
   * Checkpoints the shard at its log's end if the log object at {@code seq} is
   * {@code checkpointEvery} or more events past its newest checkpoint; returns the checkpoint's
   * key, or null. Unlike a serving shard, which waits for at least as many events as its items,
   * this keeps the log's tail short whatever the table's size: on S3 an instance starting cold
   * reads the tail one object per commit batch, while a checkpoint is one object.
   */
  public String checkpointIfDue(String tableId, int shard, long seq) {
    String prefix = Database.shardPrefix(tableId, shard);
    List<String> checkpoints = storage.blobs().list(prefix + "ckpt/");
    long newest = checkpoints.isEmpty() ? 0 : seqOf(checkpoints.get(checkpoints.size() - 1));
    if (seq - newest < checkpointEvery) {
      return null;
    }
    TableDescriptor table = liveTable(tableId);
    if (table == null) {
      return null; // deleted: its history is what backups keep, and they have checkpoints of their own
    }
    ShardView view = Database.storedView(storage, table, shard, Long.MAX_VALUE);
    return write(prefix, view, table);
  }

  /** Writes the backup's checkpoints that are missing; returns their keys. */
  public List<String> checkpointBackup(Backup backup) {
    List<String> written = new ArrayList<>();
    TableDescriptor source = backup.source();
    for (int shard = 0; shard < backup.positions().size(); shard++) {
      long seq = backup.positions().get(shard)[0];
      String prefix = Database.shardPrefix(source.id, shard);
      if (seq == 0 || storage.blobs().head(Shard.checkpointKey(prefix, seq), 1) != null) {
        continue; // an empty shard, or written already
      }
      ShardView view = Database.storedView(storage, source, shard, seq);
      if (view.appliedSeq() == seq) {
        // one of the table's objects, so with its encryption: its current one, or the backup's if it was deleted
        TableDescriptor live = liveTable(source.id);
        String key = write(prefix, view, live != null ? live : source);
        if (key != null) {
          written.add(key);
        }
      }
    }
    return written;
  }

  private String write(String prefix, ShardView view, TableDescriptor table) {
    String key = Shard.checkpointKey(prefix, view.appliedSeq());
    if (view.appliedSeq() == 0 || storage.blobs().head(key, 1) != null) {
      return null;
    }
    io.tidemark.storage.Encryption encryption = Database.encryptionOf(table);
    Shard.writeCheckpoint(storage.blobs(() -> encryption), prefix, view);
    LOG.info("wrote checkpoint " + key + " of " + view.itemCount() + " items");
    return key;
  }

  /** The descriptor of the table in the catalog with this id, or null if none has it (deleted). */
  private TableDescriptor liveTable(String tableId) {
    TableDescriptor known = tables.get(tableId);
    if (known != null) {
      TableDescriptor current = catalogEntry(known.name); // as it is now: UpdateTable may have changed its encryption
      return current != null && current.id.equals(tableId) ? current : null; // ids are never reused
    }
    for (String key : storage.blobs().list("catalog/")) {
      TableDescriptor d = catalogEntry(key.substring("catalog/".length()));
      if (d != null) {
        tables.put(d.id, d);
      }
    }
    return tables.get(tableId);
  }

  private TableDescriptor catalogEntry(String name) {
    byte[] entry = storage.blobs().get("catalog/" + name);
    return entry == null ? null : TableDescriptor.readCatalogEntry(new Request(JsonReader.readObject(entry)));
  }

  private static long seqOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }
}
