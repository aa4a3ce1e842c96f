package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.expr.Condition;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.expr.Legacy;
import io.tidemark.expr.Projection;
import io.tidemark.table.ItemKey;
import io.tidemark.view.TableView;
import io.tidemark.view.Transactions;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the item operations share: expression parameters, legacy parameters, return values. */
final class ItemRequests {
  private ItemRequests() {}

  /**
   * Checks that a request uses either expressions or their legacy counterparts, never both, and
   * that expression attribute names and values come only with expressions.
   */
  static ExpressionContext expressionContext(Request r, String[] expressionParams, String[] legacyParams) {
    return expressionContext(r, expressionParams, legacyParams, false);
  }

  /**
   * As above; {@code nameTheValueKey}: report an invalid ExpressionAttributeValues entry as
   * "ExpressionAttributeValues contains invalid value: ... for key :v" (Scan does) rather than
   * with the value's own message alone (the other reads and writes).
   */
  static ExpressionContext expressionContext(Request r, String[] expressionParams, String[] legacyParams,
      boolean nameTheValueKey) {
    List<String> expressions = present(r, expressionParams);
    List<String> legacy = present(r, legacyParams);
    if (!expressions.isEmpty() && !legacy.isEmpty()) {
      throw DynamoDbException.validation("Can not use both expression and non-expression parameters in the same "
          + "request: Non-expression parameters: {" + String.join(", ", legacy) + "} Expression parameters: {"
          + String.join(", ", expressions) + "}");
    }
    if (expressions.isEmpty()) {
      if (r.has("ExpressionAttributeNames")) {
        throw DynamoDbException.validation("ExpressionAttributeNames can only be specified when using expressions");
      }
      if (r.has("ExpressionAttributeValues")) {
        throw DynamoDbException.validation("ExpressionAttributeValues can only be specified when using expressions");
      }
    }
    return ExpressionContext.fromJson(r.raw("ExpressionAttributeNames"), r.raw("ExpressionAttributeValues"),
        nameTheValueKey);
  }

  private static List<String> present(Request r, String[] params) {
    List<String> found = new ArrayList<>();
    for (String p : params) {
      if (r.has(p)) {
        found.add(p);
      }
    }
    return found;
  }

  /** ConditionExpression or Expected (with ConditionalOperator); null when neither is given. */
  static Condition writeCondition(Request r, ExpressionContext ctx) {
    String expression = r.string("ConditionExpression");
    if (expression != null) {
      return Expressions.parseCondition(expression, ctx, "ConditionExpression");
    }
    Map<String, Object> expected = r.map("Expected");
    if (expected != null) {
      return Legacy.expected(expected, r.string("ConditionalOperator"));
    }
    if (r.has("ConditionalOperator")) {
      throw DynamoDbException.validation("ConditionalOperator can only be used when Expected or QueryFilter or ScanFilter is present");
    }
    return null;
  }

  /** ProjectionExpression or AttributesToGet; null means every attribute. */
  static Projection projection(Request r, ExpressionContext ctx) {
    String expression = r.string("ProjectionExpression");
    if (expression != null) {
      return Expressions.parseProjection(expression, ctx);
    }
    List<Object> attributes = r.list("AttributesToGet");
    if (attributes != null) {
      return Legacy.attributesToGet(attributes);
    }
    return null;
  }

  /** The single-item writes: they check the same members but list them, and word a few answers, differently. */
  enum WriteKind { PUT, UPDATE, DELETE }

