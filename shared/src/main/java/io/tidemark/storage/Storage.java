package io.tidemark.storage;

import io.tidemark.log.EventLog;

/** Where a database keeps everything: blobs (catalog, checkpoints) and one log per shard. */
public interface Storage extends AutoCloseable {
  BlobStore blobs();

  /** Opens (creating if needed) the log of the shard whose blobs live under {@code shardPrefix}. */
  EventLog openLog(String shardPrefix);

  /** Removes everything stored under the prefix, logs included. */
  void deleteTree(String prefix);

  @Override
  void close();
}
