package io.tidemark.partiql;

import static io.tidemark.partiql.Support.av;
import static io.tidemark.partiql.Support.n;
import static io.tidemark.partiql.Support.reparse;
import static io.tidemark.partiql.Support.s;
import static io.tidemark.partiql.Support.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.partiql.KeyPredicate.Operator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The native text of WHERE clauses and their conjuncts. */
class WhereTest {
  private static void native_(String partiql, String expected) {
    Where w = where(partiql);
    assertEquals(expected, w.expression());
    reparse(w); // valid for the public native parser too
  }

  @Test
  void comparisons() {
    native_("a = 1", "#n0 = :v0");
    native_("a <> 1", "#n0 <> :v0");
    native_("a != 1", "#n0 <> :v0");
    native_("a < 1", "#n0 < :v0");
    native_("a <= 1", "#n0 <= :v0");
    native_("a > 1", "#n0 > :v0");
    native_("a >= 1", "#n0 >= :v0");
    native_("1 < a", ":v0 < #n0");
    native_("a = b", "#n0 = #n1");
  }

  @Test
  void logicalOperatorsKeepPrecedence() {
    native_("a = 1 AND b = 2 OR c = 3", "#n0 = :v0 AND #n1 = :v1 OR #n2 = :v2");
    native_("a = 1 AND (b = 2 OR c = 3)", "#n0 = :v0 AND (#n1 = :v1 OR #n2 = :v2)");
    native_("(a = 1 OR b = 2) AND c = 3", "(#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2");
    native_("NOT a = 1", "NOT #n0 = :v0");
    native_("NOT (a = 1 AND b = 2)", "NOT (#n0 = :v0 AND #n1 = :v1)");
    native_("NOT NOT a = 1", "NOT NOT #n0 = :v0");
    native_("((a = 1))", "#n0 = :v0");
    native_("(a) = 1", "#n0 = :v0");
    native_("a = 1 OR (b = 2 OR c = 3)", "#n0 = :v0 OR #n1 = :v1 OR #n2 = :v2");
  }

  @Test
  void betweenInAndNegations() {
    native_("a BETWEEN 1 AND 5", "#n0 BETWEEN :v0 AND :v1");
    native_("a NOT BETWEEN 1 AND 5", "NOT #n0 BETWEEN :v0 AND :v1");
    native_("a IN [1, 2, 3]", "#n0 IN (:v0, :v1, :v2)");
    native_("a IN (1, 2)", "#n0 IN (:v0, :v1)");
    native_("a IN ('x')", "#n0 IN (:v0)");
    native_("a NOT IN ['x', 'y']", "NOT #n0 IN (:v0, :v1)");
    native_("a BETWEEN 1 AND 5 AND b = 2", "#n0 BETWEEN :v0 AND :v1 AND #n1 = :v2");
  }

  @Test
  void isMissingNullAndTypes() {
    native_("a IS MISSING", "attribute_not_exists(#n0)");
    native_("a IS NOT MISSING", "attribute_exists(#n0)");
    Where w = where("a IS NULL");
    assertEquals("attribute_type(#n0, :v0)", w.expression());
    assertEquals(s("NULL"), w.values().get(":v0"));
    native_("a IS NOT NULL", "NOT attribute_type(#n0, :v0)");
    assertEquals(s("BOOL"), where("a IS BOOLEAN").values().get(":v0"));
    assertEquals(s("S"), where("a IS STRING").values().get(":v0"));
    assertEquals(s("N"), where("a IS NUMERIC").values().get(":v0"));
    assertEquals(s("B"), where("a IS BLOB").values().get(":v0"));
    assertEquals(s("M"), where("a IS TUPLE").values().get(":v0"));
    assertEquals(s("M"), where("a IS STRUCT").values().get(":v0"));
    assertEquals(s("L"), where("a IS LIST").values().get(":v0"));
    native_("a.b IS missing", "attribute_not_exists(#n0.#n1)");
  }

  @Test
  void functions() {
    native_("begins_with(a, 'x')", "begins_with(#n0, :v0)");
    native_("BEGINS_WITH(\"a\", 'x')", "begins_with(#n0, :v0)");
    native_("contains(a, 'x')", "contains(#n0, :v0)");
    native_("attribute_type(a, 'S')", "attribute_type(#n0, :v0)");
    native_("attribute_exists(a)", "attribute_exists(#n0)");
    native_("attribute_not_exists(a)", "attribute_not_exists(#n0)");
    native_("size(a) > 3", "size(#n0) > :v0");
    native_("SIZE(a.b[1]) BETWEEN 1 AND 2", "size(#n0.#n1[1]) BETWEEN :v0 AND :v1");
    native_("NOT contains(a, 1)", "NOT contains(#n0, :v0)");
  }

  @Test
  void nestedPaths() {
    native_("a.b.c = 1", "#n0.#n1.#n2 = :v0");
    native_("a[0][2] = 1", "#n0[0][2] = :v0");
    native_("a.b[0].c = 1", "#n0.#n1[0].#n2 = :v0");
    native_("\"a b\".\"c.d\" = 1", "#n0.#n1 = :v0");
    native_("a['key'] = 1", "#n0.#n1 = :v0");
    native_("a.a = 1", "#n0.#n0 = :v0");
    assertEquals(Map.of("#n0", "a b", "#n1", "c.d"), where("\"a b\".\"c.d\" = 1").names());
  }

