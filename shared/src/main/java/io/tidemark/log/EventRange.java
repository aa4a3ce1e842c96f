package io.tidemark.log;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * The events a replay wants: those after {@code afterSeq}, up to {@code untilSeq} and
 * {@code untilCommitTime}, with or without their old images. Read from a log's segments — local
 * files and S3 objects alike hold {@link SegmentFormat} records in sequence and commit-time order.
 */
public record EventRange(long afterSeq, long untilSeq, long untilCommitTime, boolean oldImages) {

  /** Every event after {@code afterSeq}, old images included. */
  public static EventRange after(long afterSeq) {
    return new EventRange(afterSeq, Long.MAX_VALUE, Long.MAX_VALUE, true);
  }

  /** Where a log's segments are. */
  public interface Segments {
    /** The bytes of the segment whose first event is {@code firstSeq}, or null if it is gone (retention, since the listing). */
    byte[] segmentBytes(long firstSeq);

    /** The segment's name, for errors. */
    String segmentName(long firstSeq);
  }

  /**
   * Reads the range from segments that start at these sequence numbers (oldest first): those
   * wholly before it are skipped, and reading stops at the first event past it.
   *
   * @param tornTailAllowed whether the newest segment may end in a torn record (a local file after
   *                        a crash: that write was never acknowledged); anywhere else damage is an error
   */
  public void read(List<Long> starts, Segments segments, boolean tornTailAllowed, Consumer<Event> consumer) {
    for (int i = 0; i < starts.size() && starts.get(i) <= untilSeq; i++) {
      boolean newest = i == starts.size() - 1;
      if (!newest && starts.get(i + 1) <= afterSeq + 1) {
        continue; // every event of this segment is at or before afterSeq
      }
      byte[] data = segments.segmentBytes(starts.get(i));
      if (data != null && readRecords(data, segments.segmentName(starts.get(i)), tornTailAllowed && newest, consumer)) {
        return;
      }
    }
  }

  /**
   * Reads one segment's events in the range; returns true at the first event past it. Records at
   * or before {@code afterSeq} are checksummed but not decoded: a checkpoint may sit anywhere in a
   * segment (a backup's is written at the backup's position).
   */
  public boolean readRecords(byte[] data, String name, boolean tornTailAllowed, Consumer<Event> consumer) {
    ByteBuffer buf = ByteBuffer.wrap(data);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    boolean[] past = new boolean[1];
    while (buf.hasRemaining() && !past[0]) {
      ByteBuffer payload = SegmentFormat.nextPayload(buf, crc);
      if (payload == null) {
        if (!tornTailAllowed) {
          throw new IllegalStateException("corrupt record at offset " + buf.position() + " of " + name);
        }
        break;
      }
      if (EventCodec.lastSeq(payload) <= afterSeq) {
        continue;
      }
      EventCodec.decodeRecord(payload, e -> {
        if (e.seq() > untilSeq || e.commitTime() > untilCommitTime) {
          past[0] = true;
        } else if (e.seq() > afterSeq && !past[0]) {
          consumer.accept(e);
        }
      }, oldImages);
    }
    return past[0];
  }
}
