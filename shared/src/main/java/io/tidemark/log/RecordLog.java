package io.tidemark.log;

import io.tidemark.storage.Encryption;
import java.io.Closeable;
import java.util.function.Consumer;

/** An append-only sequence of opaque records, each durable once appended (the transaction log). */
public interface RecordLog extends Closeable {
  /** Appends one record; returns once it is durable (unless durability is relaxed for tests). */
  void append(byte[] payload);

  /**
   * Appends one record that holds a table's items, encrypted at rest as that table's objects are
   * where the store encrypts; a store that does not ignores it.
   */
  default void append(byte[] payload, Encryption encryption) {
    append(payload);
  }

  /** Every intact record, oldest first. */
  void replay(Consumer<byte[]> consumer);

  /** Replaces the whole log with these records, atomically (the old log or the new, never a mix). */
  void rewrite(java.util.List<byte[]> records);

  @Override
  void close();
}
