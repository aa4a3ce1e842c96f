package io.tidemark.storage;

import io.tidemark.log.EventLog;
import io.tidemark.log.RecordLog;

/** Where a database keeps everything: blobs (catalog, checkpoints) and one log per shard. */
public interface Storage extends AutoCloseable {
  BlobStore blobs();

  /** Opens (creating if needed) the log of the shard whose blobs live under {@code shardPrefix}. */
  EventLog openLog(String shardPrefix);

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
