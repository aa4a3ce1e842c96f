package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.Items;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.Map;

/**
 * Capacity units by DynamoDB's rules: a write costs one unit per KB (rounded up) of the larger of
 * the old and new item; a read one unit per 4 KB, half that when eventually consistent.
 */
final class Capacity {
  private Capacity() {}

  static double writeUnits(Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem) {
    long size = Math.max(oldItem == null ? 0 : Items.size(oldItem), newItem == null ? 0 : Items.size(newItem));
    return Math.max(1, (size + 1023) / 1024);
  }

  static double readUnits(long bytes, boolean consistent) {
    double units = Math.max(1, (bytes + 4095) / 4096);
    return consistent ? units : units / 2;
  }

  static boolean wanted(Request r) {
    String mode = r.string("ReturnConsumedCapacity");
    return "TOTAL".equals(mode) || "INDEXES".equals(mode);
  }

  static void write(JsonGenerator out, Request r, String table, double units) throws IOException {
    if (!wanted(r)) {
      return;
    }
    out.writeObjectFieldStart("ConsumedCapacity");
    writeBody(out, r, table, units);
    out.writeEndObject();
  }

  /** The batch operations' form: one entry per table. */
  static void writeList(JsonGenerator out, Request r, Map<String, Double> unitsByTable) throws IOException {
    if (!wanted(r)) {
      return;
    }
    out.writeArrayFieldStart("ConsumedCapacity");
    for (Map.Entry<String, Double> u : unitsByTable.entrySet()) {
      out.writeStartObject();
      writeBody(out, r, u.getKey(), u.getValue());
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  static void writeBody(JsonGenerator out, Request r, String table, double units) throws IOException {
    out.writeStringField("TableName", table);
    out.writeNumberField("CapacityUnits", units);
    if ("INDEXES".equals(r.string("ReturnConsumedCapacity"))) {
      out.writeObjectFieldStart("Table");
      out.writeNumberField("CapacityUnits", units);
      out.writeEndObject();
    }
  }
}
