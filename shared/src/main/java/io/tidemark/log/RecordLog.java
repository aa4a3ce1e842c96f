package io.tidemark.log;

import java.io.Closeable;
import java.util.function.Consumer;

/** An append-only sequence of opaque records, each durable once appended (the transaction log). */
public interface RecordLog extends Closeable {
  /** Appends one record; returns once it is durable (unless durability is relaxed for tests). */
  void append(byte[] payload);

  /** Every intact record, oldest first. */
  void replay(Consumer<byte[]> consumer);

  /** Replaces the whole log with these records, atomically (the old log or the new, never a mix). */
  void rewrite(java.util.List<byte[]> records);

  @Override
  void close();
}
