package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.expr.Condition;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.expr.KeyCondition;
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
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Query: one partition, a sort-key range, in either order, a page at a time. */
final class Query implements Operation {
  /** For what Query and Scan share but word differently. */
  private static final boolean QUERY = true;

  private static final String[] EXPRESSIONS = {"KeyConditionExpression", "FilterExpression", "ProjectionExpression"};
  private static final String[] LEGACY = {"KeyConditions", "QueryFilter", "AttributesToGet"};

  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    Reads.checkCommon(c, r, QUERY);
    c.oneOf(r.string("ConditionalOperator"), "conditionalOperator", "OR", "AND");
    c.check();
    ExpressionContext exprs = ItemRequests.expressionContext(r, EXPRESSIONS, LEGACY);
    // Everything that needs no schema is checked before the table is looked up, as DynamoDB does:
    // the key condition's syntax and operand types (parsed again below, against the key schema),
    // the filter, the projection, unused names and values.
    if (r.has("KeyConditionExpression")) {
      Expressions.parseCondition(r.string("KeyConditionExpression"), exprs, "KeyConditionExpression");
    }
    Condition filter = r.has("FilterExpression")
        ? Expressions.parseCondition(r.string("FilterExpression"), exprs, "FilterExpression")
        : r.has("QueryFilter") ? Legacy.filter(r.map("QueryFilter"), r.string("ConditionalOperator"), "QueryFilter")
        : null;
    Projection projection = ItemRequests.projection(r, exprs);
    exprs.checkAllUsed();
    TableView table = Tables.require(ctx, name);
    KeySchema tableSchema = table.descriptor().keySchema;
    IndexDescriptor index = Reads.index(r, table.descriptor());
    // the key condition, the filter's key rule and the bounds are the index's when reading through one
    KeySchema schema = index == null ? tableSchema : index.keySchema;
    KeyCondition keys;
    if (r.has("KeyConditionExpression")) {
      keys = KeyCondition.analyse(r.string("KeyConditionExpression"), exprs, schema.hashName(), schema.hashType(),
          schema.rangeName(), schema.rangeType());
    } else if (r.has("KeyConditions")) {
      keys = Legacy.keyConditions(r.map("KeyConditions"), schema.hashName(), schema.hashType(), schema.rangeName(),
          schema.rangeType());
    } else {
      throw DynamoDbException.validation(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }
    if (filter != null) {
      for (String attribute : filter.topLevelNames()) {
        if (schema.isKeyAttribute(attribute)) {
          throw DynamoDbException.validation(
              "Filter Expression can only contain non-primary key attributes: Primary key attribute: " + attribute);
        }
      }
    }
    boolean countOnly = Reads.countOnly(r, projection, QUERY, index);
    // a global index spans every shard; the table and its local indexes, the partition's only
    ReadableTable source = Reads.source(ctx, table, r,
        index != null && index.isGlobal() ? null : io.tidemark.table.PartitionHash.of(keys.hashValue()));
    GlobalIndexView global = index != null && index.isGlobal()
        ? Reads.globalIndex(r, table, source, index, filter, projection) : null;
    AttributeValue hash = keys.hashValue();
    if (hash.type() != schema.hashType()) {
      throw DynamoDbException.validation("One or more parameter values were invalid: Condition parameter type "
          + "does not match schema type");
    }
    if (index != null) {
      queryIndex(r, table, source, index, global, keys, filter, projection, countOnly, out);
      return;
    }
    ItemKey start = Reads.startKey(r, schema, QUERY);
    if (start != null && !start.partition().equals(hash)) {
      throw DynamoDbException.validation("The provided starting key is outside query boundaries based on provided conditions");
    }
    boolean forward = !Boolean.FALSE.equals(r.bool("ScanIndexForward"));
    Page page = new Page(filter, projection, countOnly, r.integer("Limit"), schema);
    Bounds bounds = bounds(keys, hash);
    if (start != null && !bounds.contains(start)) {
      throw DynamoDbException.validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    NavigableMap<ItemKey, ShardView.Slot> range = source.viewFor(bounds.lo().hash()).items().subMap(bounds.lo(), bounds.loIn(), bounds.hi(), bounds.hiIn());
    if (start != null) {
      range = forward ? range.tailMap(start, false) : range.headMap(start, false);
    }
    fill(page, forward ? range : range.descendingMap(), keys, forward, (key, slot) -> slot.stored(), ItemKey::sort);
    page.writeResponse(out, r, table.descriptor().name, null);
  }

  /**
   * Offers the range's items to the page in order, skipping entries with no visible item (deleted,
   * or a stale index entry); with begins_with, stops once past the run of sort keys with the prefix.
   */
  private static <K, V> void fill(Page page, NavigableMap<K, V> range, KeyCondition keys, boolean forward,
      BiFunction<K, V, StoredItem> visible, Function<K, AttributeValue> sortOf) {
    boolean prefix = keys.rangeOp() == KeyCondition.RangeOp.BEGINS_WITH;
    boolean matched = false;
    for (Map.Entry<K, V> e : range.entrySet()) {
      StoredItem stored = visible.apply(e.getKey(), e.getValue());
      if (stored == null) {
        continue;
      }
      if (prefix && !keys.rangeMatches(sortOf.apply(e.getKey()))) {
        if (matched || forward) {
          break; // past the run of keys with the prefix
        }
        continue;
      }
      matched = true;
      if (!page.add(stored)) {
        break;
      }
    }
  }

  /**
   * A Query through a secondary index: the index partition's entries in the index's sort order,
   * between the bounds of the condition on the index's sort key. A local index's entries are in the
   * partition's shard and each must still be valid for its item; a global index spans the table.
   */
  private static void queryIndex(Request r, TableView table, ReadableTable source, IndexDescriptor index,
      GlobalIndexView global,
      KeyCondition keys, Condition filter, Projection projection, boolean countOnly, JsonGenerator out)
      throws IOException {
    KeySchema tableSchema = table.descriptor().keySchema;
    AttributeValue hash = keys.hashValue();
    IndexKey start = Reads.indexStartKey(r, tableSchema, index);
    boolean forward = !Boolean.FALSE.equals(r.bool("ScanIndexForward"));
    Bounds bounds = bounds(keys, hash);
    // an inclusive bound takes in every item with that index key; an exclusive one none
    IndexKey lo = bounds.loIn() ? IndexKey.before(bounds.lo()) : IndexKey.after(bounds.lo());
    IndexKey hi = bounds.hiIn() ? IndexKey.after(bounds.hi()) : IndexKey.before(bounds.hi());
    if (start != null && (start.compareTo(lo) < 0 || start.compareTo(hi) > 0)) {
      throw DynamoDbException.validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    Page page = new Page(filter, projection, countOnly, r.integer("Limit"), Reads.keyNames(tableSchema, index),
        Reads.shape(r, index, tableSchema));
    if (global != null) {
      NavigableMap<IndexKey, StoredItem> range = global.entries().subMap(lo, true, hi, true);
      if (start != null) {
        range = forward ? range.tailMap(start, false) : range.headMap(start, false);
      }
      fill(page, forward ? range : range.descendingMap(), keys, forward, (key, stored) -> stored,
          key -> key.index().sort());
    } else {
      ShardView.LocalIndex local = source.viewFor(bounds.lo().hash()).local(index.name);
      NavigableMap<IndexKey, ShardView.Slot> range = local.entries().subMap(lo, true, hi, true);
      if (start != null) {
        range = forward ? range.tailMap(start, false) : range.headMap(start, false);
      }
      fill(page, forward ? range : range.descendingMap(), keys, forward, local::visible, key -> key.index().sort());
    }
    page.writeResponse(out, r, table.descriptor().name, index);
  }

  /** The key range of one partition that a sort-key condition selects. */
  private record Bounds(ItemKey lo, boolean loIn, ItemKey hi, boolean hiIn) {
    boolean contains(ItemKey key) {
      int atLo = key.compareTo(lo);
      int atHi = key.compareTo(hi);
      return (atLo > 0 || atLo == 0 && loIn) && (atHi < 0 || atHi == 0 && hiIn);
    }
  }

  /** The bounds of the sort-key condition (begins_with: from the prefix on; the caller stops after the run). */
  private static Bounds bounds(KeyCondition keys, AttributeValue hash) {
    ItemKey lo = ItemKey.partitionStart(hash);
    ItemKey hi = ItemKey.partitionEnd(hash);
    if (keys.rangeOp() == null) {
      return new Bounds(lo, true, hi, true);
    }
    ItemKey v1 = new ItemKey(hash, keys.rangeValue1());
    switch (keys.rangeOp()) {
      case EQ:
        return new Bounds(v1, true, v1, true);
      case LT:
        return new Bounds(lo, true, v1, false);
      case LE:
        return new Bounds(lo, true, v1, true);
      case GT:
        return new Bounds(v1, false, hi, true);
      case GE:
      case BEGINS_WITH:
        return new Bounds(v1, true, hi, true);
      case BETWEEN:
        return new Bounds(v1, true, new ItemKey(hash, keys.rangeValue2()), true);
      default:
        throw new IllegalStateException(keys.rangeOp().name());
    }
  }
}
