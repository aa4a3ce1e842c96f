package io.tidemark.ops;

import io.tidemark.expr.Condition;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.expr.UpdatePlan;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.KeySchema;
import io.tidemark.view.ItemMutation;
import io.tidemark.view.TableView;
import io.tidemark.view.Transactions;
import io.tidemark.view.WriteResult;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.DynamoDbException.CancellationReason;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions across tables, all
 * applied or none (see {@link Transactions}). As DynamoDB does, problems with the request itself
 * are a ValidationException before anything runs; problems found per action (a failed condition,
 * a key of the wrong type, an update that makes an item too large) cancel the transaction with a
 * reason for every action, in request order.
 */
final class TransactWriteItems implements CommittingOperation {
  static final int MAX_ACTIONS = 100;
  /** DynamoDB's limit on the items of one transaction, in its item-size measure. */
  static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;
  private static final String[] KINDS = {"ConditionCheck", "Put", "Delete", "Update"};

  /** One action, validated; {@code invalid} is set when it can only cancel the transaction. */
  private record Action(String kind, TableView table, ItemKey key, Map<String, AttributeValue> keyAttributes,
      Map<String, AttributeValue> item, Condition condition, UpdatePlan plan, boolean returnOld,
      DynamoDbException invalid) {
  }

  /** An action's request parts once its expressions are parsed (before any table is looked up). */
  private record Parsed(String kind, Request body, Map<String, AttributeValue> item, Map<String, AttributeValue> key,
      Condition condition, UpdatePlan plan, boolean returnOld) {
  }

  @Override
  public CompletableFuture<Reply> execute(Request r, CallContext ctx) {
    List<Object> actions = r.list("TransactItems");
    String token = r.string("ClientRequestToken");
    Constraints c = new Constraints();
    c.notNull(actions, "transactItems");
    if (actions != null) {
      c.size(actions, Transacting.dump(actions, "TransactWriteItem"), "transactItems", 1, MAX_ACTIONS);
    }
    c.length(token, "clientRequestToken", 1, 36);
    ItemRequests.checkReturnConsumedCapacity(c, r);
    c.oneOf(r.string("ReturnItemCollectionMetrics"), "returnItemCollectionMetrics", "SIZE", "NONE");
    c.check();

    // Every action's shape and expressions first, in request order: these errors come before any table lookup.
    List<Parsed> parsed = new ArrayList<>(actions.size());
    for (Object o : actions) {
      parsed.add(parse(new Request(Request.asMap(o))));
    }
    List<Action> resolved = new ArrayList<>(parsed.size());
    Set<List<Object>> seen = new HashSet<>();
    long totalBytes = 0;
    for (Parsed p : parsed) {
      Action a = resolve(p, ctx);
      if (a.key() != null && !seen.add(List.of(a.table().descriptor().id, a.key()))) {
        throw DynamoDbException.validation("Transaction request cannot include multiple operations on one item");
      }
      totalBytes += a.item() != null ? Items.size(a.item()) : Items.size(a.keyAttributes());
      resolved.add(a);
    }
    if (totalBytes > MAX_TRANSACTION_BYTES) {
      throw DynamoDbException.validation("Transaction request size has exceeded the maximum allowed size of 4 MB");
    }
    if (resolved.stream().anyMatch(a -> a.invalid() != null)) {
      List<CancellationReason> reasons = new ArrayList<>();
      for (Action a : resolved) {
        reasons.add(a.invalid() == null ? CancellationReason.NONE
            : new CancellationReason("ValidationError", a.invalid().getMessage(), null));
      }
      throw DynamoDbException.transactionCanceled(reasons);
    }

    List<Transactions.Write> writes = new ArrayList<>(resolved.size());
    for (Action a : resolved) {
      writes.add(new Transactions.Write(a.table(), a.key(), a.keyAttributes(), mutation(a)));
    }
    String fingerprint = token == null ? null : Transacting.fingerprint(r.body());
    return ctx.database().transactions().write(writes, ctx.principal(), token, fingerprint).thenApply(outcome -> {
      if (!outcome.committed()) {
        throw DynamoDbException.transactionCanceled(reasons(outcome.failures()));
      }
      Map<String, Capacity.Units> units = new LinkedHashMap<>();
      for (int i = 0; i < resolved.size(); i++) {
        WriteResult result = outcome.results().get(i);
        Action a = resolved.get(i);
        Capacity.Units u = outcome.replayed()
            ? Capacity.Units.ofTable(Capacity.readUnits(size(result.oldItem()), true))
            : Capacity.ofWrite(a.table().descriptor(), a.key(), result.oldItem(), result.newItem());
        units.computeIfAbsent(a.table().descriptor().name, t -> new Capacity.Units())
            .add(u.times(Transacting.TRANSACTIONAL));
      }
      boolean reads = outcome.replayed();
      return out -> {
        out.writeStartObject();
        Transacting.writeUnits(out, r, units, reads);
        List<Map.Entry<TableView, ItemKey>> written = new ArrayList<>();
        resolved.forEach(a -> written.add(Map.entry(a.table(), a.key())));
        ItemRequests.writeItemCollectionMetrics(out, r, written);
        out.writeEndObject();
      };
    });
  }

  private static long size(Map<String, AttributeValue> item) {
    return item == null ? 0 : Items.size(item);
  }

