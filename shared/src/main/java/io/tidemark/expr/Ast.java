package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;

/**
 * The abstract syntax tree shared by condition, filter, key-condition and update expressions (and
 * by the legacy parameters, which are mapped onto it). Nodes are immutable once built; placeholder
 * values are already resolved to attribute values, so evaluating needs nothing but the item.
 */
final class Ast {
  private Ast() {}

  /** The functions of the expression language, with their number of operands. */
  enum Fn {
    ATTRIBUTE_EXISTS("attribute_exists", 1, true),
    ATTRIBUTE_NOT_EXISTS("attribute_not_exists", 1, true),
    ATTRIBUTE_TYPE("attribute_type", 2, true),
    BEGINS_WITH("begins_with", 2, true),
    CONTAINS("contains", 2, true),
    SIZE("size", 1, true),
    IF_NOT_EXISTS("if_not_exists", 2, false),
    LIST_APPEND("list_append", 2, false);

    final String text;
    final int arity;
    final boolean condition;

    Fn(String text, int arity, boolean condition) {
      this.text = text;
      this.arity = arity;
      this.condition = condition;
    }

    /** The function called {@code name} (case-sensitive, as in DynamoDB) in the given language. */
    static Fn lookup(String name, boolean conditionLanguage) {
      for (Fn fn : values()) {
        if (fn.condition == conditionLanguage && fn.text.equals(name)) {
          return fn;
        }
      }
      return null;
    }
  }

  enum Comparator {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    Comparator(String symbol) {
      this.symbol = symbol;
    }

    boolean ordering() {
      return this != EQ && this != NE;
    }

    /** The comparator with its operands swapped: {@code a < b} is {@code b > a}. */
    Comparator flip() {
      switch (this) {
        case LT:
          return GT;
        case LE:
          return GE;
        case GT:
          return LT;
        case GE:
          return LE;
        default:
          return this;
      }
    }
  }

  enum OperandKind { PATH, VALUE, CALL }

  /** A document path, a literal (placeholder) value or a function call. */
  static final class Operand {
    final OperandKind kind;
    final Path path;
    /** The value of a VALUE operand; null when its placeholder is undefined (already reported). */
    final AttributeValue value;
    final Call call;

    private Operand(OperandKind kind, Path path, AttributeValue value, Call call) {
      this.kind = kind;
      this.path = path;
      this.value = value;
      this.call = call;
    }

    static Operand path(Path path) {
      return new Operand(OperandKind.PATH, path, null, null);
    }

    static Operand value(AttributeValue value) {
      return new Operand(OperandKind.VALUE, null, value, null);
    }

    static Operand call(Call call) {
      return new Operand(OperandKind.CALL, null, null, call);
    }
  }

  /** A function call; {@code fn} is null when the name is unknown (already reported). */
  static final class Call {
    final String name;
    final Fn fn;
    final Operand[] args;

    Call(String name, Fn fn, Operand[] args) {
      this.name = name;
      this.fn = fn;
      this.args = args;
    }
  }

  enum CondKind { COMPARE, BETWEEN, IN, AND, OR, NOT, CALL }

  /** A node of a condition: a comparison, BETWEEN, IN, a boolean function, or AND / OR / NOT. */
  static final class Cond {
    final CondKind kind;
    final Comparator comparator;
    /** COMPARE: left, right. BETWEEN: operand, lower, upper. IN: operand, then the list. */
    final Operand[] operands;
    /** AND / OR: both sides; NOT: the negated condition in {@code left}. */
    final Cond left;
    final Cond right;
    final Call call;

    private Cond(CondKind kind, Comparator comparator, Operand[] operands, Cond left, Cond right, Call call) {
      this.kind = kind;
      this.comparator = comparator;
      this.operands = operands;
      this.left = left;
      this.right = right;
      this.call = call;
    }

    static Cond compare(Comparator comparator, Operand a, Operand b) {
      return new Cond(CondKind.COMPARE, comparator, new Operand[] {a, b}, null, null, null);
    }

    static Cond between(Operand operand, Operand lower, Operand upper) {
      return new Cond(CondKind.BETWEEN, null, new Operand[] {operand, lower, upper}, null, null, null);
    }

    /** {@code operands[0] IN (operands[1..])}. */
    static Cond in(Operand[] operands) {
      return new Cond(CondKind.IN, null, operands, null, null, null);
    }

    static Cond and(Cond a, Cond b) {
      return new Cond(CondKind.AND, null, null, a, b, null);
    }

    static Cond or(Cond a, Cond b) {
      return new Cond(CondKind.OR, null, null, a, b, null);
    }

    static Cond not(Cond c) {
      return new Cond(CondKind.NOT, null, null, c, null, null);
    }

    static Cond call(Call call) {
      return new Cond(CondKind.CALL, null, null, null, null, call);
    }
  }
}
