package io.tidemark.view;

import io.tidemark.log.BinaryItems;
import io.tidemark.log.SegmentFormat;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.ItemKey;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A shard's view as of a sequence number, as one immutable object: a header record (format,
 * sequence number, commit time, item count), then one record per item in {@link BinaryItems}'
 * form, then a record of the transactions of the last 10 minutes ({@link RecentTransactions}: a
 * count, then id and commit time of each), all checksummed with the log's record framing.
 * Checkpoints written before that last record existed end after the items. A checkpoint with a
 * missing or damaged record is rejected whole.
 */
public final class Checkpoint {
  private static final int FORMAT = 1;
  /** Enough leading bytes of a checkpoint to read its header record. */
  public static final int HEADER_BYTES = 64;
  /** Records are framed in a buffer and written out in chunks of about this size. */
  private static final int CHUNK_BYTES = 64 * 1024;

  private Checkpoint() {}

  /** Writes the checkpoint record by record, so that a large view is never copied into one array. */
  public static void write(OutputStream out, long seq, long commitTime, List<Map<String, AttributeValue>> items,
      Map<String, Long> transactions) throws IOException {
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
    start = SegmentFormat.beginRecord(records);
    records.writeVarint(transactions.size());
    for (Map.Entry<String, Long> t : transactions.entrySet()) {
      records.writeString(t.getKey());
      records.writeLong(t.getValue());
    }
    SegmentFormat.endRecord(records, start);
    flush(out, records);
  }

  private static void flush(OutputStream out, BinaryItems.Writer records) throws IOException {
    out.write(records.array(), 0, records.position());
    records.reset(CHUNK_BYTES * 2);
  }

  /** The checkpoint's sequence number, commit time and item count ({@code [seq, commitTime, items]}), or null if its header is damaged. */
  public static long[] header(byte[] data) {
    if (data == null) {
      return null;
    }
    byte[] head = SegmentFormat.readRecord(ByteBuffer.wrap(data));
    if (head == null || head.length != 25 || head[0] != FORMAT) {
      return null;
    }
    ByteBuffer header = ByteBuffer.wrap(head, 1, 24);
    return new long[] {header.getLong(), header.getLong(), header.getLong()};
  }

  /** Records decoded per task when a checkpoint is loaded in parallel. */
  private static final int DECODE_CHUNK = 16 * 1024;

  /**
   * The view the checkpoint holds, or null if it is damaged. Every record is verified before any
   * is decoded; items are decoded in parallel (they are independent) and, being in key order,
   * placed in the view in one linear pass.
   */
  public static ShardView load(byte[] data, KeySchema schema, List<IndexDescriptor> localIndexes) {
    ByteBuffer buf = ByteBuffer.wrap(data);
    byte[] head = SegmentFormat.readRecord(buf);
    if (head == null || head.length != 25 || head[0] != FORMAT) {
      return null;
    }
    ByteBuffer header = ByteBuffer.wrap(head, 1, 24);
    long seq = header.getLong();
    long commitTime = header.getLong();
    long count = header.getLong();
    if (count < 0 || count > data.length / 8) {
      return null; // every record takes at least its 8-byte frame
    }
    int[] payloadStarts = new int[(int) count];
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    for (int i = 0; i < count; i++) {
      payloadStarts[i] = buf.position() + 8; // after the record's length and checksum
      if (SegmentFormat.nextPayload(buf, crc) == null) {
        return null;
      }
    }
    Map<String, Long> transactions = new java.util.LinkedHashMap<>();
    if (buf.hasRemaining()) {
      ByteBuffer record = SegmentFormat.nextPayload(buf, crc);
      if (record == null || buf.hasRemaining()) {
        return null;
      }
      for (int i = BinaryItems.readVarint(record); i > 0; i--) {
        transactions.put(BinaryItems.readString(record), record.getLong());
      }
    }
    ItemKey[] keys = new ItemKey[payloadStarts.length];
    StoredItem[] items = new StoredItem[payloadStarts.length];
    int chunks = (payloadStarts.length + DECODE_CHUNK - 1) / DECODE_CHUNK;
    IntStream.range(0, chunks).parallel().forEach(chunk -> {
      int end = Math.min(payloadStarts.length, (chunk + 1) * DECODE_CHUNK);
      ByteBuffer in = ByteBuffer.wrap(data);
      for (int i = chunk * DECODE_CHUNK; i < end; i++) {
        in.position(payloadStarts[i]);
        Map<String, AttributeValue> item = BinaryItems.readEncodedItemInPlace(in); // decoded when first read
        keys[i] = ItemKey.of(schema, item);
        items[i] = StoredItem.of(item);
      }
    });
    ShardView view = ShardView.ofSorted(schema, localIndexes, Arrays.asList(keys), Arrays.asList(items), seq, commitTime);
    if (view == null) {
      throw new IllegalStateException("checkpoint items out of key order"); // intact records: a bug, not damage
    }
    view.recentTransactions().noteAll(transactions);
    return view;
  }
}
