package io.tidemark.log;

import io.tidemark.table.Items;
import io.tidemark.wire.AttributeValue;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The payload of a log record, in {@link BinaryItems}' form. Either one event (format 1: sequence
 * number, commit time, transaction id, principal, operation, key, old image, new image) or a group
 * of events that must be durable all together or not at all (format 2: a count, then the events):
 * a transaction's changes to one shard, under one checksum. Format 3 is a group too, of a
 * transaction across shards of a shared store written before it was decided ({@link Event#prepared}).
 */
public final class EventCodec {
  private static final int FORMAT = 1;
  private static final int GROUP = 2;
  private static final int PREPARED_GROUP = 3;

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

  /**
   * Appends a group record's payload: the events are replayed all together or not at all. A
   * group of prepared events ({@link Event#prepared}, all or none of them) is marked as such.
   */
  public static void encodeGroup(List<Event> events, BinaryItems.Writer out) {
    out.writeByte(events.get(0).prepared() ? PREPARED_GROUP : GROUP);
    out.writeVarint(events.size());
    for (Event e : events) {
      encode(e, out);
    }
  }

  /** Room for an image: its DynamoDB size plus a few bytes of framing per attribute. */
  private static int estimate(Map<String, AttributeValue> image) {
    return image == null ? 0 : (int) Math.min(1 << 20, Items.size(image) + 4L * image.size());
  }

  /** The events of a record (one, or a group's), in order. */
  public static void decodeRecord(byte[] payload, Consumer<Event> consumer) {
    decodeRecord(payload, consumer, true);
  }

  /**
   * As above; without {@code oldImages} the events' old images are skipped, not built (null): a
   * view replaying the log knows each item's previous version already.
   */
  public static void decodeRecord(byte[] payload, Consumer<Event> consumer, boolean oldImages) {
    decodeRecord(ByteBuffer.wrap(payload), consumer, oldImages);
  }

  /** As above, from a payload where it lies (a buffer over the segment's bytes). */
  public static void decodeRecord(ByteBuffer in, Consumer<Event> consumer, boolean oldImages) {
    int format = in.remaining() > 0 ? in.get(in.position()) : FORMAT;
    if (format == GROUP || format == PREPARED_GROUP) {
      in.get();
      int count = BinaryItems.readVarint(in);
      for (int i = 0; i < count; i++) {
        consumer.accept(read(in, oldImages, format == PREPARED_GROUP));
      }
    } else {
      consumer.accept(read(in, oldImages, false));
    }
  }

  /**
   * The sequence number of a record's last event, read without decoding it (a replay skips the
   * records a checkpoint already holds). A group's events have consecutive numbers.
   */
  public static long lastSeq(ByteBuffer payload) {
    int at = payload.position();
    if (payload.get(at) != GROUP && payload.get(at) != PREPARED_GROUP) {
      return payload.getLong(at + 1);
    }
    ByteBuffer group = payload.duplicate();
    group.get();
    int count = BinaryItems.readVarint(group);
    group.get(); // the first event's format
    return group.getLong() + count - 1;
  }

  public static Event decode(byte[] payload) {
    return read(ByteBuffer.wrap(payload));
  }

  /** Reads one event at the buffer's position (format 1). */
  public static Event read(ByteBuffer in) {
    return read(in, true, false);
  }

  private static Event read(ByteBuffer in, boolean oldImages, boolean prepared) {
    int format = in.get();
    if (format != FORMAT) {
      throw new IllegalStateException("unknown event format " + format);
    }
    long seq = in.getLong();
    long time = in.getLong();
    String tx = BinaryItems.readOptionalString(in);
    String principal = BinaryItems.readOptionalName(in); // few distinct values: shared, not allocated per event
    String operation = BinaryItems.readName(in);
    Map<String, AttributeValue> key = BinaryItems.readItem(in);
    Map<String, AttributeValue> oldImage = null;
    if (oldImages) {
      oldImage = BinaryItems.readOptionalItem(in);
    } else {
      BinaryItems.skipOptionalItem(in);
    }
    Map<String, AttributeValue> newImage = BinaryItems.readOptionalEncodedItem(in); // decoded when used
    return new Event(seq, time, tx, principal, operation, key, oldImage, newImage, prepared);
  }
}
