package io.tidemark.expr;

import io.tidemark.wire.DynamoDbException;

/**
 * The semantic problems found in one expression. DynamoDB reports, among the problems of an
 * expression that parsed, the first of the highest-ranking kind; the ranking depends on the kind of
 * expression, so each parser passes its own order.
 */
final class Problems {
  enum Kind {
    /** IN with more than 100 operands, more than 300 operators. */
    LIMIT,
    PARENS,
    UNKNOWN_FUNCTION,
    MISUSED_FUNCTION,
    RESERVED,
    SECTION,
    /** Undefined expression attribute name (or, in conditions, value). */
    UNDEFINED_NAME,
    UNDEFINED_VALUE,
    OVERLAP,
    CONFLICT,
    /** Wrong number of operands to a function. */
    OPERAND_COUNT,
    /** Same document path on both sides of a comparison or function. */
    DISTINCT,
    /** ADD / DELETE operand type in update expressions. */
    OPERAND_TYPE,
    /** Function and operator argument checks. */
    FUNCTION,
    /**
     * Condition expressions: the first problem of the first single condition (comparison, BETWEEN,
     * IN, function) that has one, ranking undefined placeholders, operand count, distinct operands,
     * then operand types.
     */
    CONDITION
  }

  static final Kind[] CONDITION_ORDER = {
    Kind.LIMIT, Kind.PARENS, Kind.UNKNOWN_FUNCTION, Kind.MISUSED_FUNCTION, Kind.RESERVED, Kind.CONDITION
  };
  /** Within one single condition. */
  static final Kind[] LEAF_ORDER = {Kind.UNDEFINED_NAME, Kind.OPERAND_COUNT, Kind.DISTINCT, Kind.FUNCTION};
  static final Kind[] UPDATE_ORDER = {
    Kind.LIMIT, Kind.RESERVED, Kind.UNKNOWN_FUNCTION, Kind.SECTION, Kind.UNDEFINED_NAME, Kind.UNDEFINED_VALUE,
    Kind.OVERLAP, Kind.CONFLICT, Kind.OPERAND_TYPE, Kind.OPERAND_COUNT, Kind.FUNCTION
  };
  static final Kind[] PROJECTION_ORDER = {
    Kind.RESERVED, Kind.UNDEFINED_NAME, Kind.OVERLAP, Kind.CONFLICT
  };

  private final String[] first = new String[Kind.values().length];

  /** Records a problem; only the first one of each kind is kept. */
  void add(Kind kind, String message) {
    if (first[kind.ordinal()] == null) {
      first[kind.ordinal()] = message;
    }
  }

  boolean has(Kind kind) {
    return first[kind.ordinal()] != null;
  }

  /** The highest-ranking problem in {@code order}, or null. */
  String first(Kind[] order) {
    for (Kind kind : order) {
      String message = first[kind.ordinal()];
      if (message != null) {
        return message;
      }
    }
    return null;
  }

  /** Throws {@code Invalid <parameter>: <message>} for the highest-ranking problem, if any. */
  void throwFirst(String parameterName, Kind[] order) {
    for (Kind kind : order) {
      String message = first[kind.ordinal()];
      if (message != null) {
        throw Expressions.invalid(parameterName, message);
      }
    }
  }
}
