package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.ShardView;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.LinkedHashMap;
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

  /**
   * A write to a table with local indexes: the table's units plus each index's, where an index is
   * charged only when the write changes what it holds (DynamoDB: an item entering or leaving an
   * index costs one write, moving to another index key two, an unchanged projection nothing).
   */
  static void writeWithIndexes(JsonGenerator out, Request r, TableView table, ItemKey key,
      Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem) throws IOException {
    if (!wanted(r)) {
      return;
    }
    TableDescriptor d = table.descriptor();
    double tableUnits = writeUnits(oldItem, newItem);
    Map<String, Double> indexUnits = new LinkedHashMap<>();
    for (IndexDescriptor index : d.localIndexes) {
      ShardView.LocalIndex local = table.shardFor(key.hash()).view().local(index.name);
      double units = indexWriteUnits(index, d, local.keyOf(key, orEmpty(oldItem)), local.keyOf(key, orEmpty(newItem)),
          oldItem, newItem);
      if (units > 0) {
        indexUnits.put(index.name, units);
      }
    }
    double total = tableUnits + indexUnits.values().stream().mapToDouble(Double::doubleValue).sum();
    out.writeObjectFieldStart("ConsumedCapacity");
    out.writeStringField("TableName", d.name);
    out.writeNumberField("CapacityUnits", total);
    if ("INDEXES".equals(r.string("ReturnConsumedCapacity"))) {
      out.writeObjectFieldStart("Table");
      out.writeNumberField("CapacityUnits", tableUnits);
      out.writeEndObject();
      if (!indexUnits.isEmpty()) {
        out.writeObjectFieldStart("LocalSecondaryIndexes");
        for (Map.Entry<String, Double> e : indexUnits.entrySet()) {
          out.writeObjectFieldStart(e.getKey());
          out.writeNumberField("CapacityUnits", e.getValue());
          out.writeEndObject();
        }
        out.writeEndObject();
      }
    }
    out.writeEndObject();
  }

  private static Map<String, AttributeValue> orEmpty(Map<String, AttributeValue> item) {
    return item == null ? Map.of() : item;
  }

  private static double indexWriteUnits(IndexDescriptor index, TableDescriptor table, Object before, Object after,
      Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem) {
    Map<String, AttributeValue> oldEntry = before == null ? null : index.project(oldItem, table.keySchema);
    Map<String, AttributeValue> newEntry = after == null ? null : index.project(newItem, table.keySchema);
    if (oldEntry == null && newEntry == null) {
      return 0;
    }
    if (oldEntry == null || newEntry == null) {
      return writeUnits(oldEntry, newEntry);
    }
    if (!before.equals(after)) {
      return writeUnits(oldEntry, null) + writeUnits(null, newEntry); // a delete and an insert
    }
    return oldEntry.equals(newEntry) ? 0 : writeUnits(oldEntry, newEntry);
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
