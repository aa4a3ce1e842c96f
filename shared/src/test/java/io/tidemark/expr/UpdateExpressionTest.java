package io.tidemark.expr;

import static io.tidemark.expr.TestSupport.av;
import static io.tidemark.expr.TestSupport.ctx;
import static io.tidemark.expr.TestSupport.item;
import static io.tidemark.expr.TestSupport.validation;
import static io.tidemark.expr.TestSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.wire.AttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UpdateExpression parsing and application (AWS "Update expressions"). */
class UpdateExpressionTest {
  private static UpdatePlan plan(String expression, String valuesJson) {
    return Expressions.parseUpdate(expression, valuesJson == null ? null : values(valuesJson));
  }

  private static Map<String, AttributeValue> apply(String expression, String valuesJson, String itemJson) {
    return plan(expression, valuesJson).apply(itemJson == null ? null : item(itemJson));
  }

  private static String error(String expression, String namesJson, String valuesJson) {
    return validation(() -> Expressions.parseUpdate(expression, ctx(namesJson, valuesJson)));
  }

  @Test
  void setRemoveAddDelete() {
    Map<String, AttributeValue> old = item("{'id': {'S': 'k'}, 'a': {'S': 'old'}, 'gone': {'N': '1'},"
        + "'count': {'N': '10'}, 'tags': {'SS': ['a', 'b', 'c']}}");
    Map<String, AttributeValue> copy = Map.copyOf(old);
    UpdatePlan plan = Expressions.parseUpdate("SET a = :a, b = :b REMOVE gone ADD #c :n, fresh :n DELETE tags :del",
        ctx("{'#c': 'count'}", "{':a': {'S': 'new'}, ':b': {'L': []}, ':n': {'N': '-2.5'}, ':del': {'SS': ['b', 'zz']}}"));
    Map<String, AttributeValue> updated = plan.apply(old);
    assertEquals(item("{'id': {'S': 'k'}, 'a': {'S': 'new'}, 'count': {'N': '7.5'}, 'tags': {'SS': ['a', 'c']},"
        + "'b': {'L': []}, 'fresh': {'N': '-2.5'}}"), updated);
    assertEquals(copy, old, "the old item is not modified");
    assertNotSame(old, updated);
    assertEquals(List.of(Path.of("a"), Path.of("b"), Path.of("gone"), Path.of("count"), Path.of("fresh"), Path.of("tags")),
        plan.paths());
    assertTrue(plan.touchesTopLevel("count"));
    assertFalse(plan.touchesTopLevel("id"));
  }

  @Test
  void sectionsInAnyOrderAndCase() {
    assertEquals(item("{'d': {'N': '5'}, 'e': {'SS': ['a', 'b']}, 'f': {'L': [{'S': 'a'}, {'N': '1'}]}}"),
        apply("remove b delete c :c add d :d, e :e set f = :f",
            "{':c': {'SS': ['a', 'b']}, ':d': {'N': '5'}, ':e': {'SS': ['a', 'b']}, ':f': {'L': [{'S': 'a'}, {'N': '1'}]}}",
            null));
  }

  /** All right-hand sides read the item as it was before the update (ExtendDB, captured from DynamoDB). */
  @Test
  void setReadsTheOldItem() {
    assertEquals(item("{'a': {'S': 'NEW'}, 'b': {'S': 'OLD'}}"),
        apply("SET a = :v, b = a", "{':v': {'S': 'NEW'}}", "{'a': {'S': 'OLD'}}"));
  }

  @Test
  void arithmeticFunctionsAndParentheses() {
    String old = "{'n': {'N': '10'}, 'l': {'L': [{'N': '1'}]}, 'm': {'M': {'c': {'N': '1'}}}}";
    assertEquals(av("{'N': '7'}"), apply("SET n = (n - :v)", "{':v': {'N': '3'}}", old).get("n"));
    assertEquals(av("{'N': '13'}"), apply("SET n = (n) + :v", "{':v': {'N': '3'}}", old).get("n"));
    assertEquals(av("{'N': '11'}"), apply("SET m.c = ((m.c)+(n))", null, old).get("m").m().get("c"));
    assertEquals(av("{'N': '10'}"), apply("SET x = if_not_exists(x, n)", null, old).get("x"));
    assertEquals(av("{'N': '10'}"), apply("SET n = if_not_exists(n, :v)", "{':v': {'N': '3'}}", old).get("n"));
    assertEquals(av("{'L': [{'N': '0'}, {'N': '1'}]}"),
        apply("SET l = list_append(:z, l)", "{':z': {'L': [{'N': '0'}]}}", old).get("l"));
    assertEquals(av("{'L': [{'N': '1'}, {'N': '2'}]}"),
        apply("SET l = list_append(l, if_not_exists(x, :z))", "{':z': {'L': [{'N': '2'}]}}", old).get("l"));
  }

