package io.tidemark.log;

import io.tidemark.table.Items;
import io.tidemark.wire.AttributeValue;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * An event's payload in a segment, in {@link BinaryItems}' form: a format byte, sequence number,
 * commit time, transaction id, principal, operation, key, old image, new image.
 */
public final class EventCodec {
  private static final int FORMAT = 1;

  private EventCodec() {}

  public static byte[] encode(Event e) {
    BinaryItems.Writer out = new BinaryItems.Writer(64 + estimate(e.oldImage()) + estimate(e.newImage()));
    encode(e, out);
    return out.toByteArray();
  }

  /** Appends the event's payload to a writer. */
  public static void encode(Event e, BinaryItems.Writer out) {
    out.writeByte(FORMAT);
    out.writeLong(e.seq());
    out.writeLong(e.commitTime());
    out.writeOptionalString(e.txId());
    out.writeOptionalString(e.principal());
    out.writeString(e.operation());
    BinaryItems.writeItem(out, e.key());
    BinaryItems.writeOptionalItem(out, e.oldImage());
    BinaryItems.writeOptionalItem(out, e.newImage());
  }

  /** Room for an image: its DynamoDB size plus a few bytes of framing per attribute. */
  private static int estimate(Map<String, AttributeValue> image) {
    return image == null ? 0 : (int) Math.min(1 << 20, Items.size(image) + 4L * image.size());
  }

  public static Event decode(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    int format = in.get();
    if (format != FORMAT) {
      throw new IllegalStateException("unknown event format " + format);
    }
    long seq = in.getLong();
    long time = in.getLong();
    String tx = BinaryItems.readOptionalString(in);
    String principal = BinaryItems.readOptionalString(in);
    String operation = BinaryItems.readString(in);
    Map<String, AttributeValue> key = BinaryItems.readItem(in);
    Map<String, AttributeValue> oldImage = BinaryItems.readOptionalItem(in);
    Map<String, AttributeValue> newImage = BinaryItems.readOptionalItem(in);
    return new Event(seq, time, tx, principal, operation, key, oldImage, newImage);
  }
}
