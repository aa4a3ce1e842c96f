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

  private Checkpoint() {}

  /** Writes the checkpoint record by record, so that a large view is never copied into one array. */
  public static void write(OutputStream out, long seq, long commitTime, List<Map<String, AttributeValue>> items)
      throws IOException {
    BinaryItems.Writer header = new BinaryItems.Writer(32);
    header.writeByte(FORMAT);
    header.writeLong(seq);
    header.writeLong(commitTime);
    header.writeLong(items.size());
    writeRecord(out, header.toByteArray());
    for (Map<String, AttributeValue> item : items) {
      BinaryItems.Writer one = new BinaryItems.Writer(512);
      BinaryItems.writeItem(one, item);
      writeRecord(out, one.toByteArray());
    }
  }

  private static void writeRecord(OutputStream out, byte[] payload) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(SegmentFormat.HEADER + payload.length);
    SegmentFormat.writeRecord(buf, payload);
    out.write(buf.array(), 0, buf.capacity());
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
    // verify every record before touching the view
    int start = buf.position();
    for (long i = 0; i < count; i++) {
      if (SegmentFormat.readRecord(buf) == null) {
        return false;
      }
    }
    if (buf.hasRemaining()) {
      return false;
    }
    buf.position(start);
    for (long i = 0; i < count; i++) {
      Map<String, AttributeValue> item = BinaryItems.readItem(ByteBuffer.wrap(SegmentFormat.readRecord(buf)));
      into.load(ItemKey.of(schema, item), item);
    }
    into.setApplied(seq, commitTime);
    return true;
  }
}
