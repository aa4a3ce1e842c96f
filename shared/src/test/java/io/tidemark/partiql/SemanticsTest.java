package io.tidemark.partiql;

import static io.tidemark.partiql.Support.matches;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The compiled conditions evaluated against items: PartiQL meaning through the native evaluator. */
class SemanticsTest {
  private static final String ITEM = "{'pk': {'S': 'p1'}, 'n': {'N': '5'}, 's': {'S': 'hello'},"
      + " 'tags': {'SS': ['red', 'blue']}, 'nums': {'NS': ['1', '2']}, 'lst': {'L': [{'N': '1'}, {'S': 'two'}]},"
      + " 'mp': {'M': {'x': {'N': '1'}, 'deep': {'M': {'y': {'S': 'z'}}}}}, 'flag': {'BOOL': true},"
      + " 'nul': {'NULL': true}, 'odd name': {'S': 'v'}}";

  private static boolean eval(String condition) {
    return matches(condition, ITEM);
  }

  @Test
  void isMissingIsAttributeNotExists() {
    assertTrue(eval("gone IS MISSING"));
    assertFalse(eval("n IS MISSING"));
    assertTrue(eval("n IS NOT MISSING"));
    assertFalse(eval("gone IS NOT MISSING"));
    assertTrue(eval("mp.deep.y IS NOT MISSING"));
    assertTrue(eval("mp.deep.nope IS MISSING"));
    assertTrue(eval("lst[5] IS MISSING"));
  }

  @Test
  void isNullAndTypeTests() {
    assertTrue(eval("nul IS NULL"));
    assertFalse(eval("n IS NULL"));
    assertFalse(eval("gone IS NULL"));
    assertTrue(eval("gone IS NOT NULL"));
    assertTrue(eval("flag IS BOOLEAN"));
    assertTrue(eval("s IS STRING"));
    assertTrue(eval("n IS NUMERIC"));
    assertTrue(eval("mp IS TUPLE"));
    assertTrue(eval("lst IS LIST"));
    assertFalse(eval("lst IS STRUCT"));
  }

  @Test
  void comparisonsAndInequality() {
    assertTrue(eval("n = 5"));
    assertTrue(eval("n = 5.0"));
    assertTrue(eval("n <> 6"));
    assertTrue(eval("n != '5'"));
    assertFalse(eval("n <> 5"));
    assertTrue(eval("n < 6 AND n <= 5 AND n > 4 AND n >= 5"));
    assertTrue(eval("5 = n"));
    assertTrue(eval("s > 'hell'"));
    assertTrue(eval("flag = true"));
    assertTrue(eval("nul = null"));
    assertTrue(eval("lst = [1, 'two']"));
    assertTrue(eval("tags = <<'blue', 'red'>>"));
    assertTrue(eval("mp.x = 1"));
    assertTrue(eval("\"odd name\" = 'v'"));
  }

  @Test
  void betweenAndIn() {
    assertTrue(eval("n BETWEEN 1 AND 5"));
    assertFalse(eval("n BETWEEN 6 AND 9"));
    assertTrue(eval("n NOT BETWEEN 6 AND 9"));
    assertTrue(eval("n IN [1, 5]"));
    assertTrue(eval("s IN ('x', 'hello')"));
    assertFalse(eval("n IN ['5']"));
    assertTrue(eval("n NOT IN [1, 2]"));
  }

  @Test
  void functions() {
    assertTrue(eval("begins_with(s, 'he')"));
    assertFalse(eval("begins_with(s, 'lo')"));
    assertTrue(eval("contains(s, 'ell')"));
    assertTrue(eval("contains(tags, 'red')"));
    assertTrue(eval("contains(nums, 2)"));
    assertTrue(eval("contains(lst, 'two')"));
    assertTrue(eval("attribute_type(n, 'N')"));
    assertTrue(eval("attribute_exists(pk)"));
    assertTrue(eval("attribute_not_exists(gone)"));
    assertTrue(eval("size(s) = 5"));
    assertTrue(eval("size(tags) = 2 AND size(lst) < 3 AND size(mp) >= 2"));
  }

  @Test
  void logic() {
    assertTrue(eval("n = 1 OR s = 'hello'"));
    assertFalse(eval("n = 1 OR s = 'x'"));
    assertTrue(eval("NOT (n = 1 OR s = 'x')"));
    assertTrue(eval("pk = 'p1' AND (n = 1 OR n = 5) AND NOT gone IS NOT MISSING"));
    assertFalse(eval("pk = 'p1' AND n = 1 OR s = 'x'"));
  }

  @Test
  void missingItemMatchesOnlyAbsence() {
    assertTrue(Support.where("a IS MISSING").condition().test(null));
    assertFalse(Support.where("a = 1").condition().test(null));
    assertTrue(Support.where("a <> 1").condition().test(null));
  }
}
