package io.tidemark.partiql;

import io.tidemark.wire.AttributeValue;
import java.util.ArrayList;
import java.util.List;

/** Recognises the conjuncts that have a {@link KeyPredicate} form. */
final class Predicates {
  private Predicates() {}

  /** The structured form of {@code e}, or null. */
  static KeyPredicate of(Expr e) {
    if (e instanceof Expr.Binary b && b.op().isComparison()) {
      if (topLevel(b.left()) && Literals.isValue(b.right())) {
        return predicate(b.left(), operator(b.op()), b.right());
      }
      if (topLevel(b.right()) && Literals.isValue(b.left())) {
        return predicate(b.right(), operator(b.op().flipped()), b.left());
      }
      return null;
    }
    if (e instanceof Expr.Between b && !b.negated() && topLevel(b.value()) && Literals.isValue(b.lower())
        && Literals.isValue(b.upper())) {
      return predicate(b.value(), KeyPredicate.Operator.BETWEEN, b.lower(), b.upper());
    }
    if (e instanceof Expr.In in && !in.negated() && topLevel(in.value()) && in.members().stream().allMatch(Literals::isValue)) {
      return predicate(in.value(), KeyPredicate.Operator.IN, in.members().toArray(new Expr[0]));
    }
    if (e instanceof Expr.Call call && call.name().equals("begins_with") && call.args().size() == 2
        && topLevel(call.args().get(0)) && Literals.isValue(call.args().get(1))) {
      return predicate(call.args().get(0), KeyPredicate.Operator.BEGINS_WITH, call.args().get(1));
    }
    if (e instanceof Expr.Binary b && b.op() == Expr.Op.OR) {
      return equalities(b);
    }
    return null;
  }

  /** {@code a = 1 OR a = 2 OR a IN [3]}: IN [1, 2, 3]; null unless every branch is EQ or IN on one attribute. */
  private static KeyPredicate equalities(Expr.Binary or) {
    KeyPredicate left = branch(or.left());
    KeyPredicate right = branch(or.right());
    if (left == null || right == null || !left.attribute().equals(right.attribute())) {
      return null;
    }
    List<AttributeValue> values = new ArrayList<>(left.values());
    values.addAll(right.values());
    return new KeyPredicate(left.attribute(), KeyPredicate.Operator.IN, values);
  }

  private static KeyPredicate branch(Expr e) {
    KeyPredicate p = of(e);
    return p != null && (p.operator() == KeyPredicate.Operator.EQ || p.operator() == KeyPredicate.Operator.IN) ? p : null;
  }

  private static boolean topLevel(Expr e) {
    return e instanceof Expr.PathRef p && p.isTopLevel();
  }

  private static KeyPredicate predicate(Expr path, KeyPredicate.Operator op, Expr... operands) {
    List<AttributeValue> values = new ArrayList<>(operands.length);
    for (Expr operand : operands) {
      values.add(Literals.value(operand, "root"));
    }
    return new KeyPredicate(((Expr.PathRef) path).topLevelName(), op, values);
  }

  private static KeyPredicate.Operator operator(Expr.Op op) {
    switch (op) {
      case EQ: return KeyPredicate.Operator.EQ;
      case NE: return KeyPredicate.Operator.NE;
      case LT: return KeyPredicate.Operator.LT;
      case LE: return KeyPredicate.Operator.LE;
      case GT: return KeyPredicate.Operator.GT;
      default: return KeyPredicate.Operator.GE;
    }
  }
}
