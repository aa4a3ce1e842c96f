package io.tidemark.partiql;

import io.tidemark.expr.Condition;
import io.tidemark.wire.AttributeValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A compiled WHERE clause: the native condition expression over the statement's placeholder maps
 * (for {@code ExpressionContext} and {@code Expressions.parseCondition}), already parsed into a
 * {@link Condition}, and its top-level AND terms, so that the executor can find key equalities and
 * ranges and filter with what remains. Immutable.
 */
public final class Where {
  private final List<Conjunct> conjuncts;
  /** Whether each conjunct's expression needs parentheses inside an AND (it is an OR). */
  private final boolean[] compound;
  private final String expression;
  private final Condition condition;
  private final Map<String, String> names;
  private final Map<String, AttributeValue> values;

  Where(List<Conjunct> conjuncts, boolean[] compound, Condition condition, Map<String, String> names,
      Map<String, AttributeValue> values) {
    this.conjuncts = List.copyOf(conjuncts);
    this.compound = compound.clone();
    this.expression = join(List.of());
    this.condition = condition;
    this.names = names;
    this.values = values;
  }

  /** Joins conjunct expressions with AND; used before the condition is parsed. */
  static String join(List<String> expressions, boolean[] compound) {
    if (expressions.size() == 1) {
      return expressions.get(0);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < expressions.size(); i++) {
      if (i > 0) {
        sb.append(" AND ");
      }
      sb.append(compound[i] ? "(" + expressions.get(i) + ")" : expressions.get(i));
    }
    return sb.toString();
  }

  /** The whole condition, native syntax. */
  public String expression() {
    return expression;
  }

  /** The whole condition, parsed (and so validated) by the native parser. */
  public Condition condition() {
    return condition;
  }

  /** The top-level AND terms, in statement order. */
  public List<Conjunct> conjuncts() {
    return conjuncts;
  }

  /** The placeholder names ({@code #n0 -> attribute}) shared by all the statement's expressions. */
  public Map<String, String> names() {
    return names;
  }

  /** The placeholder values ({@code :v0 -> value}) shared by all the statement's expressions. */
  public Map<String, AttributeValue> values() {
    return values;
  }

  /** The structured conjuncts on {@code attribute}, in statement order. */
  public List<KeyPredicate> predicatesOn(String attribute) {
    List<KeyPredicate> result = new ArrayList<>(1);
    for (Conjunct c : conjuncts) {
      if (c.predicate() != null && c.predicate().attribute().equals(attribute)) {
        result.add(c.predicate());
      }
    }
    return result;
  }

  /**
   * The condition without the given conjuncts (typically those consumed as a key condition), in
   * native syntax; null when nothing is left.
   */
  public String expressionWithout(Collection<Conjunct> excluded) {
    return join(excluded);
  }

  private String join(Collection<Conjunct> excluded) {
    List<String> kept = new ArrayList<>(conjuncts.size());
    boolean[] keptCompound = new boolean[conjuncts.size()];
    for (int i = 0; i < conjuncts.size(); i++) {
      Conjunct c = conjuncts.get(i);
      if (!excluded.contains(c)) {
        keptCompound[kept.size()] = compound[i];
        kept.add(c.expression());
      }
    }
    return kept.isEmpty() ? null : join(kept, keptCompound);
  }

  @Override
  public String toString() {
    return expression;
  }
}
