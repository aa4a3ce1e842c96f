package io.tidemark.partiql;

import io.tidemark.wire.AttributeValue;
import java.util.List;

/**
 * The expression tree of a statement, as PartiQL reads it and before any of DynamoDB's
 * restrictions: the parser accepts a general expression wherever PartiQL does, and {@link
 * Compiler} rejects, with DynamoDB's messages, what the native expression language cannot say.
 */
sealed interface Expr {
  /** A string, boolean or null literal, or a bound {@code ?} parameter. */
  record Lit(AttributeValue value) implements Expr {}

  /** A number literal, kept as text so that its errors can name where it sits ("under root.a"). */
  record Num(String text) implements Expr {}

  /** The MISSING literal. */
  record Missing() implements Expr {}

  /** A document path: {@code String} names and {@code Integer} list indexes. */
  record PathRef(List<Object> elements) implements Expr {
    boolean isTopLevel() {
      return elements.size() == 1;
    }

    String topLevelName() {
      return (String) elements.get(0);
    }

    /** The path as written in messages: {@code a.b[0]}. */
    String display() {
      StringBuilder sb = new StringBuilder();
      for (Object e : elements) {
        if (e instanceof Integer) {
          sb.append('[').append(e).append(']');
        } else {
          if (sb.length() > 0) {
            sb.append('.');
          }
          sb.append(e);
        }
      }
      return sb.toString();
    }
  }

  /** A function call; {@code name} is lower-cased (PartiQL function names ignore case). */
  record Call(String name, List<Expr> args) implements Expr {}

  record Binary(Op op, Expr left, Expr right) implements Expr {}

  record Not(Expr operand) implements Expr {}

  record Between(Expr value, Expr lower, Expr upper, boolean negated) implements Expr {}

  record In(Expr value, List<Expr> members, boolean negated) implements Expr {}

  /** {@code value IS [NOT] type}; {@code type} is the upper-cased type name. */
  record Is(Expr value, String type, boolean negated) implements Expr {}

  /** {@code [a, b]}. */
  record ListLit(List<Expr> elements) implements Expr {}

  /** {@code (a, b)}: a parenthesised list of two or more, or of one after IN. */
  record SeqLit(List<Expr> elements) implements Expr {}

  /** {@code <<a, b>>}. */
  record BagLit(List<Expr> elements) implements Expr {}

  /** {@code {k: v, ...}}. */
  record TupleLit(List<Expr> keys, List<Expr> values) implements Expr {}

  enum Op {
    OR("OR"), AND("AND"), EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), PLUS("+"), MINUS("-");

    /** The operator as written, in PartiQL and in the native expression language alike. */
    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    boolean isComparison() {
      return this != OR && this != AND && this != PLUS && this != MINUS;
    }

    static Op comparison(Token t) {
      switch (t.type) {
        case EQ: return EQ;
        case NE: return NE;
        case LT: return LT;
        case LE: return LE;
        case GT: return GT;
        case GE: return GE;
        default: return null;
      }
    }

    /** The comparison with its operands swapped: {@code 1 < a} is {@code a > 1}. */
    Op flipped() {
      switch (this) {
        case LT: return GT;
        case LE: return GE;
        case GT: return LT;
        case GE: return LE;
        default: return this;
      }
    }
  }

  /** Names the kind of an expression in messages. */
  static String kind(Expr e) {
    if (e instanceof Lit lit) {
      return lit.value().type().name();
    }
    if (e instanceof Num) {
      return "N";
    }
    if (e instanceof PathRef) {
      return "Path";
    }
    if (e instanceof Call) {
      return "Call";
    }
    if (e instanceof Missing) {
      return "MISSING";
    }
    if (e instanceof ListLit || e instanceof SeqLit) {
      return "L";
    }
    if (e instanceof TupleLit) {
      return "M";
    }
    if (e instanceof BagLit) {
      return "Bag";
    }
    return "Expression";
  }
}
