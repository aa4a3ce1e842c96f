package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
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
   * Units consumed on one table: its own and each of its indexes' (only those charged), which
   * ReturnConsumedCapacity INDEXES lists apart and TOTAL adds up.
   */
  static final class Units {
    double table;
    final Map<String, Double> local = new LinkedHashMap<>();
    final Map<String, Double> global = new LinkedHashMap<>();

    static Units ofTable(double units) {
      Units u = new Units();
      u.table = units;
      return u;
    }

    /** A read through an index: charged to the index, not the table. */
    static Units ofIndexRead(IndexDescriptor index, double units) {
      Units u = new Units();
      (index.isGlobal() ? u.global : u.local).put(index.name, units);
      return u;
    }

    double total() {
      double sum = table;
      for (double v : local.values()) {
        sum += v;
      }
      for (double v : global.values()) {
        sum += v;
      }
      return sum;
    }

    void add(Units o) {
      table += o.table;
      o.local.forEach((k, v) -> local.merge(k, v, Double::sum));
      o.global.forEach((k, v) -> global.merge(k, v, Double::sum));
    }

    Units times(double factor) {
      Units u = new Units();
      u.table = table * factor;
      local.forEach((k, v) -> u.local.put(k, v * factor));
      global.forEach((k, v) -> u.global.put(k, v * factor));
      return u;
    }
  }

  /**
   * A write's units: the table's, plus each index's, where an index is charged only when the write
   * changes what it holds (DynamoDB: an item entering or leaving an index costs one write, moving
   * to another index key two, an unchanged projection nothing).
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes
   */
  static Units ofWrite(TableDescriptor d, ItemKey key, Map<String, AttributeValue> oldItem,
      Map<String, AttributeValue> newItem) {
    Units units = Units.ofTable(writeUnits(oldItem, newItem));
    if (oldItem != null && oldItem.equals(newItem)) {
      return units; // an identical overwrite changes no index
    }
    for (List<IndexDescriptor> indexes : List.of(d.localIndexes, d.globalIndexes)) {
      for (IndexDescriptor index : indexes) {
        double u = indexWriteUnits(index, d, index.keyOf(key, orEmpty(oldItem)), index.keyOf(key, orEmpty(newItem)),
            oldItem, newItem);
        if (u > 0) {
          (index.isGlobal() ? units.global : units.local).put(index.name, u);
        }
      }
    }
    return units;
  }

  static void writeWithIndexes(JsonGenerator out, Request r, TableView table, ItemKey key,
      Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem) throws IOException {
    if (wanted(r)) {
      write(out, r, table.descriptor().name, ofWrite(table.descriptor(), key, oldItem, newItem));
    }
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

  static void write(JsonGenerator out, Request r, String table, Units units) throws IOException {
    if (!wanted(r)) {
      return;
    }
    out.writeObjectFieldStart("ConsumedCapacity");
    writeBody(out, r, table, units, null);
    out.writeEndObject();
  }

  static void write(JsonGenerator out, Request r, String table, double units) throws IOException {
    write(out, r, table, Units.ofTable(units));
  }

  /** The batch operations' form: one entry per table. */
  static void writeList(JsonGenerator out, Request r, Map<String, Double> unitsByTable) throws IOException {
    Map<String, Units> units = new LinkedHashMap<>();
    unitsByTable.forEach((table, u) -> units.put(table, Units.ofTable(u)));
    writeUnitsList(out, r, units, null);
  }

  /**
   * One entry per table, with its indexes' units under INDEXES; {@code part} names the read or
   * write share too (ReadCapacityUnits / WriteCapacityUnits, as the transactional operations do), or null.
   */
  static void writeUnitsList(JsonGenerator out, Request r, Map<String, Units> unitsByTable, String part)
      throws IOException {
    if (!wanted(r)) {
      return;
    }
    out.writeArrayFieldStart("ConsumedCapacity");
    for (Map.Entry<String, Units> u : unitsByTable.entrySet()) {
      out.writeStartObject();
      writeBody(out, r, u.getKey(), u.getValue(), part);
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  static void writeBody(JsonGenerator out, Request r, String table, Units units, String part) throws IOException {
    out.writeStringField("TableName", table);
    writeUnits(out, units.total(), part);
    if ("INDEXES".equals(r.string("ReturnConsumedCapacity"))) {
      out.writeObjectFieldStart("Table");
      writeUnits(out, units.table, part);
      out.writeEndObject();
      writeIndexUnits(out, "LocalSecondaryIndexes", units.local, part);
      writeIndexUnits(out, "GlobalSecondaryIndexes", units.global, part);
    }
  }

  private static void writeUnits(JsonGenerator out, double units, String part) throws IOException {
    out.writeNumberField("CapacityUnits", units);
    if (part != null) {
      out.writeNumberField(part, units);
    }
  }

  private static void writeIndexUnits(JsonGenerator out, String member, Map<String, Double> units, String part)
      throws IOException {
    if (units.isEmpty()) {
      return;
    }
    out.writeObjectFieldStart(member);
    for (Map.Entry<String, Double> e : units.entrySet()) {
      out.writeObjectFieldStart(e.getKey());
      writeUnits(out, e.getValue(), part);
      out.writeEndObject();
    }
    out.writeEndObject();
  }
}
