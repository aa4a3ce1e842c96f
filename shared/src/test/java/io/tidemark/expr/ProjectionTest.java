package io.tidemark.expr;

import static io.tidemark.expr.TestSupport.ctx;
import static io.tidemark.expr.TestSupport.item;
import static io.tidemark.expr.TestSupport.validation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidemark.wire.AttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ProjectionExpression (AWS "Projection expressions"); list behaviour captured from DynamoDB by ExtendDB. */
class ProjectionTest {
  private static final Map<String, AttributeValue> ITEM = item("{"
      + "'pk': {'S': 'p1'},"
      + "'mylist': {'L': [{'S': 'zero'}, {'S': 'one'}, {'S': 'two'}, {'S': 'three'}]},"
      + "'listOfMaps': {'L': [{'M': {'val': {'S': 'a0'}, 'x': {'S': 'x0'}}}, {'M': {'val': {'S': 'a1'}}},"
      + "  {'M': {'val': {'S': 'a2'}, 'x': {'S': 'x2'}}}]},"
      + "'listWithNull': {'L': [{'S': 'keep0'}, {'NULL': true}, {'S': 'keep2'}]},"
      + "'deep': {'M': {'l1': {'M': {'l2': {'M': {'l3': {'S': 'bottom'}, 'sib': {'S': 's'}}}}}}},"
      + "'nestedList': {'L': [{'M': {'inner': {'L': [{'S': 'i0'}, {'S': 'i1'}]}}}]},"
      + "'blank': {'M': {}}}");

  private static Map<String, AttributeValue> project(String expression) {
    return Expressions.parseProjection(expression, null).apply(ITEM);
  }

  @Test
  void topLevelAndMissing() {
    assertEquals(item("{'pk': {'S': 'p1'}, 'blank': {'M': {}}}"), project("pk, nope, blank"));
    assertEquals(Map.of(), Expressions.parseProjection("pk", null).apply(null));
  }

  @Test
  void listElementsAreCompactedInIndexOrder() {
    assertEquals(item("{'mylist': {'L': [{'S': 'zero'}, {'S': 'two'}]}}"), project("mylist[2], mylist[0]"));
    assertEquals(item("{'mylist': {'L': [{'S': 'one'}, {'S': 'three'}]}}"), project("mylist[1], mylist[3], mylist[7]"));
    assertEquals(item("{'listWithNull': {'L': [{'NULL': true}]}}"), project("listWithNull[1]"));
    assertEquals(item("{'listWithNull': {'L': [{'S': 'keep0'}, {'S': 'keep2'}]}}"), project("listWithNull[0], listWithNull[2]"));
    assertEquals(Map.of(), project("mylist[9]"));
  }

  @Test
  void nestedMapsKeepOnlyProjectedKeys() {
    assertEquals(item("{'listOfMaps': {'L': [{'M': {'val': {'S': 'a0'}}}, {'M': {'val': {'S': 'a2'}}}]}}"),
        project("listOfMaps[0].val, listOfMaps[2].val"));
    assertEquals(item("{'listOfMaps': {'L': [{'M': {'x': {'S': 'x0'}}}, {'M': {'x': {'S': 'x2'}}}]}}"),
        project("listOfMaps[0].x, listOfMaps[1].x, listOfMaps[2].x"));
    assertEquals(item("{'deep': {'M': {'l1': {'M': {'l2': {'M': {'l3': {'S': 'bottom'}}}}}}}}"), project("deep.l1.l2.l3"));
    assertEquals(item("{'nestedList': {'L': [{'M': {'inner': {'L': [{'S': 'i1'}]}}}]}}"),
        Expressions.parseProjection("nestedList[0].#i[1]", ctx("{'#i': 'inner'}", null)).apply(ITEM));
    assertEquals(Map.of(), project("deep.l1.zz, pk.x, mylist.a"));
  }

  @Test
  void overlappingPathsAreRejected() {
    String overlap = "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one "
        + "of these paths; path one: ";
    assertEquals(overlap + "[a], path two: [a, b]", validation(() -> Expressions.parseProjection("a, a.b", null)));
    assertEquals(overlap + "[a, b], path two: [a]", validation(() -> Expressions.parseProjection("x, a.b, a", null)));
    assertEquals(overlap + "[a], path two: [a]", validation(() -> Expressions.parseProjection("a, a", null)));
    assertEquals(overlap + "[alist, [0]], path two: [alist]",
        validation(() -> Expressions.parseProjection("alist[0], alist", null)));
    assertEquals(overlap + "[a], path two: [a, b]",
        validation(() -> Expressions.parseProjection("#p, #p.#q", ctx("{'#p': 'a', '#q': 'b'}", null))));
    assertEquals("Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one "
        + "of these paths; path one: [a, b], path two: [a, [0]]", validation(() -> Expressions.parseProjection("a.b, a[0]", null)));
    // siblings are fine
    assertEquals(List.of(Path.of("a", "b"), Path.of("a", "c")), Expressions.parseProjection("a.b, a.c", null).paths());
  }

  @Test
  void errors() {
    assertEquals("Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\"",
        validation(() -> Expressions.parseProjection("a b", null)));
    assertEquals("Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"",
        validation(() -> Expressions.parseProjection("a,", null)));
    assertEquals("Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"",
        validation(() -> Expressions.parseProjection("!!", null)));
    assertEquals("Invalid ProjectionExpression: Syntax error; token: \".\", near: \"..b\"",
        validation(() -> Expressions.parseProjection("a..b", null)));
    assertEquals("Invalid ProjectionExpression: The expression can not be empty;",
        validation(() -> Expressions.parseProjection("   ", null)));
    assertEquals("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: Comment",
        validation(() -> Expressions.parseProjection("Comment", null)));
    assertEquals("Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; "
        + "attribute name: #u", validation(() -> Expressions.parseProjection("a.#u", null)));
    assertEquals("Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;",
        validation(() -> Expressions.parseProjection("a" + "z".repeat(4096), null)));
    // 4096 bytes exactly is accepted
    Expressions.parseProjection("a" + "z".repeat(4095), null);
  }

  @Test
  void ofPathsHandlesAnyPaths() {
    Projection p = Projection.ofPaths(List.of(Path.of("deep").child("l1").child("l2").child("sib"), Path.of("mylist").atIndex(3)));
    assertEquals(item("{'deep': {'M': {'l1': {'M': {'l2': {'M': {'sib': {'S': 's'}}}}}}}, 'mylist': {'L': [{'S': 'three'}]}}"),
        p.apply(ITEM));
  }
}
