package io.tidemark.ops;

import io.tidemark.expr.Condition;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.expr.Legacy;
import io.tidemark.expr.Projection;
import io.tidemark.expr.UpdatePlan;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.KeySchema;
import io.tidemark.view.TableView;
import io.tidemark.view.WriteResult;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** UpdateItem: changes attributes of the item (creating it if absent), if the condition holds. */
final class UpdateItem implements CommittingOperation {
  private static final String[] EXPRESSIONS = {"UpdateExpression", "ConditionExpression"};
  private static final String[] LEGACY = {"AttributeUpdates", "Expected"};

  @Override
  public CompletableFuture<Reply> execute(Request r, CallContext ctx) {
    String name = r.string("TableName");
    String returnValues;
    boolean returnOld;
    Map<String, AttributeValue> key;
    UpdatePlan plan;
    Condition condition;
    try {
      returnValues = ItemRequests.checkWrite(r, ItemRequests.WriteKind.UPDATE);
      returnOld = ItemRequests.returnOldOnFailure(r);
      key = r.item("Key");
      ExpressionContext exprs = ItemRequests.expressionContext(r, EXPRESSIONS, LEGACY);
      String updateExpression = r.string("UpdateExpression");
      plan = updateExpression != null ? Expressions.parseUpdate(updateExpression, exprs)
          : r.has("AttributeUpdates") ? Legacy.attributeUpdates(r.map("AttributeUpdates")) : null;
      condition = ItemRequests.writeCondition(r, exprs);
      exprs.checkAllUsed();
    } catch (DynamoDbException e) {
      throw ItemRequests.enveloped(e);
    }
    TableView table = Tables.require(ctx, name);
    KeySchema schema = table.descriptor().keySchema;
    ItemKey itemKey = Items.checkKey(schema, key);
    if (plan != null) {
      for (String keyName : table.descriptor().keyNames()) {
        if (plan.touchesTopLevel(keyName)) {
          throw DynamoDbException.validation("One or more parameter values were invalid: Cannot update attribute "
              + keyName + ". This attribute is part of the key");
        }
      }
    }
    ItemRequests.checkNoTransaction(table, itemKey);
    return table.write(itemKey, key, "UpdateItem", ctx.principal(), current -> {
      ItemRequests.checkCondition(condition, current, returnOld);
      Map<String, AttributeValue> base = current;
      if (base == null) {
        base = new LinkedHashMap<>(key);
      }
      if (plan == null) {
        return current == null ? base : current;
      }
      Map<String, AttributeValue> updated = plan.apply(base);
      Items.checkUpdatedItemSize(updated);
      Items.checkIndexKeys(table.descriptor(), updated, true);
      return updated;
    }).thenApply(result -> out -> {
      out.writeStartObject();
      ItemRequests.writeAttributes(out, "Attributes", returnedAttributes(returnValues, plan, result));
      Capacity.writeWithIndexes(out, r, table, itemKey, result.oldItem(), result.newItem());
      ItemRequests.writeItemCollectionMetrics(out, r, table, itemKey);
      out.writeEndObject();
    });
  }

  /** What ReturnValues asks for, or null. */
  private static Map<String, AttributeValue> returnedAttributes(String returnValues, UpdatePlan plan,
      WriteResult result) {
    Map<String, AttributeValue> attributes = null;
    if (returnValues != null) {
      switch (returnValues) {
        case "ALL_OLD":
          attributes = result.oldItem();
          break;
        case "ALL_NEW":
          attributes = result.newItem();
          break;
        case "UPDATED_OLD":
          attributes = plan == null || result.oldItem() == null ? null
              : Projection.ofPaths(plan.paths()).apply(result.oldItem());
          break;
        case "UPDATED_NEW":
          attributes = plan == null ? null : Projection.ofPaths(plan.paths()).apply(result.newItem());
          break;
        default:
          break;
      }
    }
    return attributes;
  }
}
