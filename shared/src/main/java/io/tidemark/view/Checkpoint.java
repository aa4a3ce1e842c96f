package io.tidemark.view;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.log.SegmentFormat;
import io.tidemark.table.ItemKey;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.JsonReader;
import io.tidemark.wire.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A shard's view as of a sequence number, as one immutable object: a header record
 * ({@code {"seq":..,"t":..,"items":n}}), then one record per item, all checksummed with the log's
 * record framing. A checkpoint with a missing or damaged record is rejected whole.
 */
public final class Checkpoint {
  private static final JsonFactory JSON = new JsonFactory();

  private Checkpoint() {}

  public static byte[] encode(long seq, long commitTime, List<Map<String, AttributeValue>> items) {
    try {
      ByteArrayOutputStream all = new ByteArrayOutputStream((int) Math.min(1 << 30, 1024L + items.size() * 256L));
      writeRecord(all, header(seq, commitTime, items.size()));
      ByteArrayOutputStream one = new ByteArrayOutputStream(1024);
      for (Map<String, AttributeValue> item : items) {
        one.reset();
        try (JsonGenerator g = JSON.createGenerator(one)) {
          AttributeValues.writeItem(g, item);
        }
        writeRecord(all, one.toByteArray());
      }
      return all.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] header(long seq, long commitTime, int count) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("seq", seq);
      g.writeNumberField("t", commitTime);
      g.writeNumberField("items", count);
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void writeRecord(ByteArrayOutputStream out, byte[] payload) {
    ByteBuffer buf = ByteBuffer.allocate(SegmentFormat.HEADER + payload.length);
    SegmentFormat.writeRecord(buf, payload);
    out.write(buf.array(), 0, buf.capacity());
  }

  /** Loads the checkpoint into an empty view; returns false (view untouched) if it is damaged. */
  public static boolean load(byte[] data, KeySchema schema, ShardView into) {
    ByteBuffer buf = ByteBuffer.wrap(data);
    byte[] head = SegmentFormat.readRecord(buf);
    if (head == null) {
      return false;
    }
    Request header = new Request(JsonReader.readObject(head));
    long count = header.longValue("items");
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
      Map<String, AttributeValue> item = AttributeValues.decodeItem(JsonReader.readObject(SegmentFormat.readRecord(buf)));
      into.load(ItemKey.of(schema, item), item);
    }
    into.setApplied(header.longValue("seq"), header.longValue("t"));
    return true;
  }
}