  private static final String[] RETURN_VALUES = {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"};

  /**
   * The checks every single-item write makes before anything else: ReturnValues, TableName,
   * ReturnConsumedCapacity, ReturnItemCollectionMetrics and the Item or Key member, reported
   * together in the order DynamoDB lists them (UpdateItem puts ReturnConsumedCapacity first).
   * PutItem and DeleteItem take only NONE and ALL_OLD. Returns ReturnValues.
   */
  static String checkWrite(Request r, WriteKind kind) {
    String returnValues = r.string("ReturnValues");
    Constraints c = new Constraints();
    if (kind == WriteKind.UPDATE) {
      checkReturnConsumedCapacity(c, r);
    } else {
      c.oneOf(returnValues, "returnValues", RETURN_VALUES);
    }
    Tables.checkName(c, r.string("TableName"));
    if (kind == WriteKind.UPDATE) {
      c.oneOf(returnValues, "returnValues", RETURN_VALUES);
    } else {
      checkReturnConsumedCapacity(c, r);
    }
    c.oneOf(r.string("ReturnItemCollectionMetrics"), "returnItemCollectionMetrics", "SIZE", "NONE");
    c.oneOf(r.string("ConditionalOperator"), "conditionalOperator", "OR", "AND");
    String member = kind == WriteKind.PUT ? "Item" : "Key";
    c.notNull(r.raw(member), member.toLowerCase(java.util.Locale.ROOT));
    c.check();
    boolean newValues = returnValues != null && !returnValues.equals("NONE") && !returnValues.equals("ALL_OLD");
    if (kind == WriteKind.DELETE && newValues) {
      throw DynamoDbException.validation("ReturnValues can only be ALL_OLD or NONE");
    }
    if (kind == WriteKind.PUT && newValues) {
      throw DynamoDbException.validation("Return values set to invalid value");
    }
    return returnValues;
  }

  /**
   * PutItem, UpdateItem and DeleteItem report the problems found in a request before its table is
   * looked up (values, expressions, legacy parameters) inside the framework's envelope, as in
   * {@code 1 validation error detected: Invalid ConditionExpression: ...}; other operations
   * report them bare. Measured against the service.
   */
  static DynamoDbException enveloped(DynamoDbException e) {
    if (e.type() != ErrorType.ValidationException || e.getMessage() == null
        || e.getMessage().matches("(?s)\\d+ validation errors? detected: .*")
        // the two the service still sends bare
        || e.getMessage().startsWith("Can not use both expression and non-expression parameters")
        || e.getMessage().startsWith("Value provided in Expression")) {
      return e;
    }
    return DynamoDbException.validation("1 validation error detected: " + e.getMessage());
  }

  /** Whether a failed condition should carry the old item (ReturnValuesOnConditionCheckFailure). */
  static boolean returnOldOnFailure(Request r) {
    String v = r.string("ReturnValuesOnConditionCheckFailure");
    new Constraints().oneOf(v, "returnValuesOnConditionCheckFailure", "ALL_OLD", "NONE").check();
    return "ALL_OLD".equals(v);
  }

  /** A single-item write on an item that a transaction in progress writes: TransactionConflictException. */
  static void checkNoTransaction(TableView table, ItemKey key) {
    if (table.inTransaction(key)) {
      throw Transactions.conflict();
    }
  }

  static void checkCondition(Condition condition, Map<String, AttributeValue> current, boolean returnOld) {
    if (condition != null && !condition.test(current)) {
      throw DynamoDbException.conditionalCheckFailed(returnOld ? current : null);
    }
  }

  static void checkReturnConsumedCapacity(Constraints c, Request r) {
    c.oneOf(r.string("ReturnConsumedCapacity"), "returnConsumedCapacity", "INDEXES", "TOTAL", "NONE");
  }

  /**
   * ReturnItemCollectionMetrics SIZE on a table with local indexes: the item's collection key and
   * an estimate of its size in GB (DynamoDB: "This information is not returned" otherwise).
   */
  /**
   * ReturnItemCollectionMetrics SIZE for writes to several items (BatchWriteItem,
   * TransactWriteItems): per table with local indexes, one entry per partition written.
   */
  static void writeItemCollectionMetrics(JsonGenerator out, Request r, List<Map.Entry<TableView, ItemKey>> written)
      throws IOException {
    if (!"SIZE".equals(r.string("ReturnItemCollectionMetrics"))) {
      return;
    }
    Map<String, Map<AttributeValue, Map.Entry<TableView, ItemKey>>> byTable = new LinkedHashMap<>();
    for (Map.Entry<TableView, ItemKey> w : written) {
      if (!w.getKey().descriptor().localIndexes.isEmpty()) {
        byTable.computeIfAbsent(w.getKey().descriptor().name, t -> new LinkedHashMap<>())
            .putIfAbsent(w.getValue().partition(), w);
      }
    }
    if (byTable.isEmpty()) {
      return;
    }
    out.writeObjectFieldStart("ItemCollectionMetrics");
    for (Map.Entry<String, Map<AttributeValue, Map.Entry<TableView, ItemKey>>> t : byTable.entrySet()) {
      out.writeArrayFieldStart(t.getKey());
      for (Map.Entry<TableView, ItemKey> w : t.getValue().values()) {
        writeCollection(out, w.getKey(), w.getValue());
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }

  static void writeItemCollectionMetrics(JsonGenerator out, Request r, TableView table, ItemKey key)
      throws IOException {
    if (!"SIZE".equals(r.string("ReturnItemCollectionMetrics")) || table.descriptor().localIndexes.isEmpty()) {
      return;
    }
    out.writeFieldName("ItemCollectionMetrics");
    writeCollection(out, table, key);
  }

  /** One item collection's metrics: {ItemCollectionKey, SizeEstimateRangeGB}. */
  static void writeCollection(JsonGenerator out, TableView table, ItemKey key) throws IOException {
    long bytes = table.shardFor(key.hash()).view().collectionSize(key.partition());
    double gb = Math.floor(bytes / (double) (1L << 30));
    out.writeStartObject();
    out.writeFieldName("ItemCollectionKey");
    AttributeValues.writeItem(out, Map.of(table.descriptor().keySchema.hashName(), key.partition()));
    out.writeArrayFieldStart("SizeEstimateRangeGB");
    out.writeNumber(gb);
    out.writeNumber(gb + 1);
    out.writeEndArray();
    out.writeEndObject();
  }

  static void writeAttributes(JsonGenerator out, String field, Map<String, AttributeValue> item) throws IOException {
    if (item != null && !item.isEmpty()) {
      out.writeFieldName(field);
      AttributeValues.writeItem(out, item);
    }
  }

  static Map<String, AttributeValue> project(Projection projection, Map<String, AttributeValue> item) {
    return projection == null || item == null ? item : projection.apply(item);
  }
}
