package io.tidemark.ops;

import io.tidemark.expr.Condition;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.KeySchema;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** PutItem: replaces the whole item, if the condition holds. */
final class PutItem implements CommittingOperation {
  private static final String[] EXPRESSIONS = {"ConditionExpression"};
  private static final String[] LEGACY = {"Expected"};

  @Override
  public CompletableFuture<Reply> execute(Request r, CallContext ctx) {
    String name = r.string("TableName");
    String returnValues;
    boolean returnOld;
    Map<String, AttributeValue> item;
    Condition condition;
    try {
      returnValues = ItemRequests.checkWrite(r, ItemRequests.WriteKind.PUT);
      returnOld = ItemRequests.returnOldOnFailure(r);
      item = r.item("Item");
      ExpressionContext exprs = ItemRequests.expressionContext(r, EXPRESSIONS, LEGACY);
      condition = ItemRequests.writeCondition(r, exprs);
      exprs.checkAllUsed();
    } catch (DynamoDbException e) {
      throw ItemRequests.enveloped(e);
    }
    TableView table = Tables.require(ctx, name);
    KeySchema schema = table.descriptor().keySchema;
    Items.checkItem(schema, item);
    Items.checkIndexKeys(table.descriptor(), item, false);
    ItemKey itemKey = ItemKey.of(schema, item);
    ItemRequests.checkNoTransaction(table, itemKey);
    return table.write(itemKey, Items.keyOf(schema, item), "PutItem", ctx.principal(), current -> {
      ItemRequests.checkCondition(condition, current, returnOld);
      return item;
    }).thenApply(result -> out -> {
      out.writeStartObject();
      if ("ALL_OLD".equals(returnValues)) {
        ItemRequests.writeAttributes(out, "Attributes", result.oldItem());
      }
      Capacity.writeWithIndexes(out, r, table, itemKey, result.oldItem(), item);
      ItemRequests.writeItemCollectionMetrics(out, r, table, itemKey);
      out.writeEndObject();
    });
  }
}