  @Test
  void literalOperands() {
    Where w = where("a = [1, 'x'] OR b = {'k': true} OR c = <<'p', 'q'>> OR d = NULL OR e = -2.50");
    assertEquals(av("{'L': [{'N': '1'}, {'S': 'x'}]}"), w.values().get(":v0"));
    assertEquals(av("{'M': {'k': {'BOOL': true}}}"), w.values().get(":v1"));
    assertEquals(av("{'SS': ['p', 'q']}"), w.values().get(":v2"));
    assertEquals(av("{'NULL': true}"), w.values().get(":v3"));
    assertEquals(n("-2.5"), w.values().get(":v4"));
    reparse(w);
  }

  @Test
  void conjunctsAreTopLevelAndTerms() {
    Where w = where("Artist = 'a' AND (SongTitle > 'b' AND Year = 2000) AND (x = 1 OR y = 2)");
    assertEquals(List.of("#n0 = :v0", "#n1 > :v1", "#n2 = :v2", "#n3 = :v3 OR #n4 = :v4"),
        w.conjuncts().stream().map(Conjunct::expression).toList());
    assertEquals("#n0 = :v0 AND #n1 > :v1 AND #n2 = :v2 AND (#n3 = :v3 OR #n4 = :v4)", w.expression());
    assertEquals(new KeyPredicate("Artist", Operator.EQ, List.of(s("a"))), w.conjuncts().get(0).predicate());
    assertEquals(new KeyPredicate("SongTitle", Operator.GT, List.of(s("b"))), w.conjuncts().get(1).predicate());
    assertNull(w.conjuncts().get(3).predicate());
    assertFalse(w.conjuncts().get(3).hasPredicate());
  }

  @Test
  void expressionWithoutConsumedConjuncts() {
    Where w = where("Artist = 'a' AND (x = 1 OR y = 2) AND SongTitle BETWEEN 'a' AND 'c'");
    List<Conjunct> keys = List.of(w.conjuncts().get(0), w.conjuncts().get(2));
    assertEquals("#n1 = :v1 OR #n2 = :v2", w.expressionWithout(keys));
    assertEquals("#n0 = :v0 AND (#n1 = :v1 OR #n2 = :v2)", w.expressionWithout(List.of(w.conjuncts().get(2))));
    assertNull(w.expressionWithout(w.conjuncts()));
    assertEquals(w.expression(), w.expressionWithout(List.of()));
  }

  @Test
  void structuredPredicates() {
    assertEquals(new KeyPredicate("a", Operator.LT, List.of(n("5"))), pred("5 > a"));
    assertEquals(new KeyPredicate("a", Operator.GE, List.of(n("5"))), pred("5 <= a"));
    assertEquals(new KeyPredicate("a", Operator.EQ, List.of(n("5"))), pred("5 = a"));
    assertEquals(new KeyPredicate("a", Operator.NE, List.of(n("5"))), pred("a <> 5"));
    assertEquals(new KeyPredicate("a", Operator.BETWEEN, List.of(n("1"), n("9"))), pred("a BETWEEN 1 AND 9"));
    assertEquals(new KeyPredicate("a", Operator.IN, List.of(n("1"), n("2"))), pred("a IN [1, 2]"));
    assertEquals(new KeyPredicate("a", Operator.BEGINS_WITH, List.of(s("x"))), pred("begins_with(a, 'x')"));
    assertEquals(new KeyPredicate("a", Operator.IN, List.of(n("1"), n("2"), n("3"))),
        pred("a = 1 OR a IN [2] OR 3 = a"));
    assertEquals(new KeyPredicate("Weird Name", Operator.EQ, List.of(s("v"))), pred("\"Weird Name\" = 'v'"));
  }

  @Test
  void conjunctsWithoutStructuredForm() {
    for (String c : List.of("a.b = 1", "a[0] = 1", "a = b", "NOT a = 1", "a NOT IN [1]", "a NOT BETWEEN 1 AND 2",
        "a IS MISSING", "contains(a, 'x')", "size(a) = 1", "a = 1 OR b = 2", "a = 1 OR a > 2", "a IN [1, b]")) {
      assertNull(pred(c), c);
    }
  }

  @Test
  void predicatesOnAnAttribute() {
    Where w = where("pk = 'p' AND sk > 1 AND sk < 9 AND x = 1");
    assertEquals(List.of(new KeyPredicate("sk", Operator.GT, List.of(n("1"))),
        new KeyPredicate("sk", Operator.LT, List.of(n("9")))), w.predicatesOn("sk"));
    assertEquals(s("p"), w.predicatesOn("pk").get(0).value());
    assertTrue(w.predicatesOn("nope").isEmpty());
  }

  private static KeyPredicate pred(String condition) {
    Where w = where(condition);
    assertEquals(1, w.conjuncts().size(), condition);
    return w.conjuncts().get(0).predicate();
  }
}
