package io.tidemark.ops;

import io.tidemark.expr.Condition;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DeleteItem: removes the item, if the condition holds; deleting a missing item is not an error. */
final class DeleteItem implements CommittingOperation {
  private static final String[] EXPRESSIONS = {"ConditionExpression"};
  private static final String[] LEGACY = {"Expected"};

  @Override
  public CompletableFuture<Reply> execute(Request r, CallContext ctx) {
    String name = r.string("TableName");
    String returnValues;
    boolean returnOld;
    Map<String, AttributeValue> key;
    Condition condition;
    try {
      returnValues = ItemRequests.checkWrite(r, ItemRequests.WriteKind.DELETE);
      returnOld = ItemRequests.returnOldOnFailure(r);
      key = r.item("Key");
      ExpressionContext exprs = ItemRequests.expressionContext(r, EXPRESSIONS, LEGACY);
      condition = ItemRequests.writeCondition(r, exprs);
      exprs.checkAllUsed();
    } catch (DynamoDbException e) {
      throw ItemRequests.enveloped(e);
    }
    TableView table = Tables.require(ctx, name);
    ItemKey itemKey = Items.checkKey(table.descriptor().keySchema, key);
    ItemRequests.checkNoTransaction(table, itemKey);
    return table.write(itemKey, key, "DeleteItem", ctx.principal(), current -> {
      ItemRequests.checkCondition(condition, current, returnOld);
      return null;
    }).thenApply(result -> out -> {
      out.writeStartObject();
      if ("ALL_OLD".equals(returnValues)) {
        ItemRequests.writeAttributes(out, "Attributes", result.oldItem());
      }
      Capacity.writeWithIndexes(out, r, table, itemKey, result.oldItem(), null);
      ItemRequests.writeItemCollectionMetrics(out, r, table, itemKey);
      out.writeEndObject();
    });
  }
}
