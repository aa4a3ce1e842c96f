package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key condition of a Query, from a KeyConditionExpression or legacy KeyConditions, checked
 * against the key schema of the table or index: an equality on the partition key and at most one
 * condition on the sort key (AWS "Query" - "Key condition expressions").
 */
public final class KeyCondition {
  public enum RangeOp { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

  private static final String PARAMETER = "KeyConditionExpression";

  /** One condition on one attribute, before it is matched to the key schema. */
  static final class Part {
    final String attribute;
    /** EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH, or a legacy operator that cannot be used on a key. */
    final String operator;
    final List<AttributeValue> values;

    Part(String attribute, String operator, List<AttributeValue> values) {
      this.attribute = attribute;
      this.operator = operator;
      this.values = values;
    }
  }

  private final String hashKeyName;
  private final AttributeValue hashValue;
  private final String rangeKeyName;
  private final RangeOp rangeOp;
  private final AttributeValue rangeValue1;
  private final AttributeValue rangeValue2;

  private KeyCondition(String hashKeyName, AttributeValue hashValue, String rangeKeyName, RangeOp rangeOp,
      AttributeValue rangeValue1, AttributeValue rangeValue2) {
    this.hashKeyName = hashKeyName;
    this.hashValue = hashValue;
    this.rangeKeyName = rangeKeyName;
    this.rangeOp = rangeOp;
    this.rangeValue1 = rangeValue1;
    this.rangeValue2 = rangeValue2;
  }

  /** Parses and analyses a KeyConditionExpression; {@code rangeKeyName} is null for a hash-only schema. */
  public static KeyCondition analyse(String text, ExpressionContext ctx, String hashKeyName, String rangeKeyName) {
    return analyse(text, ctx, hashKeyName, null, rangeKeyName, null);
  }

  /**
   * As {@link #analyse(String, ExpressionContext, String, String)}, also checking the values against
   * the key attribute types when given ("Condition parameter type does not match schema type").
   */
  public static KeyCondition analyse(String text, ExpressionContext ctx, String hashKeyName, AttributeValue.Type hashType,
      String rangeKeyName, AttributeValue.Type rangeType) {
    ParsedCondition parsed = ConditionParser.parse(text, ctx, PARAMETER, false);
    Map<String, Part> parts = new LinkedHashMap<>();
    collect(parsed.root, parts);
    return fromParts(parts, hashKeyName, hashType, rangeKeyName, rangeType);
  }

  /** The structure checks of a KeyConditionExpression: AND of single-key comparisons only. */
  private static void collect(Ast.Cond c, Map<String, Part> parts) {
    switch (c.kind) {
      case OR:
        throw invalid("Invalid operator used in KeyConditionExpression: OR");
      case NOT:
        throw invalid("Invalid operator used in KeyConditionExpression: NOT");
      case IN:
        throw invalid("Invalid operator used in KeyConditionExpression: IN");
      case AND:
        collect(c.left, parts);
        collect(c.right, parts);
        return;
      case COMPARE:
        if (c.comparator == Ast.Comparator.NE) {
          throw invalid("Invalid operator used in KeyConditionExpression: <>");
        }
        leaf(c.comparator.name(), c.operands, parts, true);
        return;
      case BETWEEN:
        if (c.operands[0].kind != Ast.OperandKind.PATH) {
          throw invalid("Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand");
        }
        leaf("BETWEEN", c.operands, parts, false);
        return;
      case CALL:
        if (c.call.fn != Ast.Fn.BEGINS_WITH) {
          throw invalid("Invalid operator used in KeyConditionExpression: " + c.call.name);
        }
        if (c.call.args[0].kind != Ast.OperandKind.PATH) {
          throw invalid("Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand");
        }
        leaf("BEGINS_WITH", c.call.args, parts, false);
        return;
      default:
        throw new IllegalStateException(c.kind.name());
    }
  }

