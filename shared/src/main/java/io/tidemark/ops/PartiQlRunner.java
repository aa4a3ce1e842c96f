package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.expr.Path;
import io.tidemark.expr.Projection;
import io.tidemark.partiql.Conjunct;
import io.tidemark.partiql.KeyPredicate;
import io.tidemark.partiql.PartiQlMessages;
import io.tidemark.partiql.ReturnValues;
import io.tidemark.partiql.Statement;
import io.tidemark.partiql.Where;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.KeySchema;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.JsonReader;
import io.tidemark.wire.JsonText;
import io.tidemark.wire.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * Runs compiled PartiQL statements as the native requests they stand for, through the native
 * operations: a SELECT becomes a GetItem-like Query, a Query or a Scan (chosen from its WHERE and
 * the table's key schema), INSERT a PutItem that must not find the key, UPDATE an UpdateItem and
 * DELETE a DeleteItem of the item WHERE names, with the rest of WHERE as their condition. So
 * PartiQL shares every rule, limit and message of the native API, and adds none of its own data
 * paths.
 */
final class PartiQlRunner {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<KeyPredicate.Operator> RANGE_OPERATORS = EnumSet.of(KeyPredicate.Operator.EQ,
      KeyPredicate.Operator.LT, KeyPredicate.Operator.LE, KeyPredicate.Operator.GT, KeyPredicate.Operator.GE,
      KeyPredicate.Operator.BETWEEN, KeyPredicate.Operator.BEGINS_WITH);

  /** What a statement returned: items (reads, RETURNING), where to go on, the native response. */
  record Result(String tableName, List<Map<String, AttributeValue>> items, String nextToken, Map<String, Object> response) {
  }

  /** How a statement is run: its options from the request. */
  record Options(boolean consistentRead, Integer limit, String nextToken, String returnConsumedCapacity,
      boolean returnOldOnFailure) {
  }

  private PartiQlRunner() {}

  /** A SELECT that names the whole primary key with equalities: the key, else null. */
  static Map<String, AttributeValue> fullKey(Statement.Select select, KeySchema schema) {
    return select.where() == null ? null : keyFrom(select.where(), schema);
  }

  static CompletableFuture<Result> run(Statement statement, CallContext ctx, Options options) {
    if (statement instanceof Statement.Select s) {
      return CompletableFuture.completedFuture(select(s, ctx, options));
    }
    if (statement instanceof Statement.Insert i) {
      return insert(i, ctx, options);
    }
    if (statement instanceof Statement.Update u) {
      return update(u, ctx, options);
    }
    if (statement instanceof Statement.Delete d) {
      return delete(d, ctx, options);
    }
    throw DynamoDbException.validation(PartiQlMessages.EXISTS_ONLY_IN_TRANSACTIONS);
  }

  // --- SELECT ---

  private static Result select(Statement.Select s, CallContext ctx, Options options) {
    TableView table = Tables.require(ctx, s.tableName());
    KeySchema schema = table.descriptor().keySchema;
    Map<String, Object> native_ = new LinkedHashMap<>();
    native_.put("TableName", table.descriptor().name);
    if (s.indexName() != null) {
      // PartiQL's wording has no index name appended (Query's has)
      IndexDescriptor index = table.descriptor().index(s.indexName());
      if (index == null) {
        throw DynamoDbException.validation("The table does not have the specified index");
      }
      if (index.isGlobal() && options.consistentRead()) {
        throw DynamoDbException.validation("Strongly consistent read is not supported on Global Secondary Indexes");
      }
      schema = index.keySchema;
      native_.put("IndexName", index.name);
    }
    Operation op;
    List<Conjunct> keyConjuncts = s.where() == null ? List.of() : keyConjuncts(s.where(), schema);
    if (!keyConjuncts.isEmpty()) {
      op = new Query();
      native_.put("KeyConditionExpression", join(keyConjuncts));
      String filter = s.where().expressionWithout(keyConjuncts);
      if (filter != null) {
        native_.put("FilterExpression", filter);
      }
      if (!s.orderBy().isEmpty()) {
        if (!schema.hasRange() || !s.orderBy().get(0).attribute().equals(schema.rangeName())) {
          throw DynamoDbException.validation("Order by is only supported on the sort key of the table or index");
        }
        native_.put("ScanIndexForward", !s.orderBy().get(0).descending());
      }
    } else {
      if (!s.orderBy().isEmpty()) {
        throw DynamoDbException.validation("Must have an equality condition on the partition key in the where clause "
            + "when using ORDER BY");
      }
      op = new Scan();
      if (s.where() != null) {
        native_.put("FilterExpression", s.where().expression());
      }
    }
    if (s.projectionExpression() != null) {
      native_.put("ProjectionExpression", s.projectionExpression());
    }
    putPlaceholders(native_, s.names(), s.values());
    if (options.consistentRead()) {
      native_.put("ConsistentRead", Boolean.TRUE);
    }
    if (options.limit() != null) {
      native_.put("Limit", new BigDecimal(options.limit()));
    }
    if (options.nextToken() != null) {
      native_.put("ExclusiveStartKey", decodeToken(options.nextToken()));
    }
    if (options.returnConsumedCapacity() != null) {
      native_.put("ReturnConsumedCapacity", options.returnConsumedCapacity());
    }
    Map<String, Object> response = runNow(op, native_, ctx);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Object raw = response.get("Items");
    if (raw != null) {
      for (Object item : Request.asList(raw)) {
        items.add(flatten(AttributeValues.decodeItem(item), s.projection()));
      }
    }
    Object last = response.get("LastEvaluatedKey");
    return new Result(table.descriptor().name, items, last == null ? null : encodeToken(last), response);
  }

  /**
   * PartiQL names each selected value by its path's last name ({@code SELECT m.nested} gives
   * {@code {nested: ...}}), where a ProjectionExpression keeps the document's structure.
   */
  static Map<String, AttributeValue> flatten(Map<String, AttributeValue> item,
      Projection projection) {
    if (projection == null) {
      return item;
    }
    Map<String, AttributeValue> flat = new LinkedHashMap<>();
    for (Path path : projection.paths()) {
      AttributeValue value = path.resolve(item);
      if (value != null) {
        int last = path.length() - 1;
        while (last > 0 && path.isIndex(last)) {
          last--;
        }
        flat.put(path.name(last), value);
      }
    }
    return flat;
  }

  /** The conjuncts that make a key condition: an equality on the partition key, and one condition on the sort key. */
  private static List<Conjunct> keyConjuncts(Where where, KeySchema schema) {
    Conjunct hash = null;
    Conjunct range = null;
    for (Conjunct c : where.conjuncts()) {
      KeyPredicate p = c.predicate();
      if (p == null) {
        continue;
      }
      if (hash == null && p.attribute().equals(schema.hashName()) && p.operator() == KeyPredicate.Operator.EQ) {
        hash = c;
      } else if (range == null && schema.hasRange() && p.attribute().equals(schema.rangeName())
          && RANGE_OPERATORS.contains(p.operator())) {
        range = c;
      }
    }
    if (hash == null) {
      return List.of();
    }
    return range == null ? List.of(hash) : List.of(hash, range);
  }

  private static String join(List<Conjunct> conjuncts) {
    StringBuilder sb = new StringBuilder();
    for (Conjunct c : conjuncts) {
      sb.append(sb.length() == 0 ? "" : " AND ").append(c.expression());
    }
    return sb.toString();
  }

  // --- writes ---

  private static CompletableFuture<Result> insert(Statement.Insert i, CallContext ctx, Options options) {
    TableView table = Tables.require(ctx, i.tableName());
    Map<String, Object> native_ = new LinkedHashMap<>();
    native_.put("TableName", table.descriptor().name);
    native_.put("Item", AttributeValues.toRequestForm(i.item()));
    native_.put("ConditionExpression", "attribute_not_exists(#key)");
    native_.put("ExpressionAttributeNames", Map.of("#key", table.descriptor().keySchema.hashName()));
    putCapacity(native_, options);
    return runLater(new PutItem(), native_, ctx)
        .handle((response, failure) -> {
          if (failure != null) {
            throw duplicateIfConditionFailed(failure);
          }
          return new Result(table.descriptor().name, List.of(), null, response);
        });
  }

  /** INSERT of a key that exists: DynamoDB's DuplicateItemException rather than the condition's failure. */
  static RuntimeException duplicateIfConditionFailed(Throwable failure) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (e instanceof DynamoDbException d && d.type() == ErrorType.ConditionalCheckFailedException) {
      return new DynamoDbException(ErrorType.DuplicateItemException, "Duplicate primary key exists in table");
    }
    return e instanceof RuntimeException r ? r : new CompletionException(e);
  }

  private static CompletableFuture<Result> update(Statement.Update u, CallContext ctx, Options options) {
    TableView table = Tables.require(ctx, u.tableName());
    Map<String, AttributeValue> key = requireKey(u.where(), table.descriptor());
    Map<String, Object> native_ = new LinkedHashMap<>();
    native_.put("TableName", table.descriptor().name);
    native_.put("Key", AttributeValues.toRequestForm(key));
    native_.put("UpdateExpression", u.updateExpression());
    // the whole WHERE, key equalities included, so that an absent item fails the condition
    native_.put("ConditionExpression", u.where().expression());
    putPlaceholders(native_, u.names(), u.values());
    native_.put("ReturnValues", u.returnValues().name());
    putCapacity(native_, options);
    return runLater(new UpdateItem(), native_, ctx).thenApply(response -> withReturned(table, response));
  }

  private static CompletableFuture<Result> delete(Statement.Delete d, CallContext ctx, Options options) {
    TableView table = Tables.require(ctx, d.tableName());
    Map<String, AttributeValue> key = requireKey(d.where(), table.descriptor());
    Map<String, Object> native_ = new LinkedHashMap<>();
    native_.put("TableName", table.descriptor().name);
    native_.put("Key", AttributeValues.toRequestForm(key));
    String condition = deleteCondition(d.where(), table.descriptor().keySchema);
    if (condition != null) {
      native_.put("ConditionExpression", condition);
    }
    Map<String, String> names = new LinkedHashMap<>(usedIn(condition, d.where().names()));
    if (condition != null) {
      names.put(ABSENT_KEY, table.descriptor().keySchema.hashName());
    }
    putPlaceholders(native_, names, usedIn(condition, d.where().values()));
    if (d.returnValues() != ReturnValues.NONE) {
      native_.put("ReturnValues", "ALL_OLD");
    }
    putCapacity(native_, options);
    return runLater(new DeleteItem(), native_, ctx).thenApply(response -> withReturned(table, response));
  }

  private static Result withReturned(TableView table, Map<String, Object> response) {
    Object attributes = response.get("Attributes");
    List<Map<String, AttributeValue>> items =
        attributes == null ? List.of() : List.of(AttributeValues.decodeItem(attributes));
    return new Result(table.descriptor().name, items, null, response);
  }

  /** The item key that WHERE names with equalities on every key attribute, else DynamoDB's error. */
  static Map<String, AttributeValue> requireKey(Where where, TableDescriptor table) {
    Map<String, AttributeValue> key = where == null ? null : keyFrom(where, table.keySchema);
    if (key == null) {
      throw DynamoDbException.validation(PartiQlMessages.INCOMPLETE_KEY);
    }
    return key;
  }

  private static Map<String, AttributeValue> keyFrom(Where where, KeySchema schema) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    for (String name : schema.hasRange() ? List.of(schema.hashName(), schema.rangeName()) : List.of(schema.hashName())) {
      AttributeValue value = null;
      for (KeyPredicate p : where.predicatesOn(name)) {
        if (p.operator() == KeyPredicate.Operator.EQ) {
          value = p.value();
          break;
        }
      }
      if (value == null) {
        return null;
      }
      key.put(name, value);
    }
    return key;
  }

  /** The name placeholder of the partition key in {@link #deleteCondition}. */
  static final String ABSENT_KEY = "#absentKey";

  /**
   * A DELETE's condition: WHERE beyond the key, unless the item does not exist, which DELETE
   * answers with success and nothing deleted (AWS ql-reference.delete). Null when WHERE is only
   * the key.
   */
  static String deleteCondition(Where where, KeySchema schema) {
    String rest = conditionBeyondKey(where, schema);
    return rest == null ? null : "attribute_not_exists(" + ABSENT_KEY + ") OR (" + rest + ")";
  }

  /** WHERE without the key equalities that name the item, or null if nothing else is asked. */
  static String conditionBeyondKey(Where where, KeySchema schema) {
    return where.expressionWithout(keyEqualities(where, schema));
  }

  private static List<Conjunct> keyEqualities(Where where, KeySchema schema) {
    List<Conjunct> result = new ArrayList<>();
    Set<String> keyNames = schema.hasRange() ? Set.of(schema.hashName(), schema.rangeName()) : Set.of(schema.hashName());
    Set<String> taken = new HashSet<>();
    for (Conjunct c : where.conjuncts()) {
      KeyPredicate p = c.predicate();
      if (p != null && p.operator() == KeyPredicate.Operator.EQ && keyNames.contains(p.attribute())
          && taken.add(p.attribute())) {
        result.add(c);
      }
    }
    return result;
  }

  // --- plumbing ---

  /** The placeholders of a map that an expression uses (the native API refuses unused ones). */
  static <V> Map<String, V> usedIn(String expression, Map<String, V> placeholders) {
    Map<String, V> used = new LinkedHashMap<>();
    if (expression != null) {
      for (Map.Entry<String, V> e : placeholders.entrySet()) {
        if (Pattern.compile(Pattern.quote(e.getKey()) + "(?![0-9A-Za-z_])")
            .matcher(expression).find()) {
          used.put(e.getKey(), e.getValue());
        }
      }
    }
    return used;
  }

  private static void putPlaceholders(Map<String, Object> native_, Map<String, String> names,
      Map<String, AttributeValue> values) {
    if (!names.isEmpty()) {
      native_.put("ExpressionAttributeNames", new LinkedHashMap<String, Object>(names));
    }
    if (!values.isEmpty()) {
      native_.put("ExpressionAttributeValues", AttributeValues.toRequestForm(values));
    }
  }

  private static void putCapacity(Map<String, Object> native_, Options options) {
    if (options.returnConsumedCapacity() != null) {
      native_.put("ReturnConsumedCapacity", options.returnConsumedCapacity());
    }
    if (options.returnOldOnFailure()) {
      native_.put("ReturnValuesOnConditionCheckFailure", "ALL_OLD");
    }
  }

  private static Map<String, Object> runNow(Operation op, Map<String, Object> request, CallContext ctx) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      op.execute(new Request(request), ctx, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return JsonReader.readObject(out.toByteArray());
  }

  private static CompletableFuture<Map<String, Object>> runLater(CommittingOperation op, Map<String, Object> request,
      CallContext ctx) {
    return op.execute(new Request(request), ctx).thenApply(PartiQlRunner::render);
  }

  /** A native operation's response body, parsed back into the request form. */
  static Map<String, Object> render(Reply reply) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      reply.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return JsonReader.readObject(out.toByteArray());
  }

  /** NextToken: the native LastEvaluatedKey, opaque to the client. */
  private static String encodeToken(Object lastEvaluatedKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        JsonText.of(lastEvaluatedKey).getBytes(StandardCharsets.UTF_8));
  }

  private static Object decodeToken(String token) {
    try {
      return JsonReader.readObject(Base64.getUrlDecoder().decode(token));
    } catch (RuntimeException e) {
      throw DynamoDbException.validation("Invalid NextToken");
    }
  }
}
