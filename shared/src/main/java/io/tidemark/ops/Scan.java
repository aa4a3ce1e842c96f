package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.expr.Condition;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.expr.Legacy;
import io.tidemark.expr.Projection;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.IndexKey;
import io.tidemark.table.ItemKey;
import io.tidemark.table.KeySchema;
import io.tidemark.view.GlobalIndexView;
import io.tidemark.view.ReadableTable;
import io.tidemark.view.ShardView;
import io.tidemark.view.StoredItem;
import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.Map;

/**
 * Scan: every item in key order (partition hash first). A parallel scan's segment is a
 * contiguous range of partition hashes, so segments never overlap and together cover the table.
 */
final class Scan implements Operation {
  private static final String[] EXPRESSIONS = {"FilterExpression", "ProjectionExpression"};
  private static final String[] LEGACY = {"ScanFilter", "AttributesToGet"};
  private static final long HASH_SPACE = 1L << 32;

  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    Integer segment = r.integer("Segment");
    Integer totalSegments = r.integer("TotalSegments");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    Reads.checkCommon(c, r, false);
    c.oneOf(r.string("ConditionalOperator"), "conditionalOperator", "OR", "AND")
        .atLeast(segment, "segment", 0).atMost(segment, "segment", 999999)
        .atLeast(totalSegments, "totalSegments", 1).atMost(totalSegments, "totalSegments", 1000000);
    c.check();
    if (segment != null && totalSegments == null) {
      throw DynamoDbException.validation(
          "The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
    }
    if (totalSegments != null && segment == null) {
      throw DynamoDbException.validation(
          "The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
    }
    if (segment != null && segment >= totalSegments) {
      throw DynamoDbException.validation("The Segment parameter is zero-based and must be less than parameter "
          + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
    }
    ExpressionContext exprs = ItemRequests.expressionContext(r, EXPRESSIONS, LEGACY, true);
    Condition filter = r.has("FilterExpression")
        ? Expressions.parseCondition(r.string("FilterExpression"), exprs, "FilterExpression")
        : r.has("ScanFilter") ? Legacy.filter(r.map("ScanFilter"), r.string("ConditionalOperator"), "ScanFilter")
        : null;
    Projection projection = ItemRequests.projection(r, exprs);
    exprs.checkAllUsed();
    TableView table = Tables.require(ctx, name);
    IndexDescriptor indexDefinition = Reads.index(r, table.descriptor());
    boolean countOnly = Reads.countOnly(r, projection, false, indexDefinition);
    ReadableTable source = Reads.source(ctx, table, r);
    if (indexDefinition != null && indexDefinition.isGlobal()) {
      GlobalIndexView global = Reads.globalIndex(r, table, source, indexDefinition, filter, projection);
      scanGlobalIndex(r, table, global, segment, totalSegments, filter, projection, countOnly, out);
      return;
    }
    if (indexDefinition != null) {
      scanLocalIndex(r, table, source, indexDefinition, segment, totalSegments, filter, projection, countOnly, out);
      return;
    }
    ItemKey start = Reads.startKey(r, table.descriptor().keySchema, false);
    Segment range = Segment.of(segment, totalSegments);
    if (start != null) {
      range.checkStart(start.hash());
    }
    Page page = new Page(filter, projection, countOnly, r.integer("Limit"), table.descriptor().keySchema);
    ItemKey from = start != null ? start : ItemKey.hashStart((int) range.lo());
    scan:
    for (int s = source.shardIndex(from.hash()); s < source.shardCount(); s++) {
      Map<ItemKey, ShardView.Slot> items = s == source.shardIndex(from.hash())
          ? source.shardView(s).items().tailMap(from, start == null) : source.shardView(s).items();
      for (Map.Entry<ItemKey, ShardView.Slot> e : items.entrySet()) {
        if (range.isPast(e.getKey().hash())) {
          break scan;
        }
        StoredItem stored = e.getValue().stored();
        if (stored != null && !page.add(stored)) {
          break scan;
        }
      }
    }
    page.writeResponse(out, r, table.descriptor().name, null);
  }

  /** A Scan through a local secondary index: each shard's entries in index order, within the segment's hashes. */
  private static void scanLocalIndex(Request r, TableView table, ReadableTable source, IndexDescriptor index,
      Integer segment, Integer totalSegments, Condition filter, Projection projection, boolean countOnly, JsonGenerator out)
      throws IOException {
    KeySchema tableSchema = table.descriptor().keySchema;
    IndexKey start = Reads.indexStartKey(r, tableSchema, index);
    Segment range = Segment.of(segment, totalSegments);
    if (start != null) {
      range.checkStart(start.index().hash());
    }
    Page page = new Page(filter, projection, countOnly, r.integer("Limit"), Reads.keyNames(tableSchema, index),
        Reads.shape(r, index, tableSchema));
    IndexKey from = start != null ? start : IndexKey.before(ItemKey.hashStart((int) range.lo()));
    scan:
    for (int s = source.shardIndex(from.index().hash()); s < source.shardCount(); s++) {
      ShardView.LocalIndex local = source.shardView(s).local(index.name);
      Map<IndexKey, ShardView.Slot> entries = s == source.shardIndex(from.index().hash())
          ? local.entries().tailMap(from, start == null) : local.entries();
      for (Map.Entry<IndexKey, ShardView.Slot> e : entries.entrySet()) {
        if (range.isPast(e.getKey().index().hash())) {
          break scan;
        }
        StoredItem stored = local.visible(e.getKey(), e.getValue());
        if (stored != null && !page.add(stored)) {
          break scan;
        }
      }
    }
    page.writeResponse(out, r, table.descriptor().name, index);
  }

  /** A Scan through a global secondary index: its entries in index order, within the segment's index-key hashes. */
  private static void scanGlobalIndex(Request r, TableView table, GlobalIndexView global, Integer segment,
      Integer totalSegments, Condition filter, Projection projection, boolean countOnly, JsonGenerator out)
      throws IOException {
    KeySchema tableSchema = table.descriptor().keySchema;
    IndexDescriptor index = global.definition();
    IndexKey start = Reads.indexStartKey(r, tableSchema, index);
    Segment range = Segment.of(segment, totalSegments);
    if (start != null) {
      range.checkStart(start.index().hash());
    }
    Page page = new Page(filter, projection, countOnly, r.integer("Limit"), Reads.keyNames(tableSchema, index),
        Reads.shape(r, index, tableSchema));
    IndexKey from = start != null ? start : IndexKey.before(ItemKey.hashStart((int) range.lo()));
    for (Map.Entry<IndexKey, StoredItem> e : global.entries().tailMap(from, start == null).entrySet()) {
      if (range.isPast(e.getKey().index().hash()) || !page.add(e.getValue())) {
        break;
      }
    }
    page.writeResponse(out, r, table.descriptor().name, index);
  }

  /** A parallel scan segment's range of (unsigned) partition hashes: [lo, hi). */
  private record Segment(long lo, long hi) {
    static Segment of(Integer segment, Integer totalSegments) {
      int segments = totalSegments == null ? 1 : totalSegments;
      int part = segment == null ? 0 : segment;
      return new Segment(ceilDiv(part * HASH_SPACE, segments), ceilDiv((part + 1) * HASH_SPACE, segments));
    }

    void checkStart(int hash) {
      long h = Integer.toUnsignedLong(hash);
      if (h < lo || h >= hi) {
        throw DynamoDbException.validation("The provided Exclusive start key does not map to the provided segment");
      }
    }

    boolean isPast(int hash) {
      return Integer.toUnsignedLong(hash) >= hi;
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
