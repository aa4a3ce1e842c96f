package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import java.util.Map;

/** Evaluates a parsed condition against an item. Stateless; on the hot path of every request. */
final class ConditionEvaluator {
  private ConditionEvaluator() {}

  /** {@code item} may be null or empty, meaning there is no item. */
  static boolean test(Ast.Cond c, Map<String, AttributeValue> item) {
    switch (c.kind) {
      case AND:
        return test(c.left, item) && test(c.right, item);
      case OR:
        return test(c.left, item) || test(c.right, item);
      case NOT:
        return !test(c.left, item);
      case COMPARE:
        return Values.compare(c.comparator, value(c.operands[0], item), value(c.operands[1], item));
      case BETWEEN:
        return Values.between(value(c.operands[0], item), value(c.operands[1], item), value(c.operands[2], item));
      case IN: {
        AttributeValue v = value(c.operands[0], item);
        if (v == null) {
          return false;
        }
        for (int i = 1; i < c.operands.length; i++) {
          if (v.equals(value(c.operands[i], item))) {
            return true;
          }
        }
        return false;
      }
      case CALL:
        return call(c.call, item);
      default:
        throw new IllegalStateException(c.kind.name());
    }
  }

  private static boolean call(Ast.Call call, Map<String, AttributeValue> item) {
    Ast.Operand[] args = call.args;
    switch (call.fn) {
      case ATTRIBUTE_EXISTS:
        return value(args[0], item) != null;
      case ATTRIBUTE_NOT_EXISTS:
        return value(args[0], item) == null;
      case ATTRIBUTE_TYPE: {
        AttributeValue v = value(args[0], item);
        AttributeValue type = value(args[1], item);
        return v != null && type != null && type.type() == AttributeValue.Type.S && v.type().name().equals(type.s());
      }
      case BEGINS_WITH:
        return Values.beginsWith(value(args[0], item), value(args[1], item));
      case CONTAINS:
        return Values.contains(value(args[0], item), value(args[1], item));
      default:
        throw new IllegalStateException("not a condition function: " + call.name);
    }
  }

  static AttributeValue value(Ast.Operand o, Map<String, AttributeValue> item) {
    switch (o.kind) {
      case PATH:
        return o.path.resolve(item);
      case VALUE:
        return o.value;
      case CALL:
        // size() is the only function allowed as an operand of a condition
        return Values.size(value(o.call.args[0], item));
      default:
        throw new IllegalStateException(o.kind.name());
    }
  }
}
