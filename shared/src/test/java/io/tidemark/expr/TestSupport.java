package io.tidemark.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/** Short-hands for tests: JSON written with single quotes, items in DynamoDB JSON. */
final class TestSupport {
  private TestSupport() {}

  /** Parses JSON in which ' stands for ". */
  static Map<String, Object> json(String json) {
    return JsonReader.readObject(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, AttributeValue> item(String json) {
    return AttributeValues.decodeItem(json(json));
  }

  static AttributeValue av(String json) {
    return AttributeValues.decode(json(json));
  }

  static ExpressionContext ctx(String names, String values) {
    return ExpressionContext.fromJson(names == null ? null : json(names), values == null ? null : json(values));
  }

  static ExpressionContext values(String values) {
    return ctx(null, values);
  }

  /** Runs {@code e}, which must throw a ValidationException, and returns its message. */
  static String validation(Executable e) {
    DynamoDbException ex = assertThrows(DynamoDbException.class, e);
    assertEquals(ErrorType.ValidationException, ex.type(), ex.getMessage());
    return ex.getMessage();
  }
}
