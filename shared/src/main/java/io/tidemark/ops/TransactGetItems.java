package io.tidemark.ops;

import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.expr.Projection;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.view.TableView;
import io.tidemark.view.Transactions;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.DynamoDbException.CancellationReason;
import io.tidemark.wire.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * TransactGetItems: up to 100 items from any tables, read as of one moment: no transaction is
 * half-seen (the read holds the commit locks of every shard involved while it reads).
 */
final class TransactGetItems implements CommittingOperation {
  private record Get(TableView table, ItemKey key, Projection projection) {
  }

  @Override
  public CompletableFuture<Reply> execute(Request r, CallContext ctx) {
    List<Object> actions = r.list("TransactItems");
    Constraints c = new Constraints();
    c.notNull(actions, "transactItems");
    if (actions != null) {
      c.size(actions, Transacting.dump(actions, "TransactGetItem"), "transactItems", 1,
          TransactWriteItems.MAX_ACTIONS);
    }
    ItemRequests.checkReturnConsumedCapacity(c, r);
    c.check();

    List<Request> bodies = new ArrayList<>(actions.size());
    List<Projection> projections = new ArrayList<>(actions.size());
    for (Object o : actions) {
      Request get = new Request(Request.asMap(o)).struct("Get");
      Constraints g = new Constraints();
      if (get == null) {
        g.notNull(null, "transactItems.member.get");
        g.check();
      }
      Tables.checkName(g, get.string("TableName"));
      g.notNull(get.raw("Key"), "transactItems.member.get.key");
      g.check();
      ExpressionContext exprs = ExpressionContext.fromJson(get.raw("ExpressionAttributeNames"), null);
      String projection = get.string("ProjectionExpression");
      projections.add(projection == null ? null : Expressions.parseProjection(projection, exprs));
      exprs.checkAllUsed();
      bodies.add(get);
    }
    List<Get> gets = new ArrayList<>(bodies.size());
    List<CancellationReason> reasons = new ArrayList<>(bodies.size());
    boolean invalid = false;
    Set<List<Object>> seen = new HashSet<>();
    for (int i = 0; i < bodies.size(); i++) {
      TableView table = Tables.require(ctx, bodies.get(i).string("TableName"));
      Map<String, AttributeValue> key = bodies.get(i).item("Key");
      if (!Items.keyMatchesSchema(table.descriptor().keySchema, key)) {
        reasons.add(new CancellationReason("ValidationError", "The provided key element does not match the schema", null));
        invalid = true;
        gets.add(null);
        continue;
      }
      ItemKey itemKey = Items.checkKey(table.descriptor().keySchema, key);
      if (!seen.add(List.of(table.descriptor().id, itemKey))) {
        throw DynamoDbException.validation("Transaction request cannot include multiple operations on one item");
      }
      reasons.add(CancellationReason.NONE);
      gets.add(new Get(table, itemKey, projections.get(i)));
    }
    if (invalid) {
      throw DynamoDbException.transactionCanceled(reasons);
    }

    // always strongly consistent: catch up with the items' shards
    gets.stream().map(g -> g.table().shardFor(g.key().hash())).distinct().forEach(io.tidemark.view.Shard::catchUp);
    List<Transactions.Read> reads = gets.stream().map(g -> new Transactions.Read(g.table(), g.key())).toList();
    return ctx.database().transactions().read(reads).thenApply(items -> {
      Map<String, Double> units = new LinkedHashMap<>();
      for (int i = 0; i < gets.size(); i++) {
        Map<String, AttributeValue> item = items.get(i);
        units.merge(gets.get(i).table().descriptor().name,
            Transacting.TRANSACTIONAL * Capacity.readUnits(item == null ? 0 : Items.size(item), true), Double::sum);
      }
      return out -> {
        out.writeStartObject();
        Transacting.writeCapacity(out, r, units, true);
        out.writeArrayFieldStart("Responses");
        for (int i = 0; i < gets.size(); i++) {
          out.writeStartObject();
          Map<String, AttributeValue> item = ItemRequests.project(gets.get(i).projection(), items.get(i));
          if (item != null && !item.isEmpty()) {
            out.writeFieldName("Item");
            AttributeValues.writeItem(out, item);
          }
          out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
      };
    });
  }
}
