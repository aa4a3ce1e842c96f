package io.tidemark.storage;

import io.tidemark.log.BinaryItems;
import io.tidemark.log.RecordLog;
import io.tidemark.log.SegmentFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * A record log in one local file, framed like the event logs. On open, a torn record at the end
 * (a crash mid-append, never acknowledged) is cut off. Not thread-safe: callers serialise appends.
 */
public final class LocalRecordLog implements RecordLog {
  private final Path file;
  private final boolean fsync;
  private FileChannel channel;

  public LocalRecordLog(Path file, boolean fsync) {
    this.file = file;
    this.fsync = fsync;
    try {
      boolean newDirectory = !Files.isDirectory(file.getParent());
      Files.createDirectories(file.getParent());
      if (newDirectory && fsync && file.getParent().getParent() != null) {
        FileBlobStore.syncDirectory(file.getParent().getParent());
      }
      boolean created = !Files.exists(file);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      if (created && fsync) {
        FileBlobStore.syncDirectory(file.getParent());
      }
      long end = intactEnd();
      if (end < channel.size()) {
        channel.truncate(end);
        channel.force(true);
      }
      channel.position(end);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long intactEnd() throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
    while (buf.hasRemaining() && SegmentFormat.readRecord(buf) != null) {
      // skip to the end of the intact records
    }
    return buf.position();
  }

  @Override
  public synchronized void append(byte[] payload) {
    ByteBuffer buf = framed(payload);
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      if (fsync) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void rewrite(List<byte[]> records) {
    Path temp = file.resolveSibling(file.getFileName() + ".new");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      for (byte[] payload : records) {
        ByteBuffer buf = framed(payload);
        while (buf.hasRemaining()) {
          out.write(buf);
        }
      }
      if (fsync) {
        out.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      channel.close();
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      if (fsync) {
        FileBlobStore.syncDirectory(file.getParent());
      }
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      channel.position(channel.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteBuffer framed(byte[] payload) {
    BinaryItems.Writer out = new BinaryItems.Writer(payload.length + SegmentFormat.HEADER);
    int start = SegmentFormat.beginRecord(out);
    out.writeRaw(payload);
    SegmentFormat.endRecord(out, start);
    return ByteBuffer.wrap(out.array(), 0, out.position());
  }

  @Override
  public synchronized void replay(Consumer<byte[]> consumer) {
    try {
      ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
      byte[] payload;
      while (buf.hasRemaining() && (payload = SegmentFormat.readRecord(buf)) != null) {
        consumer.accept(payload);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