  /**
   * dynalite's "should update nested attributes", run against DynamoDB: several clauses on one list
   * apply in index order against the original list; indexes past the end append; UPDATED_NEW projects
   * the written paths out of the new item.
   */
  @Test
  void nestedUpdatesOnListsAndMaps() {
    String old = "{'a': {'S': 'key'}, 'b': {'M': {'a': {'N': '1'}, 'b': {'N': '2'}, 'c': {'N': '3'}}},"
        + "'c': {'L': [{'N': '1'}, {'N': '3'}]}}";
    UpdatePlan plan = plan("set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c add c[8] :b, c[6] :a",
        "{':a': {'N': '2'}, ':b': {'SS': ['a']}}");
    Map<String, AttributeValue> updated = plan.apply(item(old));
    assertEquals(item("{'a': {'S': 'key'}, 'b': {'M': {'a': {'S': 'key'}, 'b': {'N': '2'}, 'c': {'N': '4'}}},"
        + "'c': {'L': [{'N': '1'}, {'S': 'key'}, {'N': '3'}, {'N': '-1'}, {'N': '2'}, {'SS': ['a']}]}}"), updated);
    assertEquals(item("{'b': {'M': {'c': {'N': '4'}, 'a': {'S': 'key'}}}, 'c': {'L': [{'S': 'key'}, {'N': '3'}, {'N': '2'}]}}"),
        Projection.ofPaths(plan.paths()).apply(updated));
  }

  /** AWS "Update expressions", removing elements from a list: indexes refer to the list before the update. */
  @Test
  void removeListElementsShifts() {
    String old = "{'l': {'L': [{'S': 'a'}, {'S': 'b'}, {'S': 'c'}, {'S': 'd'}]}}";
    assertEquals(av("{'L': [{'S': 'a'}, {'S': 'c'}]}"), apply("REMOVE l[1], l[3]", null, old).get("l"));
    assertEquals(av("{'L': [{'S': 'a'}, {'S': 'b'}, {'S': 'c'}, {'S': 'd'}]}"), apply("REMOVE l[9]", null, old).get("l"));
    assertEquals(av("{'L': [{'S': 'x'}, {'S': 'c'}, {'S': 'd'}]}"),
        apply("REMOVE l[0] SET l[1] = :x", "{':x': {'S': 'x'}}", old).get("l"));
    assertEquals(av("{'L': [{'S': 'a'}, {'S': 'b'}, {'S': 'c'}, {'S': 'd'}, {'S': 'x'}]}"),
        apply("SET l[10] = :x", "{':x': {'S': 'x'}}", old).get("l"));
    assertEquals(av("{'L': [{'S': 'x'}]}"), apply("SET l[0] = :x", "{':x': {'S': 'x'}}", "{'l': {'L': []}}").get("l"));
  }

  @Test
  void removingTheLastSetMemberRemovesTheAttribute() {
    Map<String, AttributeValue> updated = apply("DELETE s :all, m.ns :one", "{':all': {'SS': ['x', 'y']}, ':one': {'NS': ['1.0']}}",
        "{'s': {'SS': ['x', 'y']}, 'm': {'M': {'ns': {'NS': ['1']}}}}");
    assertEquals(item("{'m': {'M': {}}}"), updated);
    assertEquals(Map.of(), apply("DELETE s :all", "{':all': {'SS': ['x']}}", null), "DELETE on a missing attribute does nothing");
  }

  @Test
  void addToSetsDeduplicatesAndNumbersAdd() {
    Map<String, AttributeValue> updated = apply("ADD ss :ss, ns :ns, bs :bs, n :n",
        "{':ss': {'SS': ['b', 'c']}, ':ns': {'NS': ['2.0', '3']}, ':bs': {'BS': ['AQ==']}, ':n': {'N': '0.1'}}",
        "{'ss': {'SS': ['a', 'b']}, 'ns': {'NS': ['1', '2']}, 'bs': {'BS': ['AQ==', 'Ag==']}, 'n': {'N': '0.2'}}");
    assertEquals(item("{'ss': {'SS': ['a', 'b', 'c']}, 'ns': {'NS': ['1', '2', '3']}, 'bs': {'BS': ['AQ==', 'Ag==']},"
        + "'n': {'N': '0.3'}}"), updated);
  }

