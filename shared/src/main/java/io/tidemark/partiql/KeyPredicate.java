package io.tidemark.partiql;

import io.tidemark.wire.AttributeValue;
import java.util.List;

/**
 * A conjunct of WHERE in a form the executor can match against the key schema: a comparison,
 * BETWEEN, IN or begins_with between a top-level attribute and literal values. An OR of
 * equalities (and INs) on one attribute is given as IN, since DynamoDB reads {@code a = 1 OR a = 2}
 * by key as it reads {@code a IN [1, 2]} (AWS ql-reference.select, "condition").
 */
public record KeyPredicate(String attribute, Operator operator, List<AttributeValue> values) {
  public enum Operator { EQ, NE, LT, LE, GT, GE, BETWEEN, BEGINS_WITH, IN }

  public KeyPredicate {
    values = List.copyOf(values);
  }

  /** The single operand (EQ, comparisons, BEGINS_WITH), or the lower bound of BETWEEN. */
  public AttributeValue value() {
    return values.get(0);
  }
}
