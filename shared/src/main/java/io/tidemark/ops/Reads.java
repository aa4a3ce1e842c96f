package io.tidemark.ops;

import io.tidemark.expr.Projection;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.util.Map;

/** What Query and Scan share: Select, Limit, ExclusiveStartKey. */
final class Reads {
  private Reads() {}

  /** Select, Limit, ReturnConsumedCapacity. Query reports a bad Limit in the framework's newer form, Scan in the older. */
  static void checkCommon(Constraints c, Request r, boolean query) {
    c.oneOf(r.string("Select"), "select", "SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES");
    Integer limit = r.integer("Limit");
    if (query && limit != null && limit < 1) {
      c.addUnechoed("Limit", "Member must have value greater than or equal to 1");
    } else {
      c.atLeast(limit, "limit", 1);
    }
    ItemRequests.checkReturnConsumedCapacity(c, r);
  }

  /** Applies DynamoDB's rules between Select and a projection; returns whether only counts are wanted. */
  static boolean countOnly(Request r, Projection projection, boolean query) {
    String select = r.string("Select");
    if (r.has("IndexName")) {
      throw DynamoDbException.validation("The table does not have the specified index: " + r.string("IndexName"));
    }
    if (projection != null && select != null && !"SPECIFIC_ATTRIBUTES".equals(select)) {
      // checked first: with ALL_PROJECTED_ATTRIBUTES and no index, this is the error DynamoDB reports
      String param = r.has("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet";
      throw DynamoDbException.validation("Cannot specify the " + param + " when choosing to get " + select);
    }
    if ("ALL_PROJECTED_ATTRIBUTES".equals(select)) {
      throw DynamoDbException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }
    if ("SPECIFIC_ATTRIBUTES".equals(select) && projection == null) {
      // Query's answer comes in the framework's envelope, Scan's bare
      throw DynamoDbException.validation((query ? "1 validation error detected: " : "")
          + "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
    }
    return "COUNT".equals(select);
  }

  /** The ExclusiveStartKey as a key of this table, or null. Query's message is the short one, Scan's the long. */
  static ItemKey startKey(Request r, KeySchema schema, boolean query) {
    Map<String, AttributeValue> start = r.item("ExclusiveStartKey");
    if (start == null) {
      return null;
    }
    try {
      return Items.checkKey(schema, start);
    } catch (DynamoDbException e) {
      throw DynamoDbException.validation("The provided starting key is invalid" + (query ? "" : ": " + e.getMessage()));
    }
  }
}
