package io.tidemark.view;

import io.tidemark.log.BinaryItems;
import io.tidemark.log.SegmentFormat;
import io.tidemark.table.ItemKey;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A shard's view as of a sequence number, as one immutable object: a header record (format,
 * sequence number, commit time, item count), then one record per item in {@link BinaryItems}'
 * form, all checksummed with the log's record framing. A checkpoint with a missing or damaged
 * record is rejected whole.
 */
public final class Checkpoint {
  private static final int FORMAT = 1;
  /** Enough leading bytes of a checkpoint to read its header record. */
  public static final int HEADER_BYTES = 64;
  /** Records are framed in a buffer and written out in chunks of about this size. */
  private static final int CHUNK_BYTES = 64 * 1024;

  private Checkpoint() {}

  /** Writes the checkpoint record by record, so that a large view is never copied into one array. */
  public static void write(OutputStream out, long seq, long commitTime, List<Map<String, AttributeValue>> items)
      throws IOException {
    BinaryItems.Writer records = new BinaryItems.Writer(CHUNK_BYTES * 2);
    int start = SegmentFormat.beginRecord(records);
    records.writeByte(FORMAT);
    records.writeLong(seq);
    records.writeLong(commitTime);
    records.writeLong(items.size());
    SegmentFormat.endRecord(records, start);
    for (Map<String, AttributeValue> item : items) {
      start = SegmentFormat.beginRecord(records);
      BinaryItems.writeItem(records, item);
      SegmentFormat.endRecord(records, start);
      if (records.position() >= CHUNK_BYTES) {
        flush(out, records);
      }
    }
    flush(out, records);
  }

  private static void flush(OutputStream out, BinaryItems.Writer records) throws IOException {
    out.write(records.array(), 0, records.position());
    records.reset(CHUNK_BYTES * 2);
  }

  /** The checkpoint's sequence number and commit time ({@code [seq, commitTime]}), or null if its header is damaged. */
  public static long[] header(byte[] data) {
    if (data == null) {
      return null;
    }
    byte[] head = SegmentFormat.readRecord(ByteBuffer.wrap(data));
    if (head == null || head.length != 25 || head[0] != FORMAT) {
      return null;
    }
    ByteBuffer header = ByteBuffer.wrap(head, 1, 24);
    return new long[] {header.getLong(), header.getLong()};
  }

  /** Loads the checkpoint into an empty view; returns false (view untouched) if it is damaged. */
  public static boolean load(byte[] data, KeySchema schema, ShardView into) {
    ByteBuffer buf = ByteBuffer.wrap(data);
    byte[] head = SegmentFormat.readRecord(buf);
    if (head == null || head.length != 25 || head[0] != FORMAT) {
      return false;
    }
    ByteBuffer header = ByteBuffer.wrap(head, 1, 24);
    long seq = header.getLong();
    long commitTime = header.getLong();
    long count = header.getLong();
    // verify every record (in place) before touching the view
    int start = buf.position();
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    for (long i = 0; i < count; i++) {
      if (SegmentFormat.nextPayload(buf, crc) == null) {
        return false;
      }
    }
    if (buf.hasRemaining()) {
      return false;
    }
    buf.position(start);
    for (long i = 0; i < count; i++) {
      // verified above: read each payload where it lies
      int length = buf.getInt();
      buf.position(buf.position() + 4);
      ByteBuffer payload = buf.slice(buf.position(), length);
      buf.position(buf.position() + length);
      Map<String, AttributeValue> item = BinaryItems.readItem(payload);
      into.load(ItemKey.of(schema, item), item);
    }
    into.setApplied(seq, commitTime);
    return true;
  }
}
