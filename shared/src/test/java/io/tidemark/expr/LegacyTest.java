package io.tidemark.expr;

import static io.tidemark.expr.TestSupport.av;
import static io.tidemark.expr.TestSupport.item;
import static io.tidemark.expr.TestSupport.json;
import static io.tidemark.expr.TestSupport.validation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.wire.AttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The legacy parameters (AWS "Legacy conditional parameters"), mapped onto expressions. */
class LegacyTest {
  private static final Map<String, AttributeValue> ITEM = item("{'a': {'S': 'hello'}, 'n': {'N': '5'},"
      + "'tags': {'SS': ['x', 'y']}, 'l': {'L': [{'S': 'x'}]}, 'active': {'BOOL': false}}");

  private static boolean expected(String expectedJson, String operator) {
    return Legacy.expected(json(expectedJson), operator).test(ITEM);
  }

  private static boolean filter(String filterJson) {
    return Legacy.filter(json(filterJson), null, "ScanFilter").test(ITEM);
  }

  @Test
  void expectedValueAndExists() {
    assertTrue(expected("{'a': {'Value': {'S': 'hello'}}}", null));
    assertTrue(expected("{'a': {'Value': {'S': 'hello'}, 'Exists': true}}", null));
    assertFalse(expected("{'a': {'Value': {'S': 'other'}}}", null));
    assertTrue(expected("{'zz': {'Exists': false}}", null));
    assertFalse(expected("{'a': {'Exists': false}}", null));
    assertTrue(expected("{'active': {'Value': {'BOOL': false}, 'Exists': true}}", null));
    assertFalse(Legacy.expected(json("{'a': {'Value': {'S': 'hello'}}}"), null).test(null));
    assertSame(Condition.TRUE, Legacy.expected(null, null));
  }

