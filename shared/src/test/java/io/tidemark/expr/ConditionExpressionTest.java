package io.tidemark.expr;

import static io.tidemark.expr.TestSupport.ctx;
import static io.tidemark.expr.TestSupport.item;
import static io.tidemark.expr.TestSupport.validation;
import static io.tidemark.expr.TestSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.wire.AttributeValue;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parsing and static checks of condition expressions (AWS "Condition expressions", "Comparison
 * operator and function reference"); messages as DynamoDB answers them.
 */
class ConditionExpressionTest {
  private static final Map<String, AttributeValue> ITEM = item("{"
      + "'id': {'S': 'x'}, 'n': {'N': '5'}, 's': {'S': 'hello'}, 'flag': {'BOOL': true},"
      + "'m': {'M': {'a': {'S': 'A'}, 'lst': {'L': [{'N': '1'}, {'S': 'two'}]}}},"
      + "'tags': {'SS': ['red', 'blue']}}");

  private static boolean eval(String expression, String valuesJson, Map<String, AttributeValue> item) {
    return Expressions.parseCondition(expression, valuesJson == null ? null : values(valuesJson), "ConditionExpression")
        .test(item);
  }

  private static String error(String expression, String namesJson, String valuesJson) {
    return validation(() -> Expressions.parseCondition(expression, ctx(namesJson, valuesJson), "ConditionExpression"));
  }

  @Test
  void comparisonsAndBooleanOperators() {
    assertTrue(eval("n = :five", "{':five': {'N': '5.0'}}", ITEM));
    assertTrue(eval("n > :a AND s = :b", "{':a': {'N': '4'}, ':b': {'S': 'hello'}}", ITEM));
    assertFalse(eval("n > :a AND s = :b", "{':a': {'N': '5'}, ':b': {'S': 'hello'}}", ITEM));
    assertTrue(eval("n > :a OR s = :b", "{':a': {'N': '5'}, ':b': {'S': 'hello'}}", ITEM));
    assertTrue(eval("NOT n < :a", "{':a': {'N': '5'}}", ITEM));
    assertTrue(eval("m.a = :a AND m.lst[1] = :b", "{':a': {'S': 'A'}, ':b': {'S': 'two'}}", ITEM));
  }

  @Test
  void keywordsAreCaseInsensitive() {
    assertTrue(eval("n between :a and :b and not s in (:c)", "{':a': {'N': '1'}, ':b': {'N': '9'}, ':c': {'S': 'x'}}", ITEM));
  }

  /** AWS "Comparison operator and function reference", precedence: NOT before AND before OR. */
  @Test
  void precedenceNotAndOr() {
    String v = "{':t': {'S': 'hello'}, ':f': {'S': 'nope'}}";
    // true OR (false AND false) = true; (true OR false) AND false would be false
    assertTrue(eval("s = :t OR s = :f AND s = :f", v, ITEM));
    // (NOT true) OR true = true; NOT (true OR true) would be false
    assertTrue(eval("NOT s = :t OR s = :t", v, ITEM));
    // parentheses override
    assertFalse(eval("(s = :t OR s = :f) AND s = :f", v, ITEM));
    assertFalse(eval("NOT (s = :t OR s = :t)", v, ITEM));
  }

  @Test
  void betweenBindsItsOwnAnd() {
    assertTrue(eval("n BETWEEN :a AND :b AND s = :s", "{':a': {'N': '1'}, ':b': {'N': '5'}, ':s': {'S': 'hello'}}", ITEM));
  }

  @Test
  void parenthesisedOperandsAndFunctions() {
    assertTrue(eval("(n) = :a", "{':a': {'N': '5'}}", ITEM));
    assertTrue(eval("(size(s)) = :a", "{':a': {'N': '5'}}", ITEM));
    assertTrue(eval("(attribute_exists(n)) AND (attribute_not_exists(zz))", null, ITEM));
    assertTrue(eval("((attribute_exists(n)) AND (s = :s))", "{':s': {'S': 'hello'}}", ITEM));
  }

  @Test
  void namesResolveAndEscapeReservedWordsAndDots() {
    Map<String, AttributeValue> item = item("{'status': {'S': 'on'}, 'a.b': {'N': '1'}, 'a': {'M': {'b': {'N': '2'}}}}");
    ExpressionContext ctx = ctx("{'#s': 'status', '#ab': 'a.b', '#a': 'a', '#b': 'b'}",
        "{':on': {'S': 'on'}, ':one': {'N': '1'}, ':two': {'N': '2'}}");
    Condition c = Expressions.parseCondition("#s = :on AND #ab = :one AND #a.#b = :two", ctx, "ConditionExpression");
    assertTrue(c.test(item));
    ctx.checkAllUsed();
    assertEquals(Set.of("status", "a.b", "a"), c.topLevelNames());
    assertEquals(Set.of("a"), c.nestedTopLevelNames());
  }

  @Test
  void missingItemMakesExistsFalse() {
    assertFalse(eval("attribute_exists(id)", null, null));
    assertTrue(eval("attribute_not_exists(id)", null, Map.of()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a b|Syntax error; token: \"b\", near: \"a b\"",
      "a =|Syntax error; token: \"<EOF>\", near: \"=\"",
      "a = = :v|Syntax error; token: \"=\", near: \"= = :v\"",
      "a > 4|Syntax error; token: \"4\", near: \"> 4\"",
      "!!|Syntax error; token: \"!\", near: \"!!\"",
      "a = :v AND|Syntax error; token: \"<EOF>\", near: \"AND\"",
      "(a = :v|Syntax error; token: \"<EOF>\", near: \":v\"",
      "a = and|Syntax error; token: \"and\", near: \"= and\"",
      "a = : v|Syntax error; token: \":\", near: \"= : v\"",
      "a IN ()|Syntax error; token: \")\", near: \"()\"",
      "a.b.|Syntax error; token: \"<EOF>\", near: \".\"",
      "a[x] = :v|Syntax error; token: \"x\", near: \"[x]\"",
  })
  void syntaxErrorsQuoteTokenAndNeighbours(String expression, String message) {
    assertEquals("Invalid ConditionExpression: " + message, error(expression, null, "{':v': {'S': 'x'}}"));
  }

  @Test
  void emptyAndOversizedExpressions() {
    assertEquals("Invalid ConditionExpression: The expression can not be empty;", error("", null, null));
    assertEquals("Invalid ConditionExpression: The expression can not be empty;", error("  \t", null, null));
    String path = "a" + "z".repeat(4096);
    String expr = "attribute_not_exists(" + path + ")";
    assertEquals("Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: "
        + expr.length(), error(expr, null, null));
    // exactly 4096 bytes is accepted
    String exact = "attribute_not_exists(" + "a".repeat(4096 - 22) + ")";
    assertEquals(4096, exact.length());
    assertTrue(eval(exact, null, ITEM));
  }

  @Test
  void filterExpressionPrefix() {
    assertEquals("Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: name",
        validation(() -> Expressions.parseCondition("name = :v", values("{':v': {'S': 'x'}}"), "FilterExpression")));
  }

  /** AWS "Reserved words in DynamoDB": the list is not case-sensitive. */
  @Test
  void reservedWordsNeedPlaceholders() {
    assertEquals("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Status",
        error("Status = :v", null, "{':v': {'S': 'x'}}"));
    assertEquals("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: count",
        error("a.count = :v", null, "{':v': {'S': 'x'}}"));
    assertEquals(573, ReservedWords.size());
    assertTrue(ReservedWords.isReserved("flattern"));
    assertFalse(ReservedWords.isReserved("attribute_exists"));
  }

  @Test
  void undefinedPlaceholders() {
    assertEquals("Invalid ConditionExpression: An expression attribute name used in the document path is not defined; "
        + "attribute name: #x", error("#x = :v", null, "{':v': {'S': 'x'}}"));
    assertEquals("Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
        + "attribute value: :x", error("a = :x", null, "{':v': {'S': 'x'}}"));
  }

  @Test
  void unusedPlaceholdersAreReportedByTheContext() {
    ExpressionContext ctx = ctx("{'#a': 'a', '#b': 'b'}", "{':v': {'S': 'x'}, ':w': {'S': 'y'}}");
    Expressions.parseCondition("#a = :v", ctx, "ConditionExpression");
    assertEquals("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}",
        validation(ctx::checkAllUsed));
    ExpressionContext ctx2 = ctx(null, "{':v': {'S': 'x'}, ':z': {'S': 'y'}, ':w': {'S': 'y'}}");
    Expressions.parseCondition("a = :v", ctx2, "ConditionExpression");
    assertEquals("Value provided in ExpressionAttributeValues unused in expressions: keys: {:w, :z}",
        validation(ctx2::checkAllUsed));
  }

  @Test
  void functionChecks() {
    assertEquals("Invalid ConditionExpression: Invalid function name; function: foo", error("foo(a)", null, null));
    assertEquals("Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size",
        error("size(a)", null, null));
    assertEquals("Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
        + "function: attribute_exists", error("attribute_exists(a) = :s", null, "{':s': {'S': 'x'}}"));
    assertEquals("Invalid ConditionExpression: Incorrect number of operands for operator or function; "
        + "operator or function: attribute_exists, number of operands: 2", error("attribute_exists(a, b)", null, null));
    assertEquals("Invalid ConditionExpression: Operator or function requires a document path; "
        + "operator or function: attribute_not_exists", error("attribute_not_exists(:s)", null, "{':s': {'S': 'x'}}"));
    assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; "
        + "operator or function: begins_with, operand type: N", error("begins_with(a, :n)", null, "{':n': {'N': '1'}}"));
    assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; "
        + "operator or function: begins_with, operand type: N", error("begins_with(size(a), b)", null, null));
    assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; "
        + "operator or function: attribute_type, operand type: N", error("attribute_type(a, :n)", null, "{':n': {'N': '1'}}"));
    assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; "
        + "operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}", error("attribute_type(a, b)", null, null));
    assertEquals("Invalid ConditionExpression: Invalid attribute type name found; type: XX, "
        + "valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}", error("attribute_type(a, :t)", null, "{':t': {'S': 'XX'}}"));
    assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; "
        + "operator or function: size, operand type: BOOL", error("size(:b) > :n", null, "{':b': {'BOOL': true}, ':n': {'N': '1'}}"));
    assertEquals("Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
        + "operator or function; operator: contains, first operand: [a, b]", error("contains(a.b, a.b)", null, null));
    assertEquals("Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
        + "operator or function; operator: =, first operand: [a]", error("a = a", null, null));
  }

  @Test
  void unknownFunctionNamesAreCaseSensitive() {
    assertEquals("Invalid ConditionExpression: Invalid function name; function: Attribute_Exists",
        error("Attribute_Exists(a)", null, null));
    assertEquals("Invalid ConditionExpression: Invalid function name; function: if_not_exists",
        error("if_not_exists(a, b)", null, null));
  }

  /** Captured from DynamoDB: ordering comparisons reject literals of an unordered type, paths are not checked. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"<|BOOL|{'BOOL': true}", "<=|NULL|{'NULL': true}",
      ">|SS|{'SS': ['a']}", ">=|L|{'L': []}", "<|M|{'M': {}}", "<|NS|{'NS': ['1']}", "<|BS|{'BS': ['YQ==']}"})
  void orderingComparisonsRejectUnorderedLiterals(String op, String type, String value) {
    String v = "{':v': " + value + "}";
    assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
        + op + ", operand type: " + type, error("n " + op + " :v", null, v));
    assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
        + op + ", operand type: " + type, error(":v " + op + " n", null, v));
  }

  @Test
  void equalityAcceptsAnyLiteralAndPathsAreNotTypeChecked() {
    assertFalse(eval("n = :b", "{':b': {'BOOL': true}}", ITEM));
    assertTrue(eval("n <> :b", "{':b': {'BOOL': true}}", ITEM));
    assertFalse(eval("flag > n", null, ITEM));
    assertFalse(eval("tags > n", null, ITEM));
  }

  @Test
  void betweenBoundsChecks() {
    assertEquals("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
        + "lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:9}",
        error("a BETWEEN :lo AND :hi", null, "{':lo': {'N': '10'}, ':hi': {'N': '9'}}"));
    assertEquals("Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; "
        + "lower bound operand: AttributeValue: {S:a}, upper bound operand: AttributeValue: {N:1}",
        error("a BETWEEN :lo AND :hi", null, "{':lo': {'S': 'a'}, ':hi': {'N': '1'}}"));
    assertEquals("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
        + "BETWEEN, operand type: BOOL", error("a BETWEEN :lo AND :hi", null, "{':lo': {'BOOL': true}, ':hi': {'BOOL': false}}"));
    // strings are ordered by UTF-8 bytes: "B" < "a"
    assertEquals("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
        + "lower bound; lower bound operand: AttributeValue: {S:a}, upper bound operand: AttributeValue: {S:B}",
        error("x BETWEEN :lo AND :hi", null, "{':lo': {'S': 'a'}, ':hi': {'S': 'B'}}"));
  }

  /** dynamodb-toolbox#1073: DynamoDB rejects "((x))"; a single wrap is fine. */
  @Test
  void redundantParentheses() {
    String v = "{':v': {'S': 'x'}}";
    assertEquals("Invalid ConditionExpression: The expression has redundant parentheses;", error("((a = :v))", null, v));
    assertEquals("Invalid ConditionExpression: The expression has redundant parentheses;",
        error("(a = :v) AND ((a IN (:v)))", null, v));
    assertEquals("Invalid ConditionExpression: The expression has redundant parentheses;", error("((a)) = :v", null, v));
    assertTrue(eval("(a = :v AND (a = :v)) OR ((a = :v) AND (a = :v))", v, item("{'a': {'S': 'x'}}")));
  }

  @Test
  void inLimitAndOperatorLimit() {
    StringBuilder in = new StringBuilder("a IN (");
    StringBuilder vals = new StringBuilder("{");
    for (int i = 0; i < 101; i++) {
      in.append(i == 0 ? "" : ",").append(":v").append(i);
      vals.append(i == 0 ? "" : ",").append("':v").append(i).append("': {'N': '").append(i).append("'}");
    }
    String v101 = vals + "}";
    assertEquals("Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
        error(in + ")", null, v101));
    // 100 is fine
    String in100 = in.toString().replace(",:v100", "") + ")";
    Condition c = Expressions.parseCondition(in100, values(v101), "ConditionExpression");
    assertFalse(c.test(item("{'a': {'N': '100'}}")));
    assertTrue(c.test(item("{'a': {'N': '99'}}")));

    StringBuilder many = new StringBuilder("a = :v");
    for (int i = 0; i < 150; i++) {
      many.append(" AND a = :v");
    }
    // 151 comparisons + 150 ANDs
    assertEquals("Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
        error(many.toString(), null, "{':v': {'S': 'x'}}"));
  }

  @Test
  void deepNestingFailsCleanly() {
    String deep = "(".repeat(2000) + "a = :v" + ")".repeat(2000);
    assertEquals("Invalid ConditionExpression: The expression has redundant parentheses;",
        error(deep, null, "{':v': {'S': 'x'}}"));
    String nots = "NOT ".repeat(1000) + "a = :v";
    assertTrue(error(nots, null, "{':v': {'S': 'x'}}").startsWith("Invalid ConditionExpression: The expression contains too many operators"));
  }

  /** Errors are ranked: a syntax error wins over everything, reserved words over undefined names. */
  @Test
  void errorPrecedence() {
    assertEquals("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"", error("#x = :y AND name =", null, null));
    assertEquals("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name",
        error("#x = :y AND name = :z", null, null));
    assertEquals("Invalid ConditionExpression: Invalid function name; function: nope",
        error("name = :z AND nope(a)", null, null));
    assertEquals("Invalid ConditionExpression: The expression has redundant parentheses;",
        error("((nope(a)))", null, null));
  }

  @Test
  void placeholderIdentifiersMayStartWithDigitsOrUnderscore() {
    Map<String, AttributeValue> item = item("{'_x1': {'S': 'v'}}");
    ExpressionContext c = ctx("{'#1': '_x1'}", "{':_0': {'S': 'v'}}");
    assertTrue(Expressions.parseCondition("#1 = :_0", c, "ConditionExpression").test(item));
    // a bare name starting with "_" needs a placeholder in conditions (dynalite's grammar), not in updates
    assertEquals("Invalid ConditionExpression: Syntax error; token: \"_x1\", near: \"_x1 =\"", error("_x1 = :v", null, "{':v': {'S': 'v'}}"));
    assertEquals(item("{'_x1': {'S': 'v'}}"), Expressions.parseUpdate("SET _x1 = :v", values("{':v': {'S': 'v'}}")).apply(null));
  }
}
