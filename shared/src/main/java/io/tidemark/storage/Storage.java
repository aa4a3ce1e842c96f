package io.tidemark.storage;

import io.tidemark.log.EventLog;
import io.tidemark.log.RecordLog;
import java.util.function.Supplier;

/** Where a database keeps everything: blobs (catalog, checkpoints) and one log per shard. */
public interface Storage extends AutoCloseable {
  /** The blobs, written with the store's own encryption ({@link Encryption#STORE_KEYS}): the catalog, backup manifests. */
  BlobStore blobs();

  /**
   * The same blobs, with what is written through this view encrypted as {@code encryption} says
   * at the time of each write: a table's checkpoints, with its current SSE setting.
   */
  BlobStore blobs(Supplier<Encryption> encryption);

  /** Opens (creating if needed) the log of the shard whose blobs live under {@code shardPrefix}. */
  default EventLog openLog(String shardPrefix) {
    return openLog(shardPrefix, () -> Encryption.STORE_KEYS);
  }

  /**
   * Opens (creating if needed) a shard's log whose appends are encrypted as {@code encryption}
   * says at the time of each append (the table's current SSE setting).
   */
  EventLog openLog(String shardPrefix, Supplier<Encryption> encryption);

  /** Opens a shard's log to read only (replay, list segments) while its own writer may be appending. */
  EventLog openLogReadOnly(String shardPrefix);

  /** Opens (creating if needed) a database-wide record log, e.g. the transaction log. */
  RecordLog openRecordLog(String name);

  /**
   * Whether other instances may use this store at the same time (S3, for a serverless
   * deployment): then logs may grow behind this instance's back and tables appear in the catalog.
   */
  default boolean shared() {
    return false;
  }

  /** Removes everything stored under the prefix, logs included. */
  void deleteTree(String prefix);

  @Override
  void close();
}
