package io.tidemark.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The framing of records in a log segment: a 4-byte big-endian payload length, a 4-byte CRC32C of
 * the payload, then the payload. A torn or corrupt tail is recognised by a short record or a
 * checksum mismatch, and everything from there on is ignored (it was never acknowledged).
 */
public final class SegmentFormat {
  public static final int HEADER = 8;
  /**
   * Far above any real record (an event holds two images of up to 400 KB by DynamoDB's count, which
   * can encode larger); it only stops a garbage length from being believed. The checksum is what
   * detects damage.
   */
  public static final int MAX_RECORD = 64 * 1024 * 1024;

  private SegmentFormat() {}

  /** Starts a record in a writer: reserves its header; returns where the record starts. */
  public static int beginRecord(BinaryItems.Writer out) {
    int start = out.position();
    out.skip(HEADER);
    return start;
  }

  /** Ends the record begun at {@code start}: everything written since is its payload. */
  public static void endRecord(BinaryItems.Writer out, int start) {
    int length = out.position() - start - HEADER;
    CRC32C crc = new CRC32C();
    crc.update(out.array(), start + HEADER, length);
    out.putInt(start, length);
    out.putInt(start + 4, (int) crc.getValue());
  }

  /**
   * The payload of the record at the buffer's position, checked in place (no copy), as a buffer
   * over the same bytes; advances past the record. Null (position unchanged) when what follows is
   * not a whole, intact record. The buffer must be backed by an array.
   */
  public static ByteBuffer nextPayload(ByteBuffer in, CRC32C crc) {
    int start = in.position();
    if (in.remaining() < HEADER) {
      return null;
    }
    int length = in.getInt();
    int checksum = in.getInt();
    if (length < 0 || length > MAX_RECORD || in.remaining() < length) {
      in.position(start);
      return null;
    }
    int offset = in.position();
    crc.reset();
    crc.update(in.array(), in.arrayOffset() + offset, length);
    if ((int) crc.getValue() != checksum) {
      in.position(start);
      return null;
    }
    in.position(offset + length);
    return in.slice(offset, length);
  }

  /**
   * Reads the record at the buffer's position and advances past it; returns null (position
   * unchanged) when what follows is not a whole, intact record.
   */
  public static byte[] readRecord(ByteBuffer in) {
    ByteBuffer payload = nextPayload(in, new CRC32C());
    if (payload == null) {
      return null;
    }
    byte[] copy = new byte[payload.remaining()];
    payload.get(copy);
    return copy;
  }

}
