package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.expr.Condition;
import io.tidemark.expr.Projection;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.KeySchema;
import io.tidemark.view.StoredItem;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One page of a Query or Scan: items are read in key order until Limit items were read or 1 MB
 * of data was read (both counted before the filter, as DynamoDB counts them); the filter and
 * projection apply to what was read. LastEvaluatedKey holds the key attributes of the last item
 * read: the table's, and through an index the index's too.
 */
final class Page {
  static final long MAX_PAGE_BYTES = 1024 * 1024;

  private final Condition filter;
  private final Projection projection;
  private final boolean countOnly;
  private final int limit;
  private final List<String> keyNames;
  private final UnaryOperator<Map<String, AttributeValue>> shape;
  private final List<Map<String, AttributeValue>> items = new ArrayList<>();
  private int scanned;
  private int count;
  private long bytesRead;
  private Map<String, AttributeValue> lastItem;
  private boolean full;

  /** A page of a table's items. */
  Page(Condition filter, Projection projection, boolean countOnly, Integer limit, KeySchema schema) {
    this(filter, projection, countOnly, limit, keyNames(schema), UnaryOperator.identity());
  }

  /**
   * A page read through an index: LastEvaluatedKey holds {@code keyNames}, and without a projection
   * items are returned as {@code shape} makes them (the index's projection).
   */
  Page(Condition filter, Projection projection, boolean countOnly, Integer limit, List<String> keyNames,
      UnaryOperator<Map<String, AttributeValue>> shape) {
    this.filter = filter;
    this.projection = projection;
    this.countOnly = countOnly;
    this.limit = limit == null ? Integer.MAX_VALUE : limit;
    this.keyNames = keyNames;
    this.shape = shape;
  }

  static List<String> keyNames(KeySchema schema) {
    return schema.hasRange() ? List.of(schema.hashName(), schema.rangeName()) : List.of(schema.hashName());
  }

  /** Offers the next item in order; returns false once the page is full (the item was taken). */
  boolean add(StoredItem stored) {
    Map<String, AttributeValue> item = stored.item();
    scanned++;
    bytesRead += stored.size();
    lastItem = item;
    if (filter == null || filter.test(item)) {
      count++;
      if (!countOnly) {
        items.add(projection == null ? shape.apply(item) : projection.apply(item));
      }
    }
    full = scanned >= limit || bytesRead >= MAX_PAGE_BYTES;
    return !full;
  }

  /**
   * The whole Query or Scan response: the page and, if asked, the capacity its reads consumed
   * (charged to the index when read through one).
   */
  void writeResponse(JsonGenerator out, Request r, String tableName, IndexDescriptor index) throws IOException {
    out.writeStartObject();
    write(out);
    double units = Capacity.readUnits(bytesRead, Boolean.TRUE.equals(r.bool("ConsistentRead")));
    Capacity.write(out, r, tableName, index == null ? Capacity.Units.ofTable(units)
        : Capacity.Units.ofIndexRead(index, units));
    out.writeEndObject();
  }

  private void write(JsonGenerator out) throws IOException {
    if (!countOnly) {
      out.writeArrayFieldStart("Items");
      for (Map<String, AttributeValue> item : items) {
        AttributeValues.writeItem(out, item);
      }
      out.writeEndArray();
    }
    out.writeNumberField("Count", count);
    out.writeNumberField("ScannedCount", scanned);
    if (full) {
      Map<String, AttributeValue> lastKey = new LinkedHashMap<>();
      for (String name : keyNames) {
        lastKey.put(name, lastItem.get(name));
      }
      out.writeFieldName("LastEvaluatedKey");
      AttributeValues.writeItem(out, lastKey);
    }
  }
}