  private static Parsed parse(Request a) {
    String kind = null;
    int kinds = 0;
    for (String k : KINDS) {
      if (a.has(k)) {
        kind = k;
        kinds++;
      }
    }
    if (kinds != 1) {
      throw DynamoDbException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
    }
    Request body = a.struct(kind);
    Constraints c = new Constraints();
    String path = "transactItems.member." + Character.toLowerCase(kind.charAt(0)) + kind.substring(1) + ".";
    Tables.checkName(c, body.string("TableName"));
    c.oneOf(body.string("ReturnValuesOnConditionCheckFailure"), path + "returnValuesOnConditionCheckFailure",
        "ALL_OLD", "NONE");
    if (kind.equals("Put")) {
      c.notNull(body.raw("Item"), path + "item");
    } else {
      c.notNull(body.raw("Key"), path + "key");
    }
    if (kind.equals("ConditionCheck")) {
      c.notNull(body.raw("ConditionExpression"), path + "conditionExpression");
    }
    if (kind.equals("Update")) {
      c.notNull(body.raw("UpdateExpression"), path + "updateExpression");
    }
    c.check();
    Map<String, AttributeValue> item = kind.equals("Put") ? body.item("Item") : null;
    Map<String, AttributeValue> key = kind.equals("Put") ? null : body.item("Key");
    ExpressionContext exprs = ExpressionContext.fromJson(body.raw("ExpressionAttributeNames"),
        body.raw("ExpressionAttributeValues"));
    UpdatePlan plan = kind.equals("Update") ? Expressions.parseUpdate(body.string("UpdateExpression"), exprs) : null;
    String conditionText = body.string("ConditionExpression");
    Condition condition = conditionText == null ? null
        : Expressions.parseCondition(conditionText, exprs, "ConditionExpression");
    exprs.checkAllUsed();
    boolean returnOld = "ALL_OLD".equals(body.string("ReturnValuesOnConditionCheckFailure"));
    return new Parsed(kind, body, item, key, condition, plan, returnOld);
  }

  private static Action resolve(Parsed p, CallContext ctx) {
    TableView table = Tables.require(ctx, p.body().string("TableName"));
    KeySchema schema = table.descriptor().keySchema;
    if (p.kind().equals("Put")) {
      Items.checkItemKeysPresent(schema, p.item());
      DynamoDbException mismatch = Items.keyTypeMismatch(schema, p.item());
      if (mismatch != null) {
        return new Action(p.kind(), table, null, null, p.item(), null, null, false, mismatch);
      }
      Items.checkItem(schema, p.item());
      try {
        Items.checkIndexKeys(table.descriptor(), p.item(), false);
      } catch (DynamoDbException e) {
        if (e.getMessage().contains("Type mismatch")) {
          // a wrong index key type cancels the transaction rather than rejecting it (an empty one rejects)
          return new Action(p.kind(), table, null, null, p.item(), null, null, false, e);
        }
        throw e;
      }
      return new Action(p.kind(), table, ItemKey.of(schema, p.item()), Items.keyOf(schema, p.item()), p.item(),
          p.condition(), null, p.returnOld(), null);
    }
    if (!Items.keyMatchesSchema(schema, p.key())) {
      return new Action(p.kind(), table, null, p.key(), null, null, null, false,
          DynamoDbException.validation("The provided key element does not match the schema"));
    }
    ItemKey key = Items.checkKey(schema, p.key());
    if (p.plan() != null) {
      for (String keyName : table.descriptor().keyNames()) {
        if (p.plan().touchesTopLevel(keyName)) {
          throw DynamoDbException.validation("One or more parameter values were invalid: Cannot update attribute "
              + keyName + ". This attribute is part of the key");
        }
      }
    }
    return new Action(p.kind(), table, key, p.key(), null, p.condition(), p.plan(), p.returnOld(), null);
  }

  /** What the action does to its item at commit time (the transaction evaluates every action first). */
  private static ItemMutation mutation(Action a) {
    return current -> {
      ItemRequests.checkCondition(a.condition(), current, a.returnOld());
      switch (a.kind()) {
        case "Put":
          return a.item();
        case "Delete":
          return null;
        case "ConditionCheck":
          return current;
        default:
          Map<String, AttributeValue> base = current != null ? current : new LinkedHashMap<>(a.keyAttributes());
          Map<String, AttributeValue> updated = a.plan().apply(base);
          Items.checkUpdatedItemSize(updated);
          Items.checkIndexKeys(a.table().descriptor(), updated, true);
          return updated;
      }
    };
  }

  private static List<CancellationReason> reasons(List<DynamoDbException> failures) {
    List<CancellationReason> reasons = new ArrayList<>(failures.size());
    for (DynamoDbException e : failures) {
      if (e == null) {
        reasons.add(CancellationReason.NONE);
      } else if (e.type() == ErrorType.ConditionalCheckFailedException) {
        reasons.add(new CancellationReason("ConditionalCheckFailed", e.getMessage(), e.item()));
      } else if (e.type() == ErrorType.ValidationException) {
        reasons.add(new CancellationReason("ValidationError", e.getMessage(), null));
      } else if (e.type() == ErrorType.ItemCollectionSizeLimitExceededException) {
        reasons.add(new CancellationReason("ItemCollectionSizeLimitExceeded", "Collection size exceeded.", null));
      } else if (e.type() == ErrorType.TransactionConflictException) {
        reasons.add(new CancellationReason("TransactionConflict", e.getMessage(), null));
      } else {
        throw e;
      }
    }
    return reasons;
  }
}
