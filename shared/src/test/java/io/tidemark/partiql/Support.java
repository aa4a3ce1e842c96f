package io.tidemark.partiql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidemark.expr.Condition;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Short-hands for the PartiQL tests. */
final class Support {
  static final String TABLE = "Music";

  private Support() {}

  static Statement parse(String statement, AttributeValue... parameters) {
    return PartiQl.parse(statement, Arrays.asList(parameters));
  }

  static Statement.Select select(String statement, AttributeValue... parameters) {
    return assertInstanceOf(Statement.Select.class, parse(statement, parameters));
  }

  static Statement.Insert insert(String statement, AttributeValue... parameters) {
    return assertInstanceOf(Statement.Insert.class, parse(statement, parameters));
  }

  static Statement.Update update(String statement, AttributeValue... parameters) {
    return assertInstanceOf(Statement.Update.class, parse(statement, parameters));
  }

  static Statement.Delete delete(String statement, AttributeValue... parameters) {
    return assertInstanceOf(Statement.Delete.class, parse(statement, parameters));
  }

  /** The WHERE of a SELECT on Music. */
  static Where where(String condition, AttributeValue... parameters) {
    return select("SELECT * FROM Music WHERE " + condition, parameters).where();
  }

  /** Evaluates a WHERE condition against an item written in DynamoDB JSON with ' for ". */
  static boolean matches(String condition, String itemJson) {
    return where(condition).condition().test(item(itemJson));
  }

  /** Re-parses a WHERE's native string through the public entry point, as the executor may. */
  static Condition reparse(Where where) {
    return Expressions.parseCondition(where.expression(), new ExpressionContext(where.names(), where.values()),
        "FilterExpression");
  }

  static Map<String, AttributeValue> item(String json) {
    return AttributeValues.decodeItem(JsonReader.readObject(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
  }

  static AttributeValue av(String json) {
    return AttributeValues.decode(JsonReader.readObject(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
  }

  static AttributeValue s(String s) {
    return AttributeValue.s(s);
  }

  static AttributeValue n(String n) {
    return AttributeValue.n(n);
  }

  /** Runs {@code statement}, which must fail with a ValidationException, and returns its message. */
  static String error(String statement, AttributeValue... parameters) {
    return error(statement, Arrays.asList(parameters));
  }

  static String error(String statement, List<AttributeValue> parameters) {
    DynamoDbException e = assertThrows(DynamoDbException.class, () -> PartiQl.parse(statement, parameters));
    assertEquals(ErrorType.ValidationException, e.type(), e.getMessage());
    return e.getMessage();
  }

  static String malformed(String detail) {
    return PartiQlMessages.MALFORMED + detail;
  }
}
