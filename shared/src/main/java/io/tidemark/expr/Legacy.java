package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValue.Type;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The legacy (pre-expression) parameters (AWS "Legacy conditional parameters"): Expected,
 * QueryFilter / ScanFilter, KeyConditions, AttributeUpdates and AttributesToGet, validated with
 * DynamoDB's messages and mapped onto the same tree and evaluator as expressions. Inputs are the
 * generic JSON produced by {@code JsonReader}.
 */
public final class Legacy {
  private static final String OPERATOR_ENUM =
      "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]";
  private static final Set<String> OPERATORS = Set.of(
      "IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS");
  private static final Set<Type> SCALARS_AND_SETS = EnumSet.of(Type.S, Type.N, Type.B, Type.SS, Type.NS, Type.BS);
  private static final Set<Type> SCALARS = EnumSet.of(Type.S, Type.N, Type.B);
  private static final Set<Type> STRING_OR_BINARY = EnumSet.of(Type.S, Type.B);

  private Legacy() {}

  /**
   * The {@code Expected} parameter of PutItem, UpdateItem and DeleteItem, with its
   * {@code ConditionalOperator} (null means AND). Null or empty Expected gives {@link Condition#TRUE}.
   */
  public static Condition expected(Map<String, Object> expected, String conditionalOperator) {
    boolean or = conditionalOperator(expected, conditionalOperator);
    if (expected == null || expected.isEmpty()) {
      return Condition.TRUE;
    }
    Map<String, Map<String, Object>> conditions = structures(expected, "expected");
    for (Map.Entry<String, Map<String, Object>> e : conditions.entrySet()) {
      checkOperatorEnum("expected", e.getKey(), e.getValue().get("ComparisonOperator"), false);
    }
    List<Ast.Cond> conds = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : conditions.entrySet()) {
      conds.add(expectedCondition(e.getKey(), e.getValue()));
    }
    return combine(conds, or, conditions.keySet());
  }

  private static Ast.Cond expectedCondition(String attribute, Map<String, Object> c) {
    Object operatorJson = c.get("ComparisonOperator");
    Object listJson = c.get("AttributeValueList");
    Object valueJson = c.get("Value");
    Object existsJson = c.get("Exists");
    Boolean exists = existsJson == null ? null : Request.asBoolean(existsJson);
    List<AttributeValue> list = listJson == null ? null : values(listJson);
    AttributeValue value = valueJson == null ? null : AttributeValues.decode(valueJson);
    if (list != null && value != null) {
      throw invalidParameter("Value and AttributeValueList cannot be used together for Attribute: " + attribute);
    }
    if (operatorJson != null) {
      String operator = Request.asString(operatorJson);
      if (exists != null) {
        throw invalidParameter("Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
      }
      if (!operator.equals("NULL") && !operator.equals("NOT_NULL") && list == null && value == null) {
        throw invalidParameter("Value or AttributeValueList must be used with ComparisonOperator: " + operator
            + " for Attribute: " + attribute);
      }
      List<AttributeValue> args = list != null ? list : value != null ? List.of(value) : List.of();
      checkArguments(operator, args);
      return build(attribute, operator, args);
    }
    if (list != null) {
      throw invalidParameter("AttributeValueList can only be used with a ComparisonOperator for Attribute: " + attribute);
    }
    boolean mustExist = exists == null || exists;
    if (mustExist && value == null) {
      throw invalidParameter("Value must be provided when Exists is " + (exists == null ? "null" : "true")
          + " for Attribute: " + attribute);
    }
    if (!mustExist && value != null) {
      throw invalidParameter("Value cannot be used when Exists is false for Attribute: " + attribute);
    }
    return mustExist ? build(attribute, "EQ", List.of(value)) : build(attribute, "NULL", List.of());
  }

  /**
   * A QueryFilter or ScanFilter ({@code parameterName} "QueryFilter" / "ScanFilter") with its
   * ConditionalOperator (null means AND). Null or empty filter gives {@link Condition#TRUE}.
   */
  public static Condition filter(Map<String, Object> conditions, String conditionalOperator, String parameterName) {
    boolean or = conditionalOperator(conditions, conditionalOperator);
    if (conditions == null || conditions.isEmpty()) {
      return Condition.TRUE;
    }
    String member = lowerFirst(parameterName);
    Map<String, Map<String, Object>> structures = structures(conditions, member);
    for (Map.Entry<String, Map<String, Object>> e : structures.entrySet()) {
      checkOperatorEnum(member, e.getKey(), e.getValue().get("ComparisonOperator"), true);
    }
    List<Ast.Cond> conds = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : structures.entrySet()) {
      Map<String, Object> c = e.getValue();
      String operator = Request.asString(c.get("ComparisonOperator"));
      List<AttributeValue> args = c.get("AttributeValueList") == null ? List.of() : values(c.get("AttributeValueList"));
      checkArguments(operator, args);
      conds.add(build(e.getKey(), operator, args));
    }
    return combine(conds, or, structures.keySet());
  }

  /** The KeyConditions of a Query, matched to the key schema (rangeKeyName null for hash-only). */
  public static KeyCondition keyConditions(Map<String, Object> keyConditions, String hashKeyName, String rangeKeyName) {
    return keyConditions(keyConditions, hashKeyName, null, rangeKeyName, null);
  }

  /** As {@link #keyConditions(Map, String, String)}, also checking the values against the key types. */
  public static KeyCondition keyConditions(Map<String, Object> keyConditions, String hashKeyName, Type hashType,
      String rangeKeyName, Type rangeType) {
    if (keyConditions == null) {
      throw DynamoDbException.validation(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }
    Map<String, Map<String, Object>> structures = structures(keyConditions, "keyConditions");
    for (Map.Entry<String, Map<String, Object>> e : structures.entrySet()) {
      checkOperatorEnum("keyConditions", e.getKey(), e.getValue().get("ComparisonOperator"), true);
    }
    Map<String, KeyCondition.Part> parts = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Object>> e : structures.entrySet()) {
      Map<String, Object> c = e.getValue();
      String operator = Request.asString(c.get("ComparisonOperator"));
      List<AttributeValue> args = c.get("AttributeValueList") == null ? List.of() : values(c.get("AttributeValueList"));
      checkArguments(operator, args);
      parts.put(e.getKey(), new KeyCondition.Part(e.getKey(), operator, args));
    }
    return KeyCondition.fromParts(parts, hashKeyName, hashType, rangeKeyName, rangeType);
  }

  /**
   * The AttributeUpdates of UpdateItem: PUT (the default), ADD (numbers, sets, and lists which it
   * appends to) and DELETE (the attribute, or members of a set).
   */
  public static UpdatePlan attributeUpdates(Map<String, Object> attributeUpdates) {
    List<UpdatePlan.Action> actions = new ArrayList<>();
    if (attributeUpdates == null) {
      return new UpdatePlan(actions, true, Set.of());
    }
    for (Map.Entry<String, Object> e : attributeUpdates.entrySet()) {
      String attribute = e.getKey();
      Map<String, Object> update = Request.asMap(e.getValue() == null ? Map.of() : e.getValue());
      Object actionJson = update.get("Action");
      String action = actionJson == null ? "PUT" : Request.asString(actionJson);
      if (!action.equals("PUT") && !action.equals("ADD") && !action.equals("DELETE")) {
        throw DynamoDbException.validation("1 validation error detected: Value '" + action + "' at 'attributeUpdates."
            + attribute + ".member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
      }
    }
    for (Map.Entry<String, Object> e : attributeUpdates.entrySet()) {
      String attribute = e.getKey();
      Map<String, Object> update = Request.asMap(e.getValue() == null ? Map.of() : e.getValue());
      Object actionJson = update.get("Action");
      String action = actionJson == null ? "PUT" : Request.asString(actionJson);
      Object valueJson = update.get("Value");
      AttributeValue value = valueJson == null ? null : AttributeValues.decode(valueJson);
      Path path = Path.of(attribute);
      if (value == null) {
        if (!action.equals("DELETE")) {
          throw invalidParameter("Only DELETE action is allowed when no attribute value is specified");
        }
        actions.add(new UpdatePlan.Action(UpdatePlan.ActionType.REMOVE, path, null, null));
      } else if (action.equals("DELETE")) {
        if (!value.isSet()) {
          throw invalidParameter("DELETE action with value is not supported for the type " + value.type());
        }
        actions.add(new UpdatePlan.Action(UpdatePlan.ActionType.DELETE, path, null, value));
      } else if (action.equals("ADD")) {
        if (!value.isSet() && value.type() != Type.N && value.type() != Type.L) {
          throw invalidParameter("ADD action is not supported for the type " + value.type());
        }
        actions.add(new UpdatePlan.Action(UpdatePlan.ActionType.ADD, path, null, value));
      } else {
        actions.add(new UpdatePlan.Action(UpdatePlan.ActionType.SET, path,
            new UpdatePlan.SetValue(Ast.Operand.value(value), (char) 0, null), null));
      }
    }
    return new UpdatePlan(actions, true, Set.of());
  }

  /** AttributesToGet: top-level attribute names, no duplicates. */
  public static Projection attributesToGet(List<Object> names) {
    List<Path> paths = new ArrayList<>(names.size());
    Set<String> seen = new HashSet<>();
    for (Object o : names) {
      String name = Request.asString(o);
      if (!seen.add(name)) {
        throw invalidParameter("Duplicate value in attribute name: " + name);
      }
      paths.add(Path.of(name));
    }
    return new Projection(paths);
  }

  // ---------------------------------------------------------------------------------------------

  /** Validates ConditionalOperator; true for OR. */
  private static boolean conditionalOperator(Map<String, Object> conditions, String conditionalOperator) {
    if (conditionalOperator == null) {
      return false;
    }
    if (!conditionalOperator.equals("AND") && !conditionalOperator.equals("OR")) {
      throw DynamoDbException.validation("1 validation error detected: Value '" + conditionalOperator
          + "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]");
    }
    if (conditions == null || conditions.isEmpty()) {
      throw DynamoDbException.validation("ConditionalOperator cannot be used without Filter or Expected");
    }
    if (conditions.size() < 2) {
      throw DynamoDbException.validation(
          "ConditionalOperator can only be used when Filter or Expected has two or more elements");
    }
    return conditionalOperator.equals("OR");
  }

  private static Map<String, Map<String, Object>> structures(Map<String, Object> json, String member) {
    Map<String, Map<String, Object>> result = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json.entrySet()) {
      result.put(e.getKey(), e.getValue() == null ? Map.of() : Request.asMap(e.getValue()));
    }
    return result;
  }

  private static void checkOperatorEnum(String member, String attribute, Object operatorJson, boolean required) {
    if (operatorJson == null) {
      if (required) {
        throw DynamoDbException.validation("1 validation error detected: Value null at '" + member + "." + attribute
            + ".member.comparisonOperator' failed to satisfy constraint: Member must not be null");
      }
      return;
    }
    String operator = Request.asString(operatorJson);
    if (!OPERATORS.contains(operator)) {
      throw DynamoDbException.validation("1 validation error detected: Value '" + operator + "' at '" + member + "."
          + attribute + ".member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: "
          + OPERATOR_ENUM);
    }
  }

  private static List<AttributeValue> values(Object listJson) {
    List<Object> raw = Request.asList(listJson);
    List<AttributeValue> values = new ArrayList<>(raw.size());
    for (Object o : raw) {
      values.add(AttributeValues.decode(o));
    }
    return values;
  }

  /** Number of arguments, one type for all, a type the operator accepts, BETWEEN bounds in order. */
  private static void checkArguments(String operator, List<AttributeValue> args) {
    int n = args.size();
    boolean countOk;
    switch (operator) {
      case "NULL":
      case "NOT_NULL":
        countOk = n == 0;
        break;
      case "IN":
        countOk = n >= 1;
        break;
      case "BETWEEN":
        countOk = n == 2;
        break;
      default:
        countOk = n == 1;
    }
    if (!countOk) {
      throw invalidParameter("Invalid number of argument(s) for the " + operator + " ComparisonOperator");
    }
    if (n == 0) {
      return;
    }
    Type type = args.get(0).type();
    for (AttributeValue v : args) {
      if (v.type() != type) {
        throw invalidParameter("AttributeValues inside AttributeValueList must be of same type");
      }
    }
    Set<Type> valid;
    switch (operator) {
      case "EQ":
      case "NE":
        valid = SCALARS_AND_SETS;
        break;
      case "BEGINS_WITH":
        valid = STRING_OR_BINARY;
        break;
      default:
        valid = SCALARS;
    }
    if (!valid.contains(type)) {
      throw invalidParameter("ComparisonOperator " + operator + " is not valid for " + type + " AttributeValue type");
    }
    if (operator.equals("BETWEEN") && Values.compareSameType(args.get(0), args.get(1)) > 0) {
      throw DynamoDbException.validation(
          "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
    }
  }

  /** The condition tree for one legacy comparison on a top-level attribute. */
  static Ast.Cond build(String attribute, String operator, List<AttributeValue> args) {
    Ast.Operand path = Ast.Operand.path(Path.of(attribute));
    switch (operator) {
      case "EQ":
      case "NE":
      case "LT":
      case "LE":
      case "GT":
      case "GE":
        return Ast.Cond.compare(Ast.Comparator.valueOf(operator), path, Ast.Operand.value(args.get(0)));
      case "NULL":
        return Ast.Cond.call(new Ast.Call("attribute_not_exists", Ast.Fn.ATTRIBUTE_NOT_EXISTS, new Ast.Operand[] {path}));
      case "NOT_NULL":
        return Ast.Cond.call(new Ast.Call("attribute_exists", Ast.Fn.ATTRIBUTE_EXISTS, new Ast.Operand[] {path}));
      case "CONTAINS":
        return contains(path, args.get(0));
      case "NOT_CONTAINS":
        return Ast.Cond.not(contains(path, args.get(0)));
      case "BEGINS_WITH":
        return Ast.Cond.call(new Ast.Call("begins_with", Ast.Fn.BEGINS_WITH,
            new Ast.Operand[] {path, Ast.Operand.value(args.get(0))}));
      case "BETWEEN":
        return Ast.Cond.between(path, Ast.Operand.value(args.get(0)), Ast.Operand.value(args.get(1)));
      case "IN": {
        Ast.Operand[] operands = new Ast.Operand[args.size() + 1];
        operands[0] = path;
        for (int i = 0; i < args.size(); i++) {
          operands[i + 1] = Ast.Operand.value(args.get(i));
        }
        return Ast.Cond.in(operands);
      }
      default:
        throw new IllegalArgumentException(operator);
    }
  }

  private static Ast.Cond contains(Ast.Operand path, AttributeValue value) {
    return Ast.Cond.call(new Ast.Call("contains", Ast.Fn.CONTAINS, new Ast.Operand[] {path, Ast.Operand.value(value)}));
  }

  private static Condition combine(List<Ast.Cond> conds, boolean or, Set<String> attributes) {
    Ast.Cond root = conds.get(0);
    for (int i = 1; i < conds.size(); i++) {
      root = or ? Ast.Cond.or(root, conds.get(i)) : Ast.Cond.and(root, conds.get(i));
    }
    return new ParsedCondition(root, new LinkedHashSet<>(attributes), Set.of());
  }

  private static DynamoDbException invalidParameter(String message) {
    return DynamoDbException.validation("One or more parameter values were invalid: " + message);
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
