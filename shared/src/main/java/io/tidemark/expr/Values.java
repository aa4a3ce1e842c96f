package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValue.Type;
import io.tidemark.wire.DynamoNumber;
import java.math.BigDecimal;

/** Comparisons and small helpers on attribute values, with DynamoDB's rules. */
final class Values {
  private static final AttributeValue[] SMALL_NUMBERS = new AttributeValue[1024];

  static {
    for (int i = 0; i < SMALL_NUMBERS.length; i++) {
      SMALL_NUMBERS[i] = AttributeValue.n(DynamoNumber.of(BigDecimal.valueOf(i)));
    }
  }

  private Values() {}

  /** Only strings, numbers and binaries have an order. */
  static boolean orderable(Type type) {
    return type == Type.S || type == Type.N || type == Type.B;
  }

  /**
   * Orders two values of the same orderable type: numbers numerically, strings by UTF-8 bytes,
   * binaries bytewise unsigned.
   */
  static int compareSameType(AttributeValue a, AttributeValue b) {
    switch (a.type()) {
      case N:
        return a.n().compareTo(b.n());
      case S:
        return AttributeValue.compareUtf8(a.s(), b.s());
      case B:
        return a.b().compareTo(b.b());
      default:
        throw new IllegalArgumentException("not orderable: " + a.type());
    }
  }

  /** Both present, same orderable type. */
  static boolean comparable(AttributeValue a, AttributeValue b) {
    return a != null && b != null && a.type() == b.type() && orderable(a.type());
  }

  /**
   * A comparison as DynamoDB evaluates it: values of different types are simply not equal and not
   * ordered; a missing operand makes every comparison false except {@code <>}.
   */
  static boolean compare(Ast.Comparator comparator, AttributeValue a, AttributeValue b) {
    switch (comparator) {
      case EQ:
        return a != null && b != null && a.equals(b);
      case NE:
        return a == null || b == null || !a.equals(b);
      default:
        if (!comparable(a, b)) {
          return false;
        }
        int c = compareSameType(a, b);
        switch (comparator) {
          case LT:
            return c < 0;
          case LE:
            return c <= 0;
          case GT:
            return c > 0;
          default:
            return c >= 0;
        }
    }
  }

  static boolean between(AttributeValue v, AttributeValue lower, AttributeValue upper) {
    return comparable(v, lower) && comparable(v, upper)
        && compareSameType(v, lower) >= 0 && compareSameType(v, upper) <= 0;
  }

  static boolean beginsWith(AttributeValue a, AttributeValue b) {
    if (a == null || b == null || a.type() != b.type()) {
      return false;
    }
    if (a.type() == Type.S) {
      return a.s().startsWith(b.s());
    }
    return a.type() == Type.B && a.b().startsWith(b.b());
  }

  /**
   * contains(a, b): substring of a string, subsequence of a binary, member of a set (of b's type),
   * or element of a list.
   */
  static boolean contains(AttributeValue a, AttributeValue b) {
    if (a == null || b == null) {
      return false;
    }
    switch (a.type()) {
      case S:
        return b.type() == Type.S && a.s().contains(b.s());
      case B:
        return b.type() == Type.B && a.b().contains(b.b());
      case SS:
        return b.type() == Type.S && a.ss().contains(b.s());
      case NS:
        return b.type() == Type.N && a.ns().contains(b.n());
      case BS:
        return b.type() == Type.B && a.bs().contains(b.b());
      case L:
        for (AttributeValue element : a.l()) {
          if (element.equals(b)) {
            return true;
          }
        }
        return false;
      default:
        return false;
    }
  }

  /**
   * size(v): length of a string (UTF-8 bytes), of a binary, number of members of a set, map or
   * list; null (no value) for numbers, booleans and nulls.
   */
  static AttributeValue size(AttributeValue v) {
    if (v == null) {
      return null;
    }
    long n;
    switch (v.type()) {
      case S:
        n = AttributeValue.utf8Length(v.s());
        break;
      case B:
        n = v.b().length();
        break;
      case SS:
      case NS:
      case BS:
        n = v.setMembers().size();
        break;
      case M:
        n = v.m().size();
        break;
      case L:
        n = v.l().size();
        break;
      default:
        return null;
    }
    return number(n);
  }

  static AttributeValue number(long n) {
    if (n >= 0 && n < SMALL_NUMBERS.length) {
      return SMALL_NUMBERS[(int) n];
    }
    return AttributeValue.n(DynamoNumber.of(BigDecimal.valueOf(n)));
  }

  /** DynamoDB's rendering of a scalar in messages: {@code {S:abc}}, {@code {N:1.5}}. */
  static String describe(AttributeValue v) {
    return "{" + v.type() + ":" + scalarText(v) + "}";
  }

  static String scalarText(AttributeValue v) {
    switch (v.type()) {
      case S:
        return v.s();
      case N:
        return v.n().text();
      case B:
        return v.b().base64();
      case BOOL:
        return Boolean.toString(v.bool());
      case NULL:
        return "true";
      default:
        return v.toString();
    }
  }

  /** The type names of the legacy update messages: STRING, NUMBER, BINARY, BOOLEAN, NULL, LIST, MAP. */
  static String longTypeName(Type type) {
    switch (type) {
      case S:
        return "STRING";
      case N:
        return "NUMBER";
      case B:
        return "BINARY";
      case BOOL:
        return "BOOLEAN";
      case NULL:
        return "NULL";
      case L:
        return "LIST";
      case M:
        return "MAP";
      default:
        return type.name();
    }
  }
}
