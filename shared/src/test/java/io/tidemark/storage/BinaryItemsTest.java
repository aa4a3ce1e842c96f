package io.tidemark.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tidemark.log.BinaryItems;
import io.tidemark.log.Event;
import io.tidemark.log.EventCodec;
import io.tidemark.log.SegmentFormat;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.Bytes;
import io.tidemark.wire.DynamoNumber;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The log's binary item form round-trips every type exactly, and events with or without images. */
class BinaryItemsTest {
  static Map<String, AttributeValue> everyType() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("s", AttributeValue.s("text ✓ 𝄞 " + "x".repeat(300)));
    item.put("empty", AttributeValue.s(""));
    item.put("ascii", AttributeValue.s("plain ASCII, copied without encoding ".repeat(10)));
    item.put("latin1", AttributeValue.s("café, two bytes in UTF-8 for one char"));
    item.put("n", AttributeValue.n("-12.5E-100"));
    item.put("b", AttributeValue.b(Bytes.wrap(new byte[] {0, -1, 127})));
    item.put("ss", AttributeValue.ss(List.of("a", "b")));
    item.put("ns", AttributeValue.ns(List.of(DynamoNumber.parse("1"), DynamoNumber.parse("99999999999999999999"))));
    item.put("bs", AttributeValue.bs(List.of(Bytes.wrap(new byte[] {1}), Bytes.wrap(new byte[0]))));
    item.put("m", AttributeValue.m(Map.of("inner", AttributeValue.l(List.of(AttributeValue.NULL, AttributeValue.TRUE)))));
    item.put("f", AttributeValue.FALSE);
    return item;
  }

  @Test
  void itemsRoundTrip() {
    BinaryItems.Writer out = new BinaryItems.Writer(1);
    BinaryItems.writeItem(out, everyType());
    Map<String, AttributeValue> back = BinaryItems.readItem(ByteBuffer.wrap(out.toByteArray()));
    assertEquals(everyType(), back);
    assertEquals(List.copyOf(everyType().keySet()), List.copyOf(back.keySet()));
    assertEquals("-1.25E-99", back.get("n").n().value().toString());
  }

  /** An item kept encoded answers as the decoded one does, and is counted and written again without decoding. */
  @Test
  void encodedItemsBehaveAsDecodedOnes() {
    Map<String, AttributeValue> nested = new LinkedHashMap<>(everyType());
    nested.put("deep", AttributeValue.m(everyType()));
    nested.put("list", AttributeValue.l(List.of(AttributeValue.m(everyType()), AttributeValue.s("é"), AttributeValue.n("0.05"))));
    for (int extra = 0; extra < 40; extra += 13) { // small items, and ones past the compact form's limit
      Map<String, AttributeValue> item = new LinkedHashMap<>(nested);
      for (int i = 0; i < extra; i++) {
        item.put("a" + i, AttributeValue.n(Integer.toString(i * 1000)));
      }
      BinaryItems.Writer out = new BinaryItems.Writer(1);
      BinaryItems.writeItem(out, item);
      byte[] bytes = out.toByteArray();
      byte[] inCheckpoint = new byte[bytes.length + 10];
      System.arraycopy(bytes, 0, inCheckpoint, 7, bytes.length);
      io.tidemark.log.EncodedItem encoded = extra % 2 == 0
          ? BinaryItems.readEncodedItem(ByteBuffer.wrap(bytes))
          : BinaryItems.readEncodedItemInPlace(ByteBuffer.wrap(inCheckpoint).position(7)); // shares the array
      assertEquals(io.tidemark.table.Items.size(item), encoded.dynamoSize());
      assertEquals(item.size(), encoded.size());
      assertEquals(item.get("n"), encoded.get("n"), "one attribute found in the bytes");
      assertNull(encoded.get("absent"));
      BinaryItems.Writer again = new BinaryItems.Writer(1);
      BinaryItems.writeItem(again, encoded);
      assertEquals(ByteBuffer.wrap(bytes), ByteBuffer.wrap(again.toByteArray()), "written back byte for byte");
      assertEquals(item, encoded, "decoded on first use");
      assertEquals(List.copyOf(item.keySet()), List.copyOf(encoded.keySet()));
      assertEquals(item.get("deep"), encoded.get("deep"));
      BinaryItems.Writer decodedThenWritten = new BinaryItems.Writer(1);
      BinaryItems.writeItem(decodedThenWritten, encoded);
      assertEquals(ByteBuffer.wrap(bytes), ByteBuffer.wrap(decodedThenWritten.toByteArray()));
    }
  }

  @Test
  void eventsRoundTrip() {
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.s("k"));
    Event created = new Event(7, 1_700_000_000_000_000L, null, "AKID", "PutItem", key, null, everyType());
    Event deleted = new Event(8, 1_700_000_000_000_001L, "tx-1", null, "DeleteItem", key, everyType(), null);
    assertEquals(created, EventCodec.decode(EventCodec.encode(created)));
    assertEquals(deleted, EventCodec.decode(EventCodec.encode(deleted)));
  }

  @Test
  void replayCanSkipOldImagesOfEveryType() {
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.s("k"));
    Map<String, AttributeValue> next = Map.of("pk", AttributeValue.s("k"), "v", AttributeValue.n("2"));
    Event updated = new Event(9, 1_700_000_000_000_002L, null, "AKID", "UpdateItem", key, everyType(), next);
    java.util.List<Event> seen = new java.util.ArrayList<>();
    EventCodec.decodeRecord(EventCodec.encode(updated), seen::add, false);
    assertEquals(new Event(9, 1_700_000_000_000_002L, null, "AKID", "UpdateItem", key, null, next), seen.get(0),
        "the old image skipped, everything after it read in place");
  }

  @Test
  void recordsFramedInPlaceReadBack() {
    BinaryItems.Writer out = new BinaryItems.Writer(4);
    for (int i = 0; i < 3; i++) {
      int start = SegmentFormat.beginRecord(out);
      BinaryItems.writeItem(out, everyType());
      SegmentFormat.endRecord(out, start);
    }
    ByteBuffer in = ByteBuffer.wrap(out.toByteArray());
    for (int i = 0; i < 3; i++) {
      assertEquals(everyType(), BinaryItems.readItem(ByteBuffer.wrap(SegmentFormat.readRecord(in))));
    }
    assertEquals(0, in.remaining());
    byte[] damaged = out.toByteArray();
    damaged[damaged.length - 1] ^= 1;
    ByteBuffer last = ByteBuffer.wrap(damaged);
    SegmentFormat.readRecord(last);
    SegmentFormat.readRecord(last);
    assertNull(SegmentFormat.readRecord(last), "a flipped bit fails the checksum");
  }

  /** A group of prepared events (a transaction across shards before its decision) reads back as prepared, and a plain group as not. */
  @Test
  void preparedGroupsAreMarkedAsSuch() {
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.s("a"));
    for (boolean prepared : new boolean[] {true, false}) {
      List<Event> events = List.of(
          new Event(7, 1000, "tx", "me", "TransactWriteItems", key, null, everyType(), prepared),
          new Event(8, 1000, "tx", "me", "TransactWriteItems", Map.of("pk", AttributeValue.s("b")), everyType(), null,
              prepared));
      BinaryItems.Writer out = new BinaryItems.Writer(1);
      EventCodec.encodeGroup(events, out);
      List<Event> back = new java.util.ArrayList<>();
      EventCodec.decodeRecord(out.toByteArray(), back::add);
      assertEquals(2, back.size());
      for (int i = 0; i < 2; i++) {
        assertEquals(prepared, back.get(i).prepared());
        assertEquals(events.get(i).seq(), back.get(i).seq());
        assertEquals(events.get(i).key(), back.get(i).key());
      }
      assertEquals(everyType(), back.get(0).newImage());
      assertEquals(8, EventCodec.lastSeq(ByteBuffer.wrap(out.toByteArray())));
      Event committed = back.get(0).committedAt(5000);
      assertEquals(5000, committed.commitTime());
      assertEquals(false, committed.prepared());
    }
  }
}
