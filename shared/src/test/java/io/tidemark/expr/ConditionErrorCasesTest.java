package io.tidemark.expr;

import static io.tidemark.expr.TestSupport.ctx;
import static io.tidemark.expr.TestSupport.validation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FilterExpression error cases from dynalite's test/scan.js, a suite written against DynamoDB itself:
 * which message DynamoDB picks when an expression has several problems.
 */
class ConditionErrorCasesTest {
  private static String filterError(String expression, String namesJson, String valuesJson) {
    return validation(() -> Expressions.parseCondition(expression, ctx(namesJson, valuesJson), "FilterExpression"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"attribute_exists(Pictures-RearView)", "attribute_exists(\"Pictures.RearView\")",
      "attribute_exists(Pictures..RearView)", "attribute_exists(Pi#ctures.RearView)", "attribute_exists(asdf[a])",
      "a in b, c", "a > between", "a in b", "a in (b,c,)", "(a)between(b.(c.d))and(c)", "(a)between(b.c.d)and((c)",
      "#$.b > a", "a > :things.stuff", "b[:a] > a", "b[#_] > a", "\u00fc > a", "(a)between(b.c[4.5].#d)and(:a)",
      "size(a).b > a", "(size(a)).b > a", "size(a)[0] > a", "(size(a))[0] > a"})
  void syntaxErrors(String expression) {
    assertTrue(filterError(expression, null, null).startsWith("Invalid FilterExpression: Syntax error; "), expression);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=a and a > ((views))", "(a)between(((b.c)).d)and(c)", "a > whatever((:things), ((a)))",
      "a=a AND ((a=a AND a=a)) AND a=a", "a=a OR ((a=a OR a=a)) OR a=a", "a=a AND ((a=a AND (a=a AND a=a)))",
      "a=a OR ((a=a OR (a=a OR a=a)))"})
  void redundantParentheses(String expression) {
    assertEquals("Invalid FilterExpression: The expression has redundant parentheses;", filterError(expression, null, null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"a=a and whatever((:things)) > a|whatever", "attRIbute_exIsts((views), #a)|attRIbute_exIsts"})
  void invalidFunctionNames(String expression, String function) {
    assertEquals("Invalid FilterExpression: Invalid function name; function: " + function, filterError(expression, null, null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a=a and attribute_exists((views), (#a)) > b|attribute_exists",
      "attribute_not_exists(things) > b|attribute_not_exists",
      "attribute_type(things, :a) > b|attribute_type",
      "begins_with(things, a) > b|begins_with",
      "contains(:things, c) > b|contains",
      "size(contains(a, b)) > a|contains",
      "size(things)|size",
      "a between b and attribute_exists(things)|attribute_exists",
      "a in (b, attribute_exists(things))|attribute_exists"})
  void functionsUsedIncorrectly(String expression, String function) {
    assertEquals("Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: "
        + function, filterError(expression, null, null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"attribute_exists(views, #a)|views", ":a < abOrT|abOrT"})
  void reservedKeywords(String expression, String word) {
    assertEquals("Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: " + word,
        filterError(expression, null, null));
  }

  /** From here on DynamoDB reports the first problem of the first single condition that has one. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "attribute_exists(#Pictures.RearView, :a) and a=a|#Pictures",
      "begins_with(Pictures.#RearView)|#RearView",
      "(#P between :lo and :hi) and (#PC in (:cat1, :cat2))|#P",
      "#4g > a|#4g", "#_ > a|#_", "(a)between(b.c[45].#d)and(:a)|#d"})
  void missingNames(String expression, String name) {
    assertEquals("Invalid FilterExpression: An expression attribute name used in the document path is not defined; "
        + "attribute name: " + name, filterError(expression, null, null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"begins_with(:hello, #a, #b)|:hello", ":a < :b|:a", ":_ > a|:_"})
  void missingValues(String expression, String value) {
    assertEquals("Invalid FilterExpression: An expression attribute value used in expression is not defined; "
        + "attribute value: " + value, filterError(expression, "{'#a': 'a', '#b': 'b'}", null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "attribute_exists(things, a) and a=a|attribute_exists|2", "attribute_not_exists(things, b)|attribute_not_exists|2",
      "attribute_type(things)|attribute_type|1", "begins_with(things)|begins_with|1",
      "begins_with(things, size(a), b)|begins_with|3", "contains(things)|contains|1", "size(things, a) > b|size|2"})
  void operandCounts(String expression, String function, int count) {
    assertEquals("Invalid FilterExpression: Incorrect number of operands for operator or function; operator or function: "
        + function + ", number of operands: " + count, filterError(expression, null, null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "attribute_type(a, size(a)) and a=a and a=:a|attribute_type|{'N': '1'}",
      "attribute_type(a, :a)|attribute_type|{'B': 'YQ=='}", "attribute_type(a, :a)|attribute_type|{'L': []}",
      "begins_with(a, size(a)) and a=:a|begins_with|{'N': '1'}", "begins_with(a, :a)|begins_with|{'NULL': true}",
      "begins_with(:a, a)|begins_with|{'SS': ['1']}", "begins_with(:a, a)|begins_with|{'M': {}}",
      "size(size(a)) > :a|size|{'N': '1'}", "attribute_not_exists(size(:a))|size|{'N': '1'}",
      "size(:a) > a|size|{'BOOL': true}"})
  void operandTypes(String expression, String function, String value) {
    String type = value.substring(2, value.indexOf('\'', 2));
    assertEquals("Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: "
        + function + ", operand type: " + type, filterError(expression, null, "{':a': " + value + "}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"attribute_exists(:a) and a=a|attribute_exists",
      "attribute_not_exists(size(:a))|attribute_not_exists"})
  void valuesWherePathsAreRequired(String expression, String function) {
    assertEquals("Invalid FilterExpression: Operator or function requires a document path; operator or function: " + function,
        filterError(expression, null, "{':a': {'S': '1'}}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a = a AND #a = b AND :views > a|=|[a]", "#a <> a|<>|[a]", "a > #a|>|[a]", "((a=a) OR (a=a))|=|[a]",
      "((a=a) AND (a=a))|=|[a]", "contains(ab.bc[1].a, ab.bc[1].#a)|contains|[ab, bc, [1], a]",
      "attribute_type(ab.bc[1].#a, ab.bc[1].a)|attribute_type|[ab, bc, [1], a]",
      "begins_with(ab.bc[1].a, ab.bc[1].#a)|begins_with|[ab, bc, [1], a]"})
  void nonDistinctOperands(String expression, String operator, String operand) {
    assertEquals("Invalid FilterExpression: The first operand must be distinct from the remaining operands for this "
        + "operator or function; operator: " + operator + ", first operand: " + operand,
        filterError(expression, "{'#a': 'a'}", null));
  }
}
