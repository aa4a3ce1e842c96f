package io.tidemark.storage;

import io.tidemark.log.BinaryItems;
import io.tidemark.log.Event;
import io.tidemark.log.EventCodec;
import io.tidemark.log.EventLog;
import io.tidemark.log.EventRange;
import io.tidemark.log.SegmentFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A shard's log on local disk: segment files named by the sequence number of their first event,
 * appended to and forced to disk once per commit batch (group commit). Not thread-safe: the
 * shard's committer is its only writer.
 */
public final class LocalEventLog implements EventLog, EventRange.Segments {
  private static final String SUFFIX = ".seg";

  /** The append buffer is kept between batches up to this size. */
  private static final int KEPT_BUFFER_BYTES = 1 << 20;

  private final Path dir;
  private final boolean fsync;
  /** The batch being appended, framed; reused (the log has one writer). */
  private final BinaryItems.Writer records = new BinaryItems.Writer(64 * 1024);
  private FileChannel current;
  /** Records written without forcing (a transaction's, durable in the transaction log) since the last force. */
  private boolean unforced;
  private long lastSeq;
  private long lastCommitTime;

  public LocalEventLog(Path dir, boolean fsync) {
    this(dir, fsync, false);
  }

  private LocalEventLog(Path dir, boolean fsync, boolean readOnly) {
    this.dir = dir;
    this.fsync = fsync;
    if (readOnly) {
      return;
    }
    try {
      Files.createDirectories(dir);
      recover();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A log to read only — another table's, which its own writer may be appending to: nothing is
   * recovered or truncated, a torn record at the end of the newest segment is simply where reading
   * stops, and appending fails.
   */
  public static LocalEventLog readOnly(Path dir) {
    return new LocalEventLog(dir, false, true);
  }

  /**
   * Finds the log's end. The newest segment is cut back to its last intact record (a torn write
   * was never acknowledged), even to nothing, so that new records never follow damaged bytes.
   */
  private void recover() throws IOException {
    List<Long> segments = segments();
    if (segments.isEmpty()) {
      openSegment(1);
      return;
    }
    long newestFirstSeq = segments.get(segments.size() - 1);
    Path newest = segmentFile(newestFirstSeq);
    long validEnd = scan(newest, this::noteEnd, true);
    if (validEnd < Files.size(newest)) {
      try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
        ch.truncate(validEnd);
        ch.force(true);
      }
    }
    if (lastSeq == 0) {
      // the newest segment is empty (just rolled): its name says where the log ends
      lastSeq = newestFirstSeq - 1;
      if (segments.size() > 1) {
        scan(segmentFile(segments.get(segments.size() - 2)), e -> lastCommitTime = e.commitTime(), false);
      }
    }
    current = FileChannel.open(newest, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private void noteEnd(Event e) {
    lastSeq = e.seq();
    lastCommitTime = e.commitTime();
  }

  private List<Long> segments() throws IOException {
    List<Long> result = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return result;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(SUFFIX))
          .map(n -> Long.parseLong(n.substring(0, n.length() - SUFFIX.length())))
          .sorted()
          .forEach(result::add);
    }
    return result;
  }

  private Path segmentFile(long firstSeq) {
    return dir.resolve(String.format("%020d%s", firstSeq, SUFFIX));
  }

  private void openSegment(long firstSeq) throws IOException {
    if (current != null) {
      forceIfNeeded(); // a segment is complete on disk before the next one exists
      current.close();
    }
    current = FileChannel.open(segmentFile(firstSeq), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    if (fsync) {
      FileBlobStore.syncDirectory(dir);
    }
  }

  /**
   * Reads a segment's intact records; returns the offset where they end. A damaged record is
   * tolerated only at the end of the newest segment (a write that was never acknowledged).
   */
  private static long scan(Path file, Consumer<Event> consumer, boolean newest) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
    while (buf.hasRemaining()) {
      byte[] payload = SegmentFormat.readRecord(buf);
      if (payload == null) {
        if (!newest) {
          throw new IllegalStateException("corrupt record at offset " + buf.position() + " of " + file);
        }
        break;
      }
      EventCodec.decodeRecord(payload, consumer);
    }
    return buf.position();
  }

  @Override
  public void append(List<Event> batch) {
    records.reset(KEPT_BUFFER_BYTES);
    checkSequence(batch);
    for (Event e : batch) {
      int start = SegmentFormat.beginRecord(records);
      EventCodec.encode(e, records);
      SegmentFormat.endRecord(records, start);
    }
    write(batch, fsync);
  }

  @Override
  public void appendGroup(List<Event> events, boolean durable) {
    records.reset(KEPT_BUFFER_BYTES);
    checkSequence(events);
    int start = SegmentFormat.beginRecord(records);
    EventCodec.encodeGroup(events, records);
    SegmentFormat.endRecord(records, start);
    write(events, durable && fsync);
    unforced |= fsync && !durable;
  }

  private void checkSequence(List<Event> events) {
    long expected = lastSeq + 1;
    for (Event e : events) {
      if (e.seq() != expected++) {
        throw new IllegalArgumentException("sequence gap: " + e.seq() + " after " + (expected - 2));
      }
    }
  }

  /** Writes the framed records and moves the log's end past the events. */
  private void write(List<Event> events, boolean force) {
    ByteBuffer buf = ByteBuffer.wrap(records.array(), 0, records.position());
    try {
      while (buf.hasRemaining()) {
        current.write(buf);
      }
      if (force) {
        current.force(false);
        unforced = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Event last = events.get(events.size() - 1);
    lastSeq = last.seq();
    lastCommitTime = last.commitTime();
  }

  @Override
  public long lastSeq() {
    return lastSeq;
  }

  @Override
  public long lastCommitTime() {
    return lastCommitTime;
  }

  @Override
  public void read(EventRange range, Consumer<Event> consumer) {
    // a torn write at the end of the newest segment was never acknowledged
    range.read(segmentStarts(), this, true, consumer);
  }

  @Override
  public byte[] segmentBytes(long firstSeq) {
    try {
      return Files.readAllBytes(segmentFile(firstSeq));
    } catch (java.nio.file.NoSuchFileException deletedByRetention) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String segmentName(long firstSeq) {
    return "segment " + firstSeq + " of " + dir;
  }

  @Override
  public List<Long> segmentStarts() {
    try {
      return segments();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deleteSegment(long firstSeq) {
    List<Long> starts = segmentStarts();
    if (!starts.isEmpty() && starts.get(starts.size() - 1) == firstSeq) {
      throw new IllegalArgumentException("segment " + firstSeq + " is being appended to");
    }
    try {
      Files.deleteIfExists(segmentFile(firstSeq));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void roll() {
    try {
      openSegment(lastSeq + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void force() {
    // unconditionally: after a process crash the previous process's unforced writes are still in
    // the page cache, readable but not yet durable
    try {
      if (fsync) {
        current.force(false);
        unforced = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void forceIfNeeded() throws IOException {
    if (unforced) {
      current.force(false);
      unforced = false;
    }
  }

  @Override
  public void close() {
    try {
      if (current != null) {
        forceIfNeeded();
        current.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
