package io.tidemark.expr;

import static io.tidemark.expr.TestSupport.item;
import static io.tidemark.expr.TestSupport.values;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.wire.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Evaluation semantics (AWS "Comparison operator and function reference"). */
class ConditionEvaluationTest {
  private static final String VALUES = "{"
      + "':n5': {'N': '5'}, ':n10': {'N': '10'}, ':n9': {'N': '9'}, ':s5': {'S': '5'}, ':big': {'N': '1E+100'},"
      + "':a': {'S': 'a'}, ':B': {'S': 'B'}, ':emoji': {'S': '\uD83D\uDE00'}, ':bmp': {'S': '\uFFFF'},"
      + "':b00': {'B': 'AA=='}, ':bff': {'B': '/w=='}, ':b01': {'B': 'AQ=='},"
      + "':red': {'S': 'red'}, ':ell': {'S': 'ell'}, ':he': {'S': 'he'}, ':one': {'N': '1'}, ':two': {'S': 'two'},"
      + "':S': {'S': 'S'}, ':N': {'S': 'N'}, ':SS': {'S': 'SS'}, ':M': {'S': 'M'}, ':NULL': {'S': 'NULL'},"
      + "':set': {'SS': ['blue', 'red']}, ':map': {'M': {'x': {'N': '1.0'}}}, ':list': {'L': [{'N': '1'}, {'S': 'two'}]},"
      + "':t': {'BOOL': true}, ':null': {'NULL': true}, ':three': {'N': '3'}, ':bin': {'B': 'AAEC'}, ':bin01': {'B': 'AAE='}"
      + "}";

  private static final Map<String, AttributeValue> ITEM = item("{"
      + "'n': {'N': '5'}, 's': {'S': 'hello'}, 'str5': {'S': '5'}, 'bin': {'B': 'AAEC'}, 'hi': {'B': '/w=='},"
      + "'tags': {'SS': ['red', 'blue']}, 'nums': {'NS': ['1', '2']}, 'bins': {'BS': ['AA==']},"
      + "'lst': {'L': [{'N': '1'}, {'S': 'two'}]}, 'mp': {'M': {'x': {'N': '1'}}}, 'flag': {'BOOL': true},"
      + "'nul': {'NULL': true}, 'emoji': {'S': '\uD83D\uDE00'}}");

  private static boolean eval(String expression) {
    return Expressions.parseCondition(expression, values(VALUES), "FilterExpression").test(ITEM);
  }

  @Test
  void numbersCompareNumerically() {
    assertTrue(eval("n = :n5"));
    assertTrue(eval("n < :n10"));
    assertTrue(eval("n < :big"));
    assertTrue(eval("n BETWEEN :n5 AND :n9"));
    assertFalse(eval("n BETWEEN :n9 AND :n10"));
  }

  /** Comparisons between different types are simply false (and <> true), never an error. */
  @Test
  void mismatchedTypesAreFalse() {
    assertFalse(eval("n = :s5"));
    assertTrue(eval("n <> :s5"));
    assertFalse(eval("str5 < :n10"));
    assertFalse(eval("str5 >= :n5"));
    assertFalse(eval("n BETWEEN :B AND :a") || eval("s BETWEEN :n5 AND :n9"));
    assertFalse(eval("n IN (:s5, :a)"));
    assertTrue(eval("n IN (:s5, :n5)"));
  }

  /** Strings order by UTF-8 bytes: upper case before lower case, supplementary characters after U+FFFF. */
  @Test
  void stringsOrderByUtf8Bytes() {
    assertTrue(eval(":B < :a"));
    assertTrue(eval("emoji > :bmp"));
    assertTrue(eval("s > :B"));
  }

  @Test
  void binariesOrderUnsigned() {
    assertTrue(eval(":b00 < :bff"));
    assertTrue(eval("hi > :b01"));
    assertTrue(eval("bin > :b00"));
  }

  @Test
  void missingAttributes() {
    assertFalse(eval("nope = :n5"));
    assertTrue(eval("nope <> :n5"));
    assertFalse(eval("nope < :n5") || eval("nope >= :n5"));
    assertFalse(eval("nope BETWEEN :n5 AND :n9"));
    assertFalse(eval("nope IN (:n5)"));
    assertFalse(eval("begins_with(nope, :he)") || eval("contains(nope, :he)"));
    assertFalse(eval("size(nope) >= :n5") || eval("size(nope) < :n5"));
    assertFalse(eval("mp.y = :n5") || eval("lst[5] = :n5") || eval("mp[0] = :n5") || eval("lst.x = :n5"));
  }

  @Test
  void equalityOfDocumentsAndSets() {
    assertTrue(eval("tags = :set"));
    assertTrue(eval("mp = :map"));
    assertTrue(eval("lst = :list"));
    assertTrue(eval("flag = :t AND nul = :null"));
    assertTrue(eval("lst[1] = :two AND mp.x = :one"));
  }

  @Test
  void functions() {
    assertTrue(eval("attribute_exists(mp.x) AND attribute_not_exists(mp.y) AND attribute_exists(lst[1])"));
    assertTrue(eval("attribute_type(s, :S) AND attribute_type(n, :N) AND attribute_type(tags, :SS)"));
    assertTrue(eval("attribute_type(mp, :M) AND attribute_type(nul, :NULL)"));
    assertFalse(eval("attribute_type(n, :S)") || eval("attribute_type(nope, :S)"));
    assertTrue(eval("begins_with(s, :he) AND begins_with(bin, :bin01)"));
    assertFalse(eval("begins_with(n, :he)") || eval("begins_with(s, :bin01)"));
    assertTrue(eval("contains(s, :ell) AND contains(tags, :red) AND contains(nums, :one) AND contains(lst, :two)"));
    assertTrue(eval("contains(bin, :bin01)"));
    assertFalse(eval("contains(tags, :one)") || eval("contains(nums, :red)") || eval("contains(mp, :one)"));
    assertTrue(eval("NOT contains(nope, :red)"));
  }

  /** size(): string length, binary bytes, set / map / list members; no value for N, BOOL, NULL. */
  @Test
  void size() {
    assertTrue(eval("size(s) = :n5"));
    assertTrue(eval("size(bin) = :three"));
    assertTrue(eval("size(tags) < :three AND size(lst) > :one AND size(mp) = :one AND size(bins) = :one"));
    assertFalse(eval("size(n) > :one") || eval("size(flag) > :one") || eval("size(nul) > :one"));
    assertTrue(eval("size(n) <> :one"));
    // a four-byte character
    assertTrue(eval("size(emoji) > :three"));
  }
}
