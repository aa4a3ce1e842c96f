package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.expr.Condition;
import io.tidemark.expr.Projection;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.KeySchema;
import io.tidemark.view.StoredItem;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of a Query or Scan: items are read in key order until Limit items were read or 1 MB
 * of data was read (both counted before the filter, as DynamoDB counts them); the filter and
 * projection apply to what was read.
 */
final class Page {
  static final long MAX_PAGE_BYTES = 1024 * 1024;

  private final Condition filter;
  private final Projection projection;
  private final boolean countOnly;
  private final int limit;
  private final List<Map<String, AttributeValue>> items = new ArrayList<>();
  private int scanned;
  private int count;
  private long bytesRead;
  private ItemKey lastKey;
  private boolean full;

  Page(Condition filter, Projection projection, boolean countOnly, Integer limit) {
    this.filter = filter;
    this.projection = projection;
    this.countOnly = countOnly;
    this.limit = limit == null ? Integer.MAX_VALUE : limit;
  }

  /** Offers the next item in order; returns false once the page is full (the item was taken). */
  boolean add(ItemKey key, StoredItem stored) {
    Map<String, AttributeValue> item = stored.item();
    scanned++;
    bytesRead += stored.size();
    lastKey = key;
    if (filter == null || filter.test(item)) {
      count++;
      if (!countOnly) {
        items.add(projection == null ? item : projection.apply(item));
      }
    }
    full = scanned >= limit || bytesRead >= MAX_PAGE_BYTES;
    return !full;
  }

  long bytesRead() {
    return bytesRead;
  }

  void write(JsonGenerator out, KeySchema schema) throws IOException {
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
      out.writeFieldName("LastEvaluatedKey");
      AttributeValues.writeItem(out, Items.keyOf(schema, lastKey));
    }
  }
}
