package io.tidemark.partiql;

import static io.tidemark.partiql.Support.error;
import static io.tidemark.partiql.Support.malformed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** WHERE clauses DynamoDB rejects, with its messages. */
class ConditionErrorsTest {
  private static String whereError(String condition) {
    return error("SELECT * FROM Music WHERE " + condition);
  }

  /** Recorded against DynamoDB: what follows WHERE when no condition does. */
  @Test
  void emptyOrTruncatedConditions() {
    for (String s : new String[] {"SELECT * FROM Music WHERE", "SELECT * FROM Music WHERE;", "SELECT * FROM Music WHERE   ",
        "SELECT pk FROM Music WHERE", "SELECT * FROM Music WHERE NOT", "SELECT * FROM Music WHERE ("}) {
      assertEquals(malformed(PartiQlMessages.UNEXPECTED_TERM), error(s), s);
    }
    assertEquals(malformed(PartiQlMessages.MISSING_RIGHT_HAND_SIDE), whereError("pk = 'p1' AND"));
    assertEquals(malformed(PartiQlMessages.MISSING_RIGHT_HAND_SIDE), whereError("pk = 'p1' OR"));
    assertEquals(malformed(PartiQlMessages.MISSING_RIGHT_HAND_SIDE), whereError("pk ="));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_KEYWORD), whereError("ORDER BY pk"));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_OPERATOR), whereError("IS NULL"));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_OPERATOR), whereError("pk = LIKE"));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_OPERATOR), whereError("= 1"));
    assertEquals(malformed(PartiQlMessages.LEFTOVER), whereError("pk = 1)"));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_TERM), whereError("(pk = 1"));
    assertEquals(malformed("Expected AND"), whereError("a BETWEEN 1 OR 2"));
  }

  @Test
  void isTypes() {
    assertEquals(malformed(PartiQlMessages.EXPECTED_TYPE_NAME), whereError("pk = 'a' AND x IS FOO"));
    assertEquals("Unsupported data type for IS operator: INT4. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, "
        + "STRING, NUMERIC, STRUCT, TUPLE, LIST]", whereError("x IS INT4"));
    assertEquals("Unsupported data type for IS operator: DOUBLE PRECISION. Supported data types are [MISSING, NULL, "
        + "BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]", whereError("x IS NOT DOUBLE PRECISION"));
    assertEquals(PartiQlMessages.IS_LEFT_OPERAND, whereError("size(x) IS NULL"));
    assertEquals("Unsupported operation: IS on a literal", whereError("1 IS NULL"));
  }

  @Test
  void nonBooleanConditions() {
    assertEquals(PartiQlMessages.WHERE_NOT_BOOLEAN, whereError("a"));
    assertEquals(PartiQlMessages.WHERE_NOT_BOOLEAN, whereError("1"));
    assertEquals(PartiQlMessages.WHERE_NOT_BOOLEAN, whereError("size(a)"));
    assertEquals(PartiQlMessages.WHERE_NOT_BOOLEAN, whereError("a + 1"));
    assertEquals(PartiQlMessages.AND_OR_OPERAND, whereError("a = 1 AND b"));
    assertEquals(PartiQlMessages.AND_OR_OPERAND, whereError("'x' OR a = 1"));
    assertEquals(PartiQlMessages.NOT_OPERAND, whereError("NOT a"));
  }

  @Test
  void unsupportedOperators() {
    assertEquals("Unsupported operator in Condition Expression. Operator: +", whereError("a + 1 = 2"));
    assertEquals("Unsupported operator in Condition Expression. Operator: -", whereError("a = b - 1"));
    assertEquals("Unsupported operator in Condition Expression. Operator: LIKE", whereError("a LIKE 'x%'"));
    assertEquals("Unsupported operator in Condition Expression. Operator: LIKE", whereError("a NOT LIKE 'x%'"));
    assertEquals("Unsupported operator in Condition Expression. Operator: =", whereError("(a = 1) = true"));
    assertEquals("Unsupported operator in Condition Expression. Operator: list_append",
        whereError("list_append(a, b) = [1]"));
    assertEquals(PartiQlMessages.MISSING_WITHOUT_IS, whereError("a = MISSING"));
    assertEquals("Unrecognized function: lower", whereError("lower(a) = 'x'"));
    assertEquals("Unrecognized function: char_length", whereError("char_length(a) > 1"));
    assertEquals("Unsupported operation: unary - on Path", whereError("-a = 1"));
  }

  @Test
  void inOperator() {
    assertEquals(PartiQlMessages.INVALID_IN, whereError("a IN []"));
    assertEquals(PartiQlMessages.INVALID_IN, whereError("a IN ()"));
    assertEquals(PartiQlMessages.INVALID_IN, whereError("a IN 'x'"));
    assertEquals(PartiQlMessages.INVALID_IN, whereError("'x' IN ['x']"));
    assertEquals(PartiQlMessages.INVALID_IN, whereError("a IN (SELECT * FROM Other)"));
  }

  @Test
  void subqueriesAndPathForms() {
    assertEquals("Unsupported operation: subquery", whereError("a = (SELECT b FROM Other)"));
    assertEquals(PartiQlMessages.WILDCARD_PATH, whereError("a[*].b = 1"));
    assertEquals(PartiQlMessages.UNPIVOT_PATH, whereError("a.*.b = 1"));
    assertEquals(PartiQlMessages.EMPTY_PATH_COMPONENT, whereError("\"\" = 1"));
    assertEquals("List index is not within the allowable range; index: [99999999999]", whereError("a[99999999999] = 1"));
    assertEquals("Unexpected path component", whereError("a[1.5] = 1"));
  }

  /** The native parser's own checks still apply, with its messages. */
  @Test
  void nativeChecks() {
    assertEquals("Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: "
        + "begins_with, operand type: N", whereError("begins_with(a, 1)"));
    assertEquals("Invalid FilterExpression: Incorrect number of operands for operator or function; operator or "
        + "function: contains, number of operands: 1", whereError("contains(a)"));
    assertEquals("Invalid FilterExpression: Invalid attribute type name found; type: X, valid types: "
        + "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}", whereError("attribute_type(a, 'X')"));
    assertEquals("Invalid FilterExpression: The function is not allowed to be used this way in an expression; "
        + "function: begins_with", whereError("begins_with(a, 'x') = true"));
    assertEquals("Invalid ConditionExpression: The first operand must be distinct from the remaining operands for "
        + "this operator or function; operator: =, first operand: [a]", error("DELETE FROM Music WHERE a = a"));
  }

  @Test
  void statementStart() {
    assertEquals(malformed(PartiQlMessages.EXPECTED_DML), error(""));
    assertEquals(malformed(PartiQlMessages.EXPECTED_DML), error("   "));
    assertEquals(malformed(PartiQlMessages.EXPECTED_DML), error("UPSERT INTO Music VALUE {'a': 1}"));
    assertEquals(malformed(PartiQlMessages.EXPECTED_DML), error("CREATE TABLE Music"));
    assertEquals(malformed(PartiQlMessages.EXPECTED_DML), error("x IS NULL"));
    assertEquals(malformed(PartiQlMessages.EXPECTED_DML), error(";"));
  }
}
