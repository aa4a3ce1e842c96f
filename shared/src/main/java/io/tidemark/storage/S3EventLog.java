package io.tidemark.storage;

import io.tidemark.log.BinaryItems;
import io.tidemark.log.Event;
import io.tidemark.log.EventCodec;
import io.tidemark.log.EventLog;
import io.tidemark.log.EventRange;
import io.tidemark.log.SegmentFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A shard's log on S3, shared by every instance that serves the table: one object per commit
 * batch, named by the sequence number of its first event and created with If-None-Match: *.
 * Sequence numbers have no gaps, so the next object's name is known: of the writers that try to
 * create it exactly one succeeds, and the others learn that they lost ({@link ConflictException})
 * and must read what the winner wrote ({@link #catchUp}) before they try again. No locks, no
 * lease: optimistic concurrency, which keeps conditions linearizable per shard across instances.
 *
 * <p>An object holds its events in the local segments' record framing ({@link SegmentFormat}), so
 * both logs decode alike. Not thread-safe: the shard's committer is its only writer here.
 */
public final class S3EventLog implements EventLog {
  private final S3BlobStore blobs;
  /** Where the objects are, e.g. {@code tables/<id>/s0/log/}. */
  private final String dir;
  private final boolean readOnly;
  private final BinaryItems.Writer records = new BinaryItems.Writer(64 * 1024);
  private long lastSeq;
  private long lastCommitTime;
  /** Where the low-water marks are: {@code tables/<id>/s0/lwm/<seq>}, each holding when it was published. */
  private final String lowWaterMarks;
  private long lowWaterMark;
  /** When the mark was last read, by both clocks (see {@link #lowWaterMarkTrusted}); never, at first. */
  private long lowWaterMarkReadAtNanos;
  private long lowWaterMarkReadAtMillis = Long.MIN_VALUE;

  /**
   * How long a writer trusts the low-water mark it read: it reads it again before appending or
   * catching up after longer. Retention waits its minimum age (ten minutes by default, always far
   * longer than this plus the longest request) between publishing a mark and deleting below it, so
   * a writer whose position is below a new mark either finds the objects still there (its append
   * conflicts and it catches up) or has read the new mark and refuses. Tests that run retention
   * with no minimum age shorten it with the system property {@code tidemark.s3.low-water-mark-trust-ms}.
   */
  static final long LOW_WATER_MARK_TRUSTED_MILLIS = Long.getLong("tidemark.s3.low-water-mark-trust-ms", 60_000);

  S3EventLog(S3BlobStore blobs, String dir, boolean readOnly) {
    this.blobs = blobs;
    this.dir = dir;
    this.readOnly = readOnly;
    this.lowWaterMarks = dir.substring(0, dir.length() - "log/".length()) + "lwm/";
    List<String> keys = objects();
    if (!keys.isEmpty()) {
      // the newest object tells where the log ends; then any created since the listing
      String newest = keys.get(keys.size() - 1);
      new EventRange(0, Long.MAX_VALUE, Long.MAX_VALUE, false).readRecords(blobs.get(newest), newest, false,
          this::noteEnd);
    }
    catchUp(e -> { });
  }

  private String key(long firstSeq) {
    return dir + String.format("%020d", firstSeq);
  }

  private static long firstSeqOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }

  /**
   * The log's objects, oldest first: only names that are sequence numbers (an S3-compatible
   * server may list an upload in progress under a temporary name; S3 itself never does).
   */
  private List<String> objects() {
    List<String> keys = new ArrayList<>();
    for (String key : blobs.list(dir)) {
      if (isNumbered(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  static boolean isNumbered(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    return name.length() == 20 && name.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private void noteEnd(Event e) {
    lastSeq = e.seq();
    lastCommitTime = e.commitTime();
  }

  @Override
  public void append(List<Event> batch) {
    records.reset(1 << 20);
    for (Event e : batch) {
      int start = SegmentFormat.beginRecord(records);
      EventCodec.encode(e, records);
      SegmentFormat.endRecord(records, start);
    }
    create(batch);
  }

  @Override
  public void appendGroup(List<Event> events, boolean durable) {
    records.reset(1 << 20);
    int start = SegmentFormat.beginRecord(records);
    EventCodec.encodeGroup(events, records);
    SegmentFormat.endRecord(records, start);
    create(events); // every object is durable once created: there is no cheaper unforced write
  }

  private void create(List<Event> events) {
    if (readOnly) {
      throw new IllegalStateException("log " + dir + " is open to read only");
    }
    long first = events.get(0).seq();
    if (first != lastSeq + 1) {
      throw new IllegalStateException("log " + dir + " ends at " + lastSeq + "; cannot append from " + first);
    }
    refuseIfBelowLowWaterMark();
    if (!blobs.create(key(first), records.toByteArray())) {
      throw new ConflictException("another writer appended event " + first + " of " + dir + " first");
    }
    noteEnd(events.get(events.size() - 1));
  }

  @Override
  public long catchUp(Consumer<Event> consumer) {
    refuseIfBelowLowWaterMark();
    long seen = 0;
    while (true) {
      byte[] next = blobs.get(key(lastSeq + 1));
      if (next == null) {
        return seen;
      }
      long[] count = new long[1];
      EventRange.after(0).readRecords(next, key(lastSeq + 1), false, e -> {
        consumer.accept(e);
        noteEnd(e);
        count[0]++;
      });
      if (count[0] == 0) {
        throw new IllegalStateException("empty log object " + key(lastSeq + 1));
      }
      seen += count[0];
    }
  }

  @Override
  public boolean shared() {
    return true;
  }

  /** One GET when an object starts at {@code seq}, as a commit batch or a transaction's group does. */
  @Override
  public Event eventAt(long seq) {
    byte[] object = blobs.get(key(seq));
    if (object == null) {
      return EventLog.super.eventAt(seq); // inside an object that starts earlier, or gone
    }
    Event[] first = new Event[1];
    EventRange.after(seq - 1).readRecords(object, key(seq), false, e -> {
      if (first[0] == null) {
        first[0] = e;
      }
    });
    return first[0];
  }

  private void refuseIfBelowLowWaterMark() {
    if (!lowWaterMarkTrusted()) {
      long nanos = System.nanoTime();
      long millis = System.currentTimeMillis();
      lowWaterMark = lowWaterMark().seq();
      lowWaterMarkReadAtNanos = nanos;
      lowWaterMarkReadAtMillis = millis;
    }
    if (lastSeq + 1 < lowWaterMark) {
      throw new StaleLogException("log " + dir + " was read up to " + lastSeq + ", below its low-water mark "
          + lowWaterMark + ": retention may have deleted what follows");
    }
  }

  /**
   * Whether the mark read last is recent enough by both clocks: the monotonic one, which a wall
   * clock set back cannot fool, and the wall clock, because a process restored from a SnapStart
   * snapshot on another machine has another monotonic clock, which may even read earlier.
   */
  private boolean lowWaterMarkTrusted() {
    if (lowWaterMarkReadAtMillis == Long.MIN_VALUE) {
      return false;
    }
    long nanos = System.nanoTime() - lowWaterMarkReadAtNanos;
    long millis = System.currentTimeMillis() - lowWaterMarkReadAtMillis;
    return nanos >= 0 && nanos / 1_000_000 <= LOW_WATER_MARK_TRUSTED_MILLIS
        && millis >= 0 && millis <= LOW_WATER_MARK_TRUSTED_MILLIS;
  }

  /** The highest published mark (one LIST): marks are created, never changed, so they only rise. */
  @Override
  public LowWaterMark lowWaterMark() {
    List<String> marks = blobs.list(lowWaterMarks);
    for (int i = marks.size() - 1; i >= 0; i--) {
      byte[] since = blobs.get(marks.get(i));
      if (since != null) {
        return new LowWaterMark(firstSeqOf(marks.get(i)),
            Long.parseLong(new String(since, java.nio.charset.StandardCharsets.US_ASCII).trim()));
      }
    }
    return LowWaterMark.NONE;
  }

  @Override
  public void raiseLowWaterMark(long seq, long sinceMicros) {
    blobs.create(lowWaterMarks + String.format("%020d", seq),
        Long.toString(sinceMicros).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    // the lower marks say nothing the new one does not
    for (String key : blobs.list(lowWaterMarks)) {
      if (firstSeqOf(key) < seq) {
        blobs.delete(key);
      }
    }
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
    // an object is created whole or not at all: damage is an error, never a torn write
    List<Long> starts = segmentStarts();
    range.read(starts, new Prefetching(starts), false, consumer);
  }

  /** Objects fetched at once while a range is read: a cold start reads the log's whole tail. */
  private static final int PREFETCH = 16;
  private static final java.util.concurrent.ExecutorService FETCHERS = java.util.concurrent.Executors.newFixedThreadPool(
      PREFETCH, r -> {
        Thread t = new Thread(r, "tidemark-s3-prefetch");
        t.setDaemon(true);
        return t;
      });

  /**
   * The log's objects, each asked for with the next {@code PREFETCH - 1} after it: reading a range
   * waits for one GET's latency per {@code PREFETCH} objects instead of per object. A range that
   * stops early leaves at most that many fetched for nothing.
   */
  private final class Prefetching implements EventRange.Segments {
    private final List<Long> starts;
    private final java.util.Map<Long, java.util.concurrent.CompletableFuture<byte[]>> fetching = new java.util.HashMap<>();

    Prefetching(List<Long> starts) {
      this.starts = starts;
    }

    @Override
    public byte[] segmentBytes(long firstSeq) {
      int at = java.util.Collections.binarySearch(starts, firstSeq);
      for (int i = Math.max(at, 0); at >= 0 && i < Math.min(starts.size(), at + PREFETCH); i++) {
        long s = starts.get(i);
        fetching.computeIfAbsent(s, k -> java.util.concurrent.CompletableFuture.supplyAsync(() -> blobs.get(key(k)), FETCHERS));
      }
      java.util.concurrent.CompletableFuture<byte[]> bytes = fetching.remove(firstSeq);
      try {
        return bytes != null ? bytes.join() : blobs.get(key(firstSeq)); // null: deleted by retention since the listing
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }

    @Override
    public String segmentName(long firstSeq) {
      return key(firstSeq);
    }
  }

  /** Nothing to do: an object is durable once created. */
  @Override
  public void force() {
  }

  /** Nothing to do: every commit batch is an object of its own already. */
  @Override
  public void roll() {
  }

  @Override
  public List<Long> segmentStarts() {
    List<Long> starts = new ArrayList<>();
    for (String key : objects()) {
      starts.add(firstSeqOf(key));
    }
    return starts;
  }

  @Override
  public void deleteSegment(long firstSeq) {
    if (firstSeq > lastSeq && !readOnly) {
      throw new IllegalArgumentException("object " + firstSeq + " is past the log's end");
    }
    blobs.delete(key(firstSeq));
  }

  @Override
  public void close() {
  }
}
