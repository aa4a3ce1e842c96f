package io.tidemark.expr;

import static io.tidemark.expr.TestSupport.ctx;
import static io.tidemark.expr.TestSupport.validation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Validation of the placeholder maps, with the messages captured from DynamoDB (ExtendDB, dynalite). */
class ExpressionContextTest {
  @Test
  void emptyMaps() {
    assertEquals("ExpressionAttributeNames must not be empty", validation(() -> ctx("{}", null)));
    assertEquals("ExpressionAttributeValues must not be empty", validation(() -> ctx(null, "{}")));
  }

  @Test
  void invalidKeys() {
    assertEquals("ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\"", validation(() -> ctx("{'#': 'a'}", null)));
    assertEquals("ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"",
        validation(() -> ctx("{'#a-b': 'a'}", null)));
    assertEquals("ExpressionAttributeNames contains invalid key: Syntax error; key: \"s\"", validation(() -> ctx("{'s': 'a'}", null)));
    assertEquals("ExpressionAttributeValues contains invalid key: Syntax error; key: \":\"",
        validation(() -> ctx(null, "{':': {'S': 'x'}}")));
    assertEquals("ExpressionAttributeValues contains invalid key: Syntax error; key: \"b\"",
        validation(() -> ctx(null, "{':a': {'S': 'x'}, 'b': {'S': 'x'}}")));
  }

  @Test
  void tooLongKeys() {
    String key = "#" + "a".repeat(255);
    assertEquals("ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too "
        + "long; size of key: 256", validation(() -> ctx("{'" + key + "': 'a'}", null)));
    assertEquals("ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too "
        + "long; size of key: 258", validation(() -> ctx("{'" + key + "-x': 'a'}", null)));
    assertEquals("ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;",
        validation(() -> ctx(null, "{':" + "a".repeat(255) + "': {'S': 'x'}}")));
    ctx("{'#" + "a".repeat(254) + "': 'a'}", null);
  }

  @Test
  void invalidValues() {
    assertEquals("ExpressionAttributeNames contains invalid value: Empty attribute name for key #a",
        validation(() -> ctx("{'#a': ''}", null)));
    assertEquals("ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly "
        + "one of the supported datatypes for key :v", validation(() -> ctx(null, "{':v': {}}")));
    assertEquals("ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: b "
        + "for key :v", validation(() -> ctx(null, "{':v': {'N': 'b'}}")));
  }
}