  private static void leaf(String operator, Ast.Operand[] operands, Map<String, Part> parts, boolean comparison) {
    String attribute = null;
    int attributeIndex = -1;
    List<AttributeValue> values = new ArrayList<>(2);
    for (int i = 0; i < operands.length; i++) {
      Ast.Operand o = operands[i];
      if (o.kind == Ast.OperandKind.PATH) {
        if (attribute != null) {
          throw invalid("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
        }
        if (!o.path.isTopLevel()) {
          throw invalid("KeyConditionExpressions cannot have conditions on nested attributes");
        }
        attribute = o.path.topLevelName();
        attributeIndex = i;
      } else if (o.kind == Ast.OperandKind.CALL) {
        throw invalid("KeyConditionExpressions cannot contain nested operations");
      } else {
        values.add(o.value);
      }
    }
    if (attribute == null) {
      throw invalid("Invalid condition in KeyConditionExpression: No key attribute specified");
    }
    if (parts.containsKey(attribute)) {
      throw invalid("KeyConditionExpressions must only contain one condition per key");
    }
    if (comparison && attributeIndex != 0) {
      // ":v < sk" means "sk > :v"
      operator = Ast.Comparator.valueOf(operator).flip().name();
    }
    parts.put(attribute, new Part(attribute, operator, values));
  }

  private static DynamoDbException invalid(String message) {
    return Expressions.invalid(PARAMETER, message);
  }

  /** Matches the conditions to the key schema, with DynamoDB's messages and their order. */
  static KeyCondition fromParts(Map<String, Part> parts, String hashKeyName, AttributeValue.Type hashType,
      String rangeKeyName, AttributeValue.Type rangeType) {
    int count = parts.size();
    if (count < 1 || count > 2) {
      throw DynamoDbException.validation("Conditions can be of length 1 or 2 only");
    }
    if (rangeKeyName == null && count > 1) {
      throw DynamoDbException.validation("Query key condition not supported");
    }
    Part hash = parts.get(hashKeyName);
    if (hash == null) {
      throw DynamoDbException.validation("Query condition missed key schema element: " + hashKeyName);
    }
    checkPart(hash, hashType);
    if (!hash.operator.equals("EQ")) {
      throw DynamoDbException.validation("Query key condition not supported");
    }
    Part range = rangeKeyName == null ? null : parts.get(rangeKeyName);
    if (range == null) {
      if (count > 1) {
        throw DynamoDbException.validation("Query condition missed key schema element: " + rangeKeyName);
      }
      return new KeyCondition(hashKeyName, hash.values.get(0), rangeKeyName, null, null, null);
    }
    checkPart(range, rangeType);
    return new KeyCondition(hashKeyName, hash.values.get(0), rangeKeyName, RangeOp.valueOf(range.operator),
        range.values.get(0), range.values.size() > 1 ? range.values.get(1) : null);
  }

  private static void checkPart(Part part, AttributeValue.Type type) {
    switch (part.operator) {
      case "EQ":
      case "LT":
      case "LE":
      case "GT":
      case "GE":
      case "BETWEEN":
      case "BEGINS_WITH":
        break;
      default:
        throw DynamoDbException.validation("Attempted conditional constraint is not an indexable operation");
    }
    if (type != null) {
      for (AttributeValue v : part.values) {
        if (v.type() != type) {
          throw DynamoDbException.validation(
              "One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
      }
    }
  }

  public String hashKeyName() {
    return hashKeyName;
  }

  public AttributeValue hashValue() {
    return hashValue;
  }

  /** The sort key name of the schema (null for a hash-only schema), whether or not it has a condition. */
  public String rangeKeyName() {
    return rangeKeyName;
  }

  /** Null when there is no condition on the sort key. */
  public RangeOp rangeOp() {
    return rangeOp;
  }

  public AttributeValue rangeValue1() {
    return rangeValue1;
  }

  /** The upper bound of BETWEEN; null otherwise. */
  public AttributeValue rangeValue2() {
    return rangeValue2;
  }

  /** Whether a sort key value satisfies the sort key condition (true when there is none). */
  public boolean rangeMatches(AttributeValue sortKeyValue) {
    if (rangeOp == null) {
      return true;
    }
    switch (rangeOp) {
      case EQ:
        return Values.compare(Ast.Comparator.EQ, sortKeyValue, rangeValue1);
      case LT:
        return Values.compare(Ast.Comparator.LT, sortKeyValue, rangeValue1);
      case LE:
        return Values.compare(Ast.Comparator.LE, sortKeyValue, rangeValue1);
      case GT:
        return Values.compare(Ast.Comparator.GT, sortKeyValue, rangeValue1);
      case GE:
        return Values.compare(Ast.Comparator.GE, sortKeyValue, rangeValue1);
      case BETWEEN:
        return Values.between(sortKeyValue, rangeValue1, rangeValue2);
      case BEGINS_WITH:
        return Values.beginsWith(sortKeyValue, rangeValue1);
      default:
        throw new IllegalStateException(rangeOp.name());
    }
  }

  /** Whether an item (with its key attributes) satisfies the whole key condition. */
  public boolean matches(Map<String, AttributeValue> item) {
    if (item == null || !hashValue.equals(item.get(hashKeyName))) {
      return false;
    }
    return rangeOp == null || rangeMatches(item.get(rangeKeyName));
  }

  @Override
  public String toString() {
    return hashKeyName + " = " + hashValue
        + (rangeOp == null ? "" : " AND " + rangeKeyName + " " + rangeOp + " " + rangeValue1
            + (rangeValue2 == null ? "" : " AND " + rangeValue2));
  }
}
