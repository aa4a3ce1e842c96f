package io.tidemark.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.Items;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.JsonReader;
import io.tidemark.wire.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** An event's payload in a segment: one JSON object, attribute values in DynamoDB JSON. */
public final class EventCodec {
  private static final JsonFactory JSON = new JsonFactory();

  private EventCodec() {}

  public static byte[] encode(Event e) {
    // sized for the images up front: growing a buffer for every event showed up in profiles
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + estimate(e.oldImage()) + estimate(e.newImage()));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("seq", e.seq());
      g.writeNumberField("t", e.commitTime());
      if (e.txId() != null) {
        g.writeStringField("tx", e.txId());
      }
      if (e.principal() != null) {
        g.writeStringField("p", e.principal());
      }
      g.writeStringField("op", e.operation());
      writeImage(g, "k", e.key());
      writeImage(g, "o", e.oldImage());
      writeImage(g, "n", e.newImage());
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  private static int estimate(Map<String, AttributeValue> image) {
    return image == null ? 0 : (int) Math.min(1 << 20, Items.size(image) + 16L * image.size());
  }

  private static void writeImage(JsonGenerator g, String field, Map<String, AttributeValue> image)
      throws IOException {
    if (image != null) {
      g.writeFieldName(field);
      AttributeValues.writeItem(g, image);
    }
  }

  public static Event decode(byte[] payload) {
    Request r = new Request(JsonReader.readObject(payload));
    return new Event(r.longValue("seq"), r.longValue("t"), r.string("tx"), r.string("p"), r.string("op"),
        r.item("k"), r.item("o"), r.item("n"));
  }
}
