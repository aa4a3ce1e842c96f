package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.expr.Condition;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.expr.Legacy;
import io.tidemark.expr.Projection;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
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
    return ExpressionContext.fromJson(r.raw("ExpressionAttributeNames"), r.raw("ExpressionAttributeValues"));
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

  /**
   * The checks every single-item write makes before anything else: TableName, the Item or Key
   * member, ReturnValues (PutItem and DeleteItem take only NONE and ALL_OLD) and
   * ReturnConsumedCapacity. Returns ReturnValues.
   */
  static String checkWrite(Request r, String itemMember, boolean onlyAllOld) {
    String returnValues = r.string("ReturnValues");
    Constraints c = new Constraints();
    Tables.checkName(c, r.string("TableName"));
    c.notNull(r.raw(itemMember), itemMember.toLowerCase(java.util.Locale.ROOT))
        .oneOf(returnValues, "returnValues", "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
    checkReturnConsumedCapacity(c, r);
    c.check();
    if (onlyAllOld && returnValues != null && !returnValues.equals("NONE") && !returnValues.equals("ALL_OLD")) {
      throw DynamoDbException.validation("Return values set to invalid value");
    }
    return returnValues;
  }

  /** Whether a failed condition should carry the old item (ReturnValuesOnConditionCheckFailure). */
  static boolean returnOldOnFailure(Request r) {
    String v = r.string("ReturnValuesOnConditionCheckFailure");
    new Constraints().oneOf(v, "returnValuesOnConditionCheckFailure", "ALL_OLD", "NONE").check();
    return "ALL_OLD".equals(v);
  }

  static void checkCondition(Condition condition, Map<String, AttributeValue> current, boolean returnOld) {
    if (condition != null && !condition.test(current)) {
      throw DynamoDbException.conditionalCheckFailed(returnOld ? current : null);
    }
  }

  static void checkReturnConsumedCapacity(Constraints c, Request r) {
    c.oneOf(r.string("ReturnConsumedCapacity"), "returnConsumedCapacity", "INDEXES", "TOTAL", "NONE");
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