  @Test
  void addOverflowUsesDynamoDbsMessage() {
    assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range",
        validation(() -> apply("ADD n :n", "{':n': {'N': '9E+125'}}", "{'n': {'N': '9E+125'}}")));
  }

  /** Evaluation-time errors, as DynamoDB raises them once it sees the item (dynalite tests against DynamoDB). */
  @Test
  void evaluationErrors() {
    String old = "{'b': {'M': {'a': {'SS': ['1']}}}, 'c': {'N': '1'}, 'd': {'NS': ['1']}, 's': {'S': 'x'}, 'l': {'L': []}}";
    String wrong = "An operand in the update expression has an incorrect data type";
    assertEquals(wrong, validation(() -> apply("DELETE d :a", "{':a': {'SS': ['1']}}", old)));
    assertEquals(wrong, validation(() -> apply("DELETE b :a", "{':a': {'NS': ['1']}}", old)));
    assertEquals(wrong, validation(() -> apply("DELETE b.a :a", "{':a': {'NS': ['1']}}", old)));
    assertEquals(wrong, validation(() -> apply("DELETE c :a", "{':a': {'NS': ['1']}}", old)));
    assertEquals(wrong, validation(() -> apply("ADD b :a", "{':a': {'NS': ['1']}}", old)));
    assertEquals(wrong, validation(() -> apply("ADD d :a", "{':a': {'N': '1'}}", old)));
    assertEquals(wrong, validation(() -> apply("ADD s :a", "{':a': {'N': '1'}}", old)));
    assertEquals(wrong, validation(() -> apply("SET e = s + :a", "{':a': {'N': '1'}}", old)));
    assertEquals(wrong, validation(() -> apply("SET e = :a - b", "{':a': {'N': '1'}}", old)));
    assertEquals(wrong, validation(() -> apply("SET e = list_append(d, if_not_exists(f, :a))", "{':a': {'L': []}}", old)));
    String missing = "The provided expression refers to an attribute that does not exist in the item";
    assertEquals(missing, validation(() -> apply("SET e = nope", null, old)));
    assertEquals(missing, validation(() -> apply("SET e = list_append(l, nope)", null, old)));
    assertEquals(missing, validation(() -> apply("SET e = c + b.zz", null, old)));
  }

  /** dynalite "should return ValidationException if trying to update non-existent nested attribute". */
  @ParameterizedTest
  @ValueSource(strings = {"set s.a = :a", "set s[1] = :a", "set y.a = :a", "set y[1] = :a", "set m[1] = :a",
      "set l.x = :a", "remove s.a", "remove s[1]", "remove y.a", "remove y[1]", "remove m[1]", "remove l.x",
      "delete s.a :a", "delete y[1] :a", "delete m[1] :a", "add s.a :a", "add y.a :a", "add m[1] :a", "add l.x :a",
      "set l[3].x = :a", "set m.q.r = :a"})
  void invalidDocumentPaths(String expression) {
    String old = "{'s': {'S': 'x'}, 'm': {'M': {'1': {'S': 'a'}}}, 'l': {'L': [{'S': 'a'}, {'S': 'b'}]}}";
    assertEquals("The document path provided in the update expression is invalid for update",
        validation(() -> apply(expression, "{':a': {'SS': ['a']}}", old)));
  }

  @Test
  void nestedPathsOnAMissingItem() {
    assertEquals("The document path provided in the update expression is invalid for update",
        validation(() -> apply("set b.a = :a", "{':a': {'S': 'a'}}", null)));
    assertEquals(item("{'b': {'S': 'a'}}"), apply("set b = :a", "{':a': {'S': 'a'}}", null));
  }

  @Test
  void removingMissingThingsIsFine() {
    assertEquals(item("{'m': {'M': {}}}"), apply("REMOVE nope, m.nope", null, "{'m': {'M': {}}}"));
  }

  /** dynalite "should return ValidationException for syntax errors in UpdateExpression" (checked against DynamoDB). */
  @ParameterizedTest
  @ValueSource(strings = {"whatever", "set a", "add a", "delete a", "set a=set", "remove a = b", "add a = b",
      "delete a = b", "delete a b", "delete a if_not_exist(b)", "add abort b", "add a if_not_exist(b)", "remove a b",
      "set a b", "set :a = b", "add :a b", "delete :a b", "remove :a", "set a = b / c", "set a = b * c",
      "set a[1] = \"eight\"", "set a[1] = 1", "SET a = if_not_exist(a, 100)", "SET if_not_exist(a, b) = a",
      "set (a = (b + c))", "set a = (b.c).d + e", "set a = (b.c)[0] + e", "set a = b + c + d", "SET a = b,", "SET"})
  void syntaxErrors(String expression) {
    assertTrue(error(expression, null, null).startsWith("Invalid UpdateExpression: Syntax error; token: "), expression);
  }

  @Test
  void syntaxErrorMessages() {
    assertEquals("Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"",
        error("INVALID SYNTAX HERE", null, "{':v': {'S': 'x'}}"));
    assertEquals("Invalid UpdateExpression: Syntax error; token: \":\", near: \"hits : incr\"",
        error("ADD hits : incr", null, "{':incr': {'N': '1'}}"));
    assertEquals("Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\"", error("SET", null, null));
    assertEquals("Invalid UpdateExpression: The expression can not be empty;", error("", null, null));
    assertEquals("Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;",
        error("SET a" + "b".repeat(4100) + " = :v", null, "{':v': {'S': 'x'}}"));
  }

  @Test
  void staticChecks() {
    String v = "{':a': {'S': 'a'}, ':b': {'N': '1'}, ':c': {'B': 'YQ=='}, ':j': {'L': []}, ':ss': {'SS': ['a']}}";
    assertEquals("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: abOrt",
        error(" set #c = :a set abOrt = :a ", "{'#c': 'c'}", v));
    assertEquals("Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;",
        error("set a = :a set c = :b", null, v));
    assertEquals("Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;",
        error("remove d set a = :a remove e", null, v));
    assertEquals("Invalid UpdateExpression: Invalid function name; function: if_not_exist",
        error("set c = if_not_exist(:a)", null, v));
    assertEquals("Invalid UpdateExpression: An expression attribute name used in the document path is not defined; "
        + "attribute name: #c", error("SET #c = if_not_exists(:c)", null, v));
    assertEquals("Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
        + "attribute value: :zz", error("SET a = if_not_exists(:zz)", null, v));
    assertEquals("Invalid UpdateExpression: Incorrect number of operands for operator or function; "
        + "operator or function: if_not_exists, number of operands: 1", error("set a = if_not_exists(c)", null, v));
    assertEquals("Invalid UpdateExpression: Operator or function requires a document path; "
        + "operator or function: if_not_exists", error("set a = if_not_exists(:a, c)", null, v));
    assertEquals("Invalid UpdateExpression: Operator or function requires a document path; operator or function: "
        + "if_not_exists", error("set a = if_not_exists(if_not_exists(a, b), c)", null, v));
    assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: "
        + "list_append, operand type: N", error("set a = list_append(a, :b)", null, v));
    assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: "
        + "+, operand type: S", error("set a = :a + :c", null, v));
    assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: "
        + "-, operand type: L", error("set a = a - :j", null, v));
    assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
        + "operand type: STRING", error("add a.b :a", null, v));
    assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, "
        + "operand type: NUMBER", error("delete a.b :b", null, v));
    assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
        + "operand type: LIST", error("add a :j", null, v));
    assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, "
        + "operand type: BINARY", error("delete a :c", null, v));
  }

  /** dynalite "overlapping paths" and "conflicting paths" cases, answered by DynamoDB. */
  @Test
  void overlappingAndConflictingPaths() {
    String names = "{'#c': 'c', '#d': '[3]'}";
    String overlap = "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of "
        + "these paths; path one: ";
    assertEquals(overlap + "[c, [1], a], path two: [c]",
        error("set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)", names, null));
    assertEquals(overlap + "[c, b, c], path two: [c]", error("set c.b.#c = a, c = a, #d = a", names, null));
    assertEquals(overlap + "[a], path two: [a]", error("set a = b remove a, #c, #d", names, null));
    assertEquals(overlap + "[c, [3], [3]], path two: [c, [3]]", error("set #c[3].#d = a, #c[3] = a", names, null));
    assertEquals(overlap + "[c], path two: [c, a]", error("remove c, #c.a, #d", names, null));
    String conflict = "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one "
        + "of these paths; path one: ";
    assertEquals(conflict + "[c, [3], [3]], path two: [c, [3], [3]]",
        error("set #c[3].#d = a, #c.#d[3] = if_not_exists(a)", names, null));
    assertEquals(conflict + "[a, c], path two: [a, [1]]", error("remove a.#c set a[1] = #d", names, null));
  }

  @Test
  void topLevelNamesForKeyChecks() {
    UpdatePlan p = plan("set a = a.b + a[1], x.y = :v remove z", "{':v': {'N': '1'}}");
    assertTrue(p.touchesTopLevel("a"));
    assertTrue(p.touchesTopLevel("x"));
    assertTrue(p.touchesTopLevel("z"));
    assertEquals(java.util.Set.of("a", "x"), p.nestedTopLevelNames());
  }
}