  @Test
  void expectedWithComparisonOperatorsAndConditionalOperator() {
    assertTrue(expected("{'a': {'ComparisonOperator': 'BEGINS_WITH', 'AttributeValueList': [{'S': 'he'}]},"
        + "'n': {'ComparisonOperator': 'GT', 'Value': {'N': '4'}}}", null));
    assertFalse(expected("{'a': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'x'}]},"
        + "'n': {'ComparisonOperator': 'GT', 'Value': {'N': '4'}}}", "AND"));
    assertTrue(expected("{'a': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'x'}]},"
        + "'n': {'ComparisonOperator': 'GT', 'Value': {'N': '4'}}}", "OR"));
    assertTrue(expected("{'n': {'ComparisonOperator': 'NOT_NULL'}}", null));
    assertTrue(expected("{'zz': {'ComparisonOperator': 'NULL'}}", null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "EQ|[{'S': 'hello'}]|true", "EQ|[{'N': '5'}]|false", "NE|[{'S': 'x'}]|true", "NE|[{'S': 'hello'}]|false",
      "LT|[{'S': 'hellp'}]|true", "GE|[{'S': 'hello'}]|true", "GT|[{'N': '1'}]|false",
      "CONTAINS|[{'S': 'ell'}]|true", "NOT_CONTAINS|[{'S': 'ell'}]|false", "NOT_CONTAINS|[{'S': 'zz'}]|true",
      "BEGINS_WITH|[{'S': 'hel'}]|true", "IN|[{'S': 'x'}, {'S': 'hello'}]|true", "IN|[{'S': 'x'}]|false",
      "BETWEEN|[{'S': 'a'}, {'S': 'i'}]|true", "BETWEEN|[{'S': 'i'}, {'S': 'z'}]|false"})
  void filterOperatorsOnAString(String operator, String list, boolean expected) {
    assertEquals(expected, filter("{'a': {'ComparisonOperator': '" + operator + "', 'AttributeValueList': " + list + "}}"));
  }

  /** CONTAINS on sets and lists, NOT_CONTAINS on a missing attribute. */
  @Test
  void containsOnSetsAndLists() {
    assertTrue(filter("{'tags': {'ComparisonOperator': 'CONTAINS', 'AttributeValueList': [{'S': 'x'}]}}"));
    assertTrue(filter("{'l': {'ComparisonOperator': 'CONTAINS', 'AttributeValueList': [{'S': 'x'}]}}"));
    assertFalse(filter("{'n': {'ComparisonOperator': 'CONTAINS', 'AttributeValueList': [{'N': '5'}]}}"));
    assertTrue(filter("{'zz': {'ComparisonOperator': 'NOT_CONTAINS', 'AttributeValueList': [{'S': 'x'}]}}"));
  }

  @Test
  void expectedValidation() {
    String p = "One or more parameter values were invalid: ";
    assertEquals(p + "Value and AttributeValueList cannot be used together for Attribute: a",
        validation(() -> expected("{'a': {'Value': {'S': 'x'}, 'AttributeValueList': [{'S': 'x'}], 'ComparisonOperator': 'EQ'}}", null)));
    assertEquals(p + "Exists and ComparisonOperator cannot be used together for Attribute: a",
        validation(() -> expected("{'a': {'Exists': true, 'ComparisonOperator': 'EQ', 'Value': {'S': 'x'}}}", null)));
    assertEquals(p + "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a",
        validation(() -> expected("{'a': {'ComparisonOperator': 'EQ'}}", null)));
    assertEquals(p + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a",
        validation(() -> expected("{'a': {'AttributeValueList': [{'S': 'x'}]}}", null)));
    assertEquals(p + "Value must be provided when Exists is true for Attribute: a",
        validation(() -> expected("{'a': {'Exists': true}}", null)));
    assertEquals(p + "Value must be provided when Exists is null for Attribute: a",
        validation(() -> expected("{'a': {}}", null)));
    assertEquals(p + "Value cannot be used when Exists is false for Attribute: a",
        validation(() -> expected("{'a': {'Exists': false, 'Value': {'S': 'x'}}}", null)));
    assertEquals(p + "Invalid number of argument(s) for the NULL ComparisonOperator",
        validation(() -> expected("{'a': {'ComparisonOperator': 'NULL', 'Value': {'S': 'x'}}}", null)));
    assertEquals("ConditionalOperator cannot be used without Filter or Expected", validation(() -> Legacy.expected(null, "AND")));
    assertEquals("ConditionalOperator can only be used when Filter or Expected has two or more elements",
        validation(() -> expected("{'a': {'Exists': false}}", "AND")));
    assertEquals("1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: "
        + "Member must satisfy enum value set: [OR, AND]", validation(() -> expected("{'a': {'Exists': false}}", "XOR")));
    assertEquals("1 validation error detected: Value 'EQUALS' at 'expected.a.member.comparisonOperator' failed to satisfy "
        + "constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, "
        + "BEGINS_WITH, GE, CONTAINS]", validation(() -> expected("{'a': {'ComparisonOperator': 'EQUALS'}}", null)));
  }

  /** dynalite's query tests (against DynamoDB) for QueryFilter and KeyConditions argument checks. */
  @Test
  void filterValidation() {
    String p = "One or more parameter values were invalid: ";
    assertEquals(p + "Invalid number of argument(s) for the BETWEEN ComparisonOperator",
        validation(() -> filter("{'a': {'ComparisonOperator': 'BETWEEN', 'AttributeValueList': [{'S': 'a'}]}}")));
    assertEquals(p + "Invalid number of argument(s) for the IN ComparisonOperator",
        validation(() -> filter("{'a': {'ComparisonOperator': 'IN'}}")));
    assertEquals(p + "AttributeValues inside AttributeValueList must be of same type",
        validation(() -> filter("{'a': {'ComparisonOperator': 'IN', 'AttributeValueList': [{'S': 'b'}, {'N': '1'}]}}")));
    assertEquals(p + "ComparisonOperator LT is not valid for SS AttributeValue type",
        validation(() -> filter("{'a': {'ComparisonOperator': 'LT', 'AttributeValueList': [{'SS': ['a']}]}}")));
    assertEquals(p + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type",
        validation(() -> filter("{'a': {'ComparisonOperator': 'BEGINS_WITH', 'AttributeValueList': [{'N': '1'}]}}")));
    assertEquals(p + "ComparisonOperator CONTAINS is not valid for L AttributeValue type",
        validation(() -> filter("{'a': {'ComparisonOperator': 'CONTAINS', 'AttributeValueList': [{'L': []}]}}")));
    assertEquals("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
        validation(() -> filter("{'a': {'ComparisonOperator': 'BETWEEN', 'AttributeValueList': [{'S': 'b'}, {'S': 'a'}]}}")));
    assertEquals("1 validation error detected: Value null at 'scanFilter.a.member.comparisonOperator' failed to satisfy "
        + "constraint: Member must not be null", validation(() -> filter("{'a': {'AttributeValueList': [{'S': 'b'}]}}")));
  }

  @Test
  void keyConditions() {
    KeyCondition k = Legacy.keyConditions(json("{'h': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'p'}]},"
        + "'r': {'ComparisonOperator': 'LE', 'AttributeValueList': [{'N': '5'}]}}"), "h", "r");
    assertEquals(av("{'S': 'p'}"), k.hashValue());
    assertEquals(KeyCondition.RangeOp.LE, k.rangeOp());
    assertTrue(k.rangeMatches(av("{'N': '5'}")));
    assertFalse(k.rangeMatches(av("{'N': '6'}")));

    assertEquals("Attempted conditional constraint is not an indexable operation", validation(() -> Legacy.keyConditions(
        json("{'h': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'p'}]}, 'r': {'ComparisonOperator': 'NULL'}}"), "h", "r")));
    assertEquals("Query key condition not supported", validation(() -> Legacy.keyConditions(
        json("{'h': {'ComparisonOperator': 'GT', 'AttributeValueList': [{'S': 'p'}]}}"), "h", null)));
    assertEquals("Query condition missed key schema element: h", validation(() -> Legacy.keyConditions(
        json("{'c': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'p'}]}}"), "h", "r")));
    assertEquals("Conditions can be of length 1 or 2 only", validation(() -> Legacy.keyConditions(json("{}"), "h", "r")));
    assertEquals("One or more parameter values were invalid: Condition parameter type does not match schema type",
        validation(() -> Legacy.keyConditions(json("{'h': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'N': '1'}]}}"),
            "h", AttributeValue.Type.S, null, null)));
  }

  /** dynalite's AttributeUpdates tests, run against DynamoDB. */
  @Test
  void attributeUpdates() {
    Map<String, AttributeValue> old = item("{'k': {'S': 'key'}, 'b': {'SS': ['a', 'b']}, 'c': {'N': '1'},"
        + "'d': {'NS': ['1', '2', '3']}, 'l': {'L': [{'S': 'a'}]}, 'gone': {'S': 'x'}}");
    UpdatePlan plan = Legacy.attributeUpdates(json("{"
        + "'b': {'Action': 'ADD', 'Value': {'SS': ['b', 'c']}}, 'c': {'Action': 'ADD', 'Value': {'N': '3'}},"
        + "'d': {'Action': 'DELETE', 'Value': {'NS': ['1', '4']}}, 'l': {'Action': 'ADD', 'Value': {'L': [{'N': '1'}]}},"
        + "'gone': {'Action': 'DELETE'}, 'p': {'Value': {'S': 'put'}}, 'e': {'Action': 'DELETE', 'Value': {'SS': ['q']}}}"));
    assertEquals(item("{'k': {'S': 'key'}, 'b': {'SS': ['a', 'b', 'c']}, 'c': {'N': '4'}, 'd': {'NS': ['2', '3']},"
        + "'l': {'L': [{'S': 'a'}, {'N': '1'}]}, 'p': {'S': 'put'}}"), plan.apply(old));
    assertTrue(plan.touchesTopLevel("gone"));
    assertEquals(List.of(Path.of("b"), Path.of("c"), Path.of("d"), Path.of("l"), Path.of("gone"), Path.of("p"), Path.of("e")),
        plan.paths());
    // ADD on a missing item creates the attribute
    assertEquals(item("{'c': {'N': '3'}}"),
        Legacy.attributeUpdates(json("{'c': {'Action': 'ADD', 'Value': {'N': '3'}}}")).apply(null));
  }

  @Test
  void attributeUpdatesErrors() {
    String p = "One or more parameter values were invalid: ";
    assertEquals(p + "Only DELETE action is allowed when no attribute value is specified",
        validation(() -> Legacy.attributeUpdates(json("{'a': {'Action': 'PUT'}}"))));
    assertEquals(p + "DELETE action with value is not supported for the type S",
        validation(() -> Legacy.attributeUpdates(json("{'a': {'Action': 'DELETE', 'Value': {'S': 'x'}}}"))));
    assertEquals(p + "ADD action is not supported for the type S",
        validation(() -> Legacy.attributeUpdates(json("{'a': {'Action': 'ADD', 'Value': {'S': 'x'}}}"))));
    assertEquals("1 validation error detected: Value 'MERGE' at 'attributeUpdates.a.member.action' failed to satisfy "
        + "constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]",
        validation(() -> Legacy.attributeUpdates(json("{'a': {'Action': 'MERGE', 'Value': {'S': 'x'}}}"))));
    Map<String, AttributeValue> old = item("{'b': {'SS': ['1']}, 'c': {'N': '1'}, 'd': {'NS': ['1']}}");
    for (String update : new String[] {"{'b': {'Action': 'DELETE', 'Value': {'NS': ['1']}}}",
        "{'c': {'Action': 'DELETE', 'Value': {'NS': ['1']}}}", "{'b': {'Action': 'ADD', 'Value': {'NS': ['1']}}}",
        "{'d': {'Action': 'ADD', 'Value': {'N': '1'}}}"}) {
      assertEquals("Type mismatch for attribute to update", validation(() -> Legacy.attributeUpdates(json(update)).apply(old)));
    }
  }

  @Test
  void attributesToGet() {
    assertEquals(item("{'a': {'S': 'hello'}, 'n': {'N': '5'}}"), Legacy.attributesToGet(List.of("a", "n", "zz")).apply(ITEM));
    assertEquals("One or more parameter values were invalid: Duplicate value in attribute name: a",
        validation(() -> Legacy.attributesToGet(List.of("a", "a"))));
    // a legacy name is an attribute name, not a path
    assertEquals(item("{'x.y': {'N': '1'}}"), Legacy.attributesToGet(List.of("x.y")).apply(item("{'x.y': {'N': '1'}}")));
  }
}
