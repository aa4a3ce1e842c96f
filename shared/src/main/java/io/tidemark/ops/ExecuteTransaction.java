package io.tidemark.ops;

import io.tidemark.partiql.PartiQl;
import io.tidemark.partiql.ReturnValues;
import io.tidemark.partiql.Statement;
import io.tidemark.table.TableDescriptor;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.DynamoDbException.CancellationReason;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * ExecuteTransaction: up to 100 PartiQL statements as one transaction, run as the
 * TransactGetItems (all SELECTs) or TransactWriteItems (INSERT, UPDATE, DELETE and EXISTS
 * condition checks) request they compile to. INSERT of an existing key cancels the transaction
 * with the reason DuplicateItem.
 */
final class ExecuteTransaction implements CommittingOperation {
  @Override
  public CompletableFuture<Reply> execute(Request r, CallContext ctx) {
    List<Object> raw = r.list("TransactStatements");
    String token = r.string("ClientRequestToken");
    Constraints c = new Constraints().notNull(raw, "transactStatements");
    if (raw != null) {
      c.size(raw, raw, "transactStatements", 1, TransactWriteItems.MAX_ACTIONS);
    }
    c.length(token, "clientRequestToken", 1, 36);
    ItemRequests.checkReturnConsumedCapacity(c, r);
    c.check();
    List<Statement> statements = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      Request s = new Request(Request.asMap(raw.get(i)));
      Constraints sc = new Constraints();
      PartiQlRequests.checkStatement(sc, s, "transactStatements." + (i + 1) + ".member.statement");
      sc.check();
      statements.add(PartiQl.parse(s.string("Statement"), PartiQlRequests.parameters(s)));
    }
    boolean reads = statements.stream().allMatch(s -> s instanceof Statement.Select);
    Map<String, Object> native_ = new LinkedHashMap<>();
    List<Object> actions = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      actions.add(reads ? get((Statement.Select) statements.get(i), i, ctx) : write(statements.get(i), i, ctx));
    }
    native_.put("TransactItems", actions);
    if (token != null) {
      native_.put("ClientRequestToken", token);
    }
    if (r.string("ReturnConsumedCapacity") != null) {
      native_.put("ReturnConsumedCapacity", r.string("ReturnConsumedCapacity"));
    }
    CommittingOperation op = reads ? new TransactGetItems() : new TransactWriteItems();
    return op.execute(new Request(native_), ctx).handle((reply, failure) -> {
      if (failure != null) {
        throw withDuplicates(failure, statements);
      }
      Map<String, Object> response = PartiQlRunner.render(reply);
      if (reads) {
        return readResponses(response, statements);
      }
      return out -> {
        out.writeStartObject();
        out.writeArrayFieldStart("Responses");
        out.writeEndArray();
        PartiQlRequests.copy(out, response, "ConsumedCapacity");
        out.writeEndObject();
      };
    });
  }

  /**
   * TransactGetItems' Responses, each item kept only if it also meets the rest of its SELECT's
   * WHERE (TransactGetItems itself reads by key alone), then projected.
   */
  private static Reply readResponses(Map<String, Object> response, List<Statement> statements) {
    List<Object> responses = Request.asList(response.get("Responses"));
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < responses.size(); i++) {
      Object raw = Request.asMap(responses.get(i)).get("Item");
      Map<String, AttributeValue> item = raw == null ? null : AttributeValues.decodeItem(raw);
      Statement.Select select = (Statement.Select) statements.get(i);
      boolean matches = item != null && select.where().condition().test(item);
      items.add(matches ? PartiQlRunner.flatten(item, select.projection()) : null);
    }
    return out -> {
      out.writeStartObject();
      PartiQlRequests.copy(out, response, "ConsumedCapacity");
      out.writeArrayFieldStart("Responses");
      for (Map<String, AttributeValue> item : items) {
        out.writeStartObject();
        if (item != null && !item.isEmpty()) {
          out.writeFieldName("Item");
          AttributeValues.writeItem(out, item);
        }
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    };
  }

  private static Map<String, Object> get(Statement.Select s, int index, CallContext ctx) {
    if (s.indexName() != null) {
      throw invalid(index, "Reads on indices are not supported within transactions.");
    }
    TableDescriptor table = Tables.require(ctx, s.tableName()).descriptor();
    Map<String, AttributeValue> key = PartiQlRunner.fullKey(s, table.keySchema);
    if (key == null) {
      throw invalid(index, "Select statements within ExecuteTransaction must specify the primary key in the where clause.");
    }
    Map<String, Object> get = new LinkedHashMap<>();
    get.put("TableName", table.name);
    get.put("Key", AttributeValues.toRequestForm(key)); // the whole item: WHERE is checked on it, then projected
    return Map.of("Get", get);
  }

  private static Map<String, Object> write(Statement statement, int index, CallContext ctx) {
    if (statement instanceof Statement.Select) {
      throw invalid(index, "Select statements cannot be mixed with write statements in ExecuteTransaction.");
    }
    TableDescriptor table = Tables.require(ctx, statement.tableName()).descriptor();
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("TableName", table.name);
    if (statement instanceof Statement.Insert insert) {
      action.put("Item", AttributeValues.toRequestForm(insert.item()));
      action.put("ConditionExpression", "attribute_not_exists(#key)");
      action.put("ExpressionAttributeNames", Map.of("#key", table.keySchema.hashName()));
      return Map.of("Put", action);
    }
    if (statement instanceof Statement.Update update) {
      if (update.returnValues() != ReturnValues.NONE) {
        throw invalid(index, "RETURNING clause is not supported in ExecuteTransaction.");
      }
      action.put("Key", AttributeValues.toRequestForm(PartiQlRunner.requireKey(update.where(), table)));
      action.put("UpdateExpression", update.updateExpression());
      action.put("ConditionExpression", update.where().expression());
      placeholders(action, update.names(), update.values(), update.updateExpression() + " " + update.where().expression());
      return Map.of("Update", action);
    }
    if (statement instanceof Statement.Delete delete) {
      if (delete.returnValues() != ReturnValues.NONE) {
        throw invalid(index, "RETURNING clause is not supported in ExecuteTransaction.");
      }
      action.put("Key", AttributeValues.toRequestForm(PartiQlRunner.requireKey(delete.where(), table)));
      String condition = PartiQlRunner.deleteCondition(delete.where(), table.keySchema);
      if (condition != null) {
        action.put("ConditionExpression", condition);
        placeholders(action, delete.where().names(), delete.where().values(), condition);
        @SuppressWarnings("unchecked")
        Map<String, Object> names = (Map<String, Object>) action.computeIfAbsent("ExpressionAttributeNames",
            k -> new LinkedHashMap<String, Object>());
        names.put(PartiQlRunner.ABSENT_KEY, table.keySchema.hashName());
      }
      return Map.of("Delete", action);
    }
    Statement.Select check = ((Statement.Exists) statement).select();
    Map<String, AttributeValue> key = check.where() == null ? null : PartiQlRunner.fullKey(check, table.keySchema);
    String condition = key == null ? null : PartiQlRunner.conditionBeyondKey(check.where(), table.keySchema);
    if (condition == null) {
      throw invalid(index, "EXISTS() must contain a single item read with additional condition");
    }
    action.put("Key", AttributeValues.toRequestForm(key));
    action.put("ConditionExpression", condition);
    placeholders(action, check.where().names(), check.where().values(), condition);
    return Map.of("ConditionCheck", action);
  }

  private static void placeholders(Map<String, Object> action, Map<String, String> names,
      Map<String, AttributeValue> values, String expressions) {
    Map<String, String> usedNames = PartiQlRunner.usedIn(expressions, names);
    Map<String, AttributeValue> usedValues = PartiQlRunner.usedIn(expressions, values);
    if (!usedNames.isEmpty()) {
      action.put("ExpressionAttributeNames", new LinkedHashMap<String, Object>(usedNames));
    }
    if (!usedValues.isEmpty()) {
      action.put("ExpressionAttributeValues", AttributeValues.toRequestForm(usedValues));
    }
  }

  private static DynamoDbException invalid(int index, String message) {
    return DynamoDbException.validation("Validation failed in TransactStatements[" + index + "]: " + message);
  }

  /** A cancelled transaction whose INSERTs found their key: reason DuplicateItem, as DynamoDB says. */
  private static RuntimeException withDuplicates(Throwable failure, List<Statement> statements) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (!(e instanceof DynamoDbException d) || d.type() != ErrorType.TransactionCanceledException) {
      return e instanceof RuntimeException re ? re : new CompletionException(e);
    }
    List<CancellationReason> reasons = new ArrayList<>();
    for (int i = 0; i < d.cancellationReasons().size(); i++) {
      CancellationReason reason = d.cancellationReasons().get(i);
      boolean duplicate = statements.get(i) instanceof Statement.Insert && reason.code().equals("ConditionalCheckFailed");
      reasons.add(duplicate ? new CancellationReason("DuplicateItem", "Duplicate primary key exists in table", null)
          : reason);
    }
    return DynamoDbException.transactionCanceled(reasons);
  }
}
