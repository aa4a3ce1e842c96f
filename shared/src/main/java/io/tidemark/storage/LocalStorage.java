package io.tidemark.storage;

import io.tidemark.log.EventLog;
import io.tidemark.log.RecordLog;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Embedded mode: everything in files under one data directory. */
public final class LocalStorage implements Storage {
  private final Path root;
  private final boolean fsync;
  private final FileBlobStore blobs;

  /**
   * @param fsync false only for tests that accept losing acknowledged writes on a machine crash
   *              (a process crash still loses nothing: the data is in the page cache)
   */
  public LocalStorage(Path root, boolean fsync) {
    this.root = root;
    this.fsync = fsync;
    this.blobs = new FileBlobStore(root, fsync);
  }

  @Override
  public BlobStore blobs() {
    return blobs;
  }

  /** The same files: encrypting a local disk is the operating system's job (an encrypted volume), not the database's. */
  @Override
  public BlobStore blobs(Supplier<Encryption> encryption) {
    return blobs;
  }

  /** A shard's log files; the encryption is ignored, as for {@link #blobs(Supplier)}. */
  @Override
  public EventLog openLog(String shardPrefix, Supplier<Encryption> encryption) {
    return new LocalEventLog(root.resolve(shardPrefix).resolve("log"), fsync);
  }

  @Override
  public EventLog openLogReadOnly(String shardPrefix) {
    return LocalEventLog.readOnly(root.resolve(shardPrefix).resolve("log"));
  }

  @Override
  public RecordLog openRecordLog(String name) {
    return new LocalRecordLog(root.resolve(name), fsync);
  }

  @Override
  public void deleteTree(String prefix) {
    blobs.deleteTree(prefix);
  }

  @Override
  public void close() {
  }
}
