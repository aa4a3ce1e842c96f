package io.tidemark.expr;

import static io.tidemark.expr.TestSupport.av;
import static io.tidemark.expr.TestSupport.ctx;
import static io.tidemark.expr.TestSupport.validation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.wire.AttributeValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KeyConditionExpression analysis (AWS "Query" key condition expressions). */
class KeyConditionTest {
  private static final String VALUES = "{':p': {'S': 'p1'}, ':a': {'S': 'a'}, ':z': {'S': 'z'}, ':n': {'N': '1'}}";

  private static KeyCondition analyse(String expression) {
    return KeyCondition.analyse(expression, ctx("{'#pk': 'pk', '#sk': 'sk'}", VALUES), "pk", "sk");
  }

  private static String error(String expression) {
    return validation(() -> KeyCondition.analyse(expression, ctx(null, VALUES), "pk", "sk"));
  }

  @Test
  void hashOnly() {
    KeyCondition k = KeyCondition.analyse("pk = :p", ctx(null, "{':p': {'S': 'p1'}}"), "pk", null);
    assertEquals(av("{'S': 'p1'}"), k.hashValue());
    assertNull(k.rangeOp());
    assertTrue(k.rangeMatches(av("{'S': 'anything'}")));
  }

  @Test
  void sortKeyConditions() {
    KeyCondition k = analyse("#pk = :p AND #sk BETWEEN :a AND :z");
    assertEquals(KeyCondition.RangeOp.BETWEEN, k.rangeOp());
    assertEquals(av("{'S': 'a'}"), k.rangeValue1());
    assertEquals(av("{'S': 'z'}"), k.rangeValue2());
    assertTrue(k.rangeMatches(av("{'S': 'm'}")));
    assertFalse(k.rangeMatches(av("{'S': 'zz'}")));
    assertFalse(k.rangeMatches(av("{'N': '1'}")));

    k = analyse("begins_with(sk, :a) AND pk = :p");
    assertEquals(KeyCondition.RangeOp.BEGINS_WITH, k.rangeOp());
    assertTrue(k.rangeMatches(av("{'S': 'abc'}")));
    assertFalse(k.rangeMatches(av("{'S': 'bc'}")));
    assertTrue(k.matches(TestSupport.item("{'pk': {'S': 'p1'}, 'sk': {'S': 'ax'}}")));
    assertFalse(k.matches(TestSupport.item("{'pk': {'S': 'p2'}, 'sk': {'S': 'ax'}}")));
  }

  /** conformance suite: DynamoDB accepts the value on the left, ":lo <= #sk" meaning "#sk >= :lo". */
  @Test
  void reversedOperands() {
    KeyCondition k = analyse(":p = pk AND :a <= #sk");
    assertEquals(av("{'S': 'p1'}"), k.hashValue());
    assertEquals(KeyCondition.RangeOp.GE, k.rangeOp());
    assertTrue(k.rangeMatches(av("{'S': 'b'}")));
    assertEquals(KeyCondition.RangeOp.LT, analyse("pk = :p AND :a > sk").rangeOp());
  }

  @Test
  void parenthesesAreAllowedButNotRedundantOnes() {
    assertEquals(KeyCondition.RangeOp.EQ, analyse("(#pk = :p) AND (#sk = :a)").rangeOp());
    assertEquals(KeyCondition.RangeOp.EQ, analyse("(#pk = :p AND (#sk = :a))").rangeOp());
    assertEquals("Invalid KeyConditionExpression: The expression has redundant parentheses;",
        validation(() -> analyse("((#pk = :p)) AND ((#sk = :a))")));
  }

  /** dynalite's KeyConditionExpression cases, checked against DynamoDB (now prefixed by DynamoDB). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a > :a and size(b) > :a or a > :a|Invalid operator used in KeyConditionExpression: OR",
      "a in (:a, :z)|Invalid operator used in KeyConditionExpression: IN",
      "attribute_exists(a)|Invalid operator used in KeyConditionExpression: attribute_exists",
      "contains(a.d, :a)|Invalid operator used in KeyConditionExpression: contains",
      "not a > :a|Invalid operator used in KeyConditionExpression: NOT",
      "a <> :a|Invalid operator used in KeyConditionExpression: <>",
      ":a between b and :z and b > :z|Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand",
      "begins_with(:a, b) and a > :z|Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand",
      "size(b) > a AND a.b > b AND b > c|KeyConditionExpressions cannot contain nested operations",
      "a > size(b.d)|KeyConditionExpressions cannot contain nested operations",
      "b > a.b|Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
      "a between b and size(a)|Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
      "begins_with(a, b)|Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
      "b.d > :a AND c.d > :a|KeyConditionExpressions cannot have conditions on nested attributes",
      "b[0] > :a|KeyConditionExpressions cannot have conditions on nested attributes",
      ":z > :a AND a < :z|Invalid condition in KeyConditionExpression: No key attribute specified",
      "b > :a AND b < :a and c = :a|KeyConditionExpressions must only contain one condition per key",
  })
  void structureErrors(String expression, String message) {
    assertEquals("Invalid KeyConditionExpression: " + message, error(expression));
  }

  @Test
  void schemaErrors() {
    assertEquals("Query condition missed key schema element: pk", error("sk = :a"));
    assertEquals("Query condition missed key schema element: pk", error("attr1 = :a"));
    assertEquals("Query condition missed key schema element: sk", error("pk = :p AND foo = :a"));
    assertEquals("Query key condition not supported", error("pk > :p"));
    assertEquals("Query key condition not supported", error("begins_with(pk, :p)"));
    assertEquals("Query key condition not supported",
        validation(() -> KeyCondition.analyse("pk = :p AND sk = :a", ctx(null, VALUES), "pk", null)));
    assertEquals("Conditions can be of length 1 or 2 only", error("pk = :p AND sk = :a AND c = :z"));
    assertEquals("One or more parameter values were invalid: Condition parameter type does not match schema type",
        validation(() -> KeyCondition.analyse("pk = :n", ctx(null, "{':n': {'N': '1'}}"), "pk", AttributeValue.Type.S, null, null)));
    assertEquals("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: "
        + "begins_with, operand type: N", error("pk = :p AND begins_with(sk, :n)"));
  }

  @Test
  void expressionErrorsCarryTheParameterName() {
    assertEquals("Invalid KeyConditionExpression: The expression can not be empty;", error(""));
    assertEquals("Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"", error("pk = :p AND"));
    assertEquals("Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: data",
        error("data.foo = :a"));
    String big = "pk = :p AND a" + "z".repeat(4100) + " = :a";
    assertEquals("Invalid KeyConditionExpression: Expression size has exceeded the maximum allowed size;", error(big));
  }
}
