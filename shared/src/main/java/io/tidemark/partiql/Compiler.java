package io.tidemark.partiql;

import io.tidemark.expr.Condition;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.expr.Projection;
import io.tidemark.expr.UpdatePlan;
import io.tidemark.wire.AttributeValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns parsed statements into native expressions. Every attribute name goes through a {@code #nX}
 * placeholder (so reserved words and odd characters need no care) and every literal through a
 * {@code :vX} placeholder. The native strings are then parsed by {@link Expressions}, which both
 * validates them, with the native parser's messages, and gives the executor ready objects.
 */
final class Compiler {
  private static final Set<String> CONDITION_FUNCTIONS =
      Set.of("begins_with", "contains", "attribute_type", "attribute_exists", "attribute_not_exists", "size");
  private static final Set<String> UPDATE_FUNCTIONS = Set.of("list_append", "set_add", "set_delete");

  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, String> placeholderOfName = new HashMap<>();
  private final Map<String, AttributeValue> values = new LinkedHashMap<>();
  private final Map<String, String> roNames = Collections.unmodifiableMap(names);
  private final Map<String, AttributeValue> roValues = Collections.unmodifiableMap(values);
  private ExpressionContext ctx;

  static Statement compile(Object ast) {
    return new Compiler().statement(ast);
  }

  private Statement statement(Object ast) {
    if (ast instanceof Parser.SelectAst select) {
      return select(select);
    }
    if (ast instanceof Parser.InsertAst insert) {
      return new Statement.Insert(insert.table(), item(insert.item()));
    }
    if (ast instanceof Parser.UpdateAst update) {
      return update(update);
    }
    if (ast instanceof Parser.DeleteAst delete) {
      Pending where = where(delete.where());
      return new Statement.Delete(delete.table(), where.finish("ConditionExpression"), delete.returnValues());
    }
    return new Statement.Exists(select(((Parser.ExistsAst) ast).select()));
  }

  // ---- SELECT

  private Statement.Select select(Parser.SelectAst ast) {
    String projectionText = null;
    if (ast.projection() != null) {
      Set<List<Object>> seen = new HashSet<>();
      StringBuilder sb = new StringBuilder();
      for (Expr.PathRef p : ast.projection()) {
        if (!seen.add(p.elements())) {
          throw Errors.validation(PartiQlMessages.DUPLICATE_PROJECTION, p.display());
        }
        if (sb.length() > 0) {
          sb.append(", ");
        }
        sb.append(path(p));
      }
      projectionText = sb.toString();
    }
    Pending where = ast.where() == null ? null : where(ast.where());
    Projection projection = projectionText == null ? null : Expressions.parseProjection(projectionText, context());
    Where compiled = where == null ? null : where.finish("FilterExpression");
    return new Statement.Select(ast.table(), ast.index(), projectionText, projection, compiled, ast.orderBy(),
        roNames, roValues);
  }

  // ---- INSERT

  private static Map<String, AttributeValue> item(Expr e) {
    if (e instanceof Expr.TupleLit tuple) {
      return Literals.item(tuple);
    }
    if (e instanceof Expr.Lit lit && lit.value().type() == AttributeValue.Type.M) {
      return lit.value().m();
    }
    throw Errors.validation(PartiQlMessages.INSERT_ITEM_FORMAT);
  }

  // ---- UPDATE

  private Statement.Update update(Parser.UpdateAst ast) {
    List<String> sets = new ArrayList<>();
    List<String> removes = new ArrayList<>();
    List<String> adds = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    for (Parser.Action action : ast.actions()) {
      String target = path(action.path());
      Expr value = action.value();
      if (value == null) {
        removes.add(target);
      } else if (value instanceof Expr.Call call && (call.name().equals("set_add") || call.name().equals("set_delete"))) {
        setFunction(action.path(), call);
        String operand = target + " " + value(call.args().get(1));
        (call.name().equals("set_add") ? adds : deletes).add(operand);
      } else {
        sets.add(target + " = " + setValue(value));
      }
    }
    StringBuilder sb = new StringBuilder();
    section(sb, "SET", sets);
    section(sb, "REMOVE", removes);
    section(sb, "ADD", adds);
    section(sb, "DELETE", deletes);
    String text = sb.toString();
    Pending where = where(ast.where());
    UpdatePlan plan = Expressions.parseUpdate(text, context());
    return new Statement.Update(ast.table(), text, plan, where.finish("ConditionExpression"), ast.returnValues(),
        roNames, roValues);
  }

  private static void section(StringBuilder sb, String keyword, List<String> actions) {
    if (actions.isEmpty()) {
      return;
    }
    if (sb.length() > 0) {
      sb.append(' ');
    }
    sb.append(keyword).append(' ').append(String.join(", ", actions));
  }

  /**
   * {@code SET s = set_add(s, <<...>>)}: the native ADD (set_delete: DELETE), which needs the same
   * path on both sides and a set operand (AWS ql-reference.update, "SET_ADD", "SET_DELETE").
   */
  private static void setFunction(Expr.PathRef target, Expr.Call call) {
    String op = call.name().substring(4).toUpperCase();
    if (call.args().size() != 2) {
      throw Errors.validation(PartiQlMessages.SET_FUNCTION_ARGUMENTS, op);
    }
    if (!(call.args().get(0) instanceof Expr.PathRef first) || !first.elements().equals(target.elements())) {
      throw Errors.validation(PartiQlMessages.SET_FUNCTION_FIRST_ARGUMENT, op);
    }
    Expr second = call.args().get(1);
    if (!Literals.isValue(second) || !Literals.value(second, "root").isSet()) {
      throw Errors.validation(PartiQlMessages.SET_FUNCTION_SECOND_ARGUMENT, op);
    }
  }

  /** The right side of a native SET action: an operand, or two joined by + or -. */
  private String setValue(Expr e) {
    if (e instanceof Expr.Binary b && (b.op() == Expr.Op.PLUS || b.op() == Expr.Op.MINUS)) {
      return updateOperand(b.left()) + " " + b.op().symbol + " " + updateOperand(b.right());
    }
    return updateOperand(e);
  }

  private String updateOperand(Expr e) {
    if (e instanceof Expr.PathRef p) {
      return path(p);
    }
    if (Literals.isValue(e)) {
      return value(e);
    }
    if (e instanceof Expr.Call call) {
      if (call.name().equals("list_append")) {
        StringBuilder sb = new StringBuilder("list_append(");
        for (int i = 0; i < call.args().size(); i++) {
          sb.append(i > 0 ? ", " : "").append(updateOperand(call.args().get(i)));
        }
        return sb.append(')').toString();
      }
      if (UPDATE_FUNCTIONS.contains(call.name()) || CONDITION_FUNCTIONS.contains(call.name())) {
        throw Errors.validation(PartiQlMessages.UNSUPPORTED_UPDATE_OPERATOR, call.name());
      }
      throw Errors.validation(PartiQlMessages.UNRECOGNIZED_FUNCTION, call.name());
    }
    if (e instanceof Expr.Is) {
      throw Errors.validation(PartiQlMessages.IS_IN_UPDATE);
    }
    if (e instanceof Expr.Missing) {
      throw Errors.validation(PartiQlMessages.MISSING_WITHOUT_IS);
    }
    throw Errors.validation(PartiQlMessages.UNSUPPORTED_UPDATE_OPERATOR, operatorName(e));
  }

  // ---- WHERE

  /** A WHERE clause compiled to strings, parsed once every placeholder of the statement is known. */
  private final class Pending {
    final List<Conjunct> conjuncts = new ArrayList<>();
    boolean[] compound;

    Where finish(String parameterName) {
      List<String> texts = new ArrayList<>(conjuncts.size());
      for (Conjunct c : conjuncts) {
        texts.add(c.expression());
      }
      Condition condition = Expressions.parseCondition(Where.join(texts, compound), context(), parameterName);
      return new Where(conjuncts, compound, condition, roNames, roValues);
    }
  }

  private Pending where(Expr where) {
    List<Expr> terms = new ArrayList<>();
    flattenAnd(where, terms);
    Pending pending = new Pending();
    pending.compound = new boolean[terms.size()];
    boolean single = terms.size() == 1;
    for (int i = 0; i < terms.size(); i++) {
      Native n = condition(terms.get(i), single ? Position.WHERE : Position.AND_OR);
      pending.compound[i] = n.precedence < Native.AND;
      pending.conjuncts.add(new Conjunct(n.text, Predicates.of(terms.get(i))));
    }
    return pending;
  }

  private static void flattenAnd(Expr e, List<Expr> terms) {
    if (e instanceof Expr.Binary b && b.op() == Expr.Op.AND) {
      flattenAnd(b.left(), terms);
      flattenAnd(b.right(), terms);
    } else {
      terms.add(e);
    }
  }

  /** Native text with its precedence, to parenthesise only where needed (the native parser rejects "((x))"). */
  private record Native(String text, int precedence) {
    static final int OR = 0;
    static final int AND = 1;
    static final int UNARY = 2;

    String at(int level) {
      return precedence < level ? "(" + text + ")" : text;
    }
  }

  /** Where a non-boolean expression sits, which decides DynamoDB's message for it. */
  private enum Position { WHERE, AND_OR, NOT }

  private Native condition(Expr e, Position position) {
    if (e instanceof Expr.Binary b) {
      switch (b.op()) {
        case OR:
          return new Native(condition(b.left(), Position.AND_OR).at(Native.OR) + " OR "
              + condition(b.right(), Position.AND_OR).at(Native.OR), Native.OR);
        case AND:
          return new Native(condition(b.left(), Position.AND_OR).at(Native.AND) + " AND "
              + condition(b.right(), Position.AND_OR).at(Native.AND), Native.AND);
        case PLUS:
        case MINUS:
          break;
        default:
          return leaf(operand(b.left()) + " " + b.op().symbol + " " + operand(b.right()));
      }
    } else if (e instanceof Expr.Not not) {
      return new Native("NOT " + condition(not.operand(), Position.NOT).at(Native.UNARY), Native.UNARY);
    } else if (e instanceof Expr.Between b) {
      return negated(operand(b.value()) + " BETWEEN " + operand(b.lower()) + " AND " + operand(b.upper()), b.negated());
    } else if (e instanceof Expr.In in) {
      if (!(in.value() instanceof Expr.PathRef)) {
        throw Errors.validation(PartiQlMessages.INVALID_IN);
      }
      StringBuilder sb = new StringBuilder(operand(in.value())).append(" IN (");
      for (int i = 0; i < in.members().size(); i++) {
        sb.append(i > 0 ? ", " : "").append(operand(in.members().get(i)));
      }
      return negated(sb.append(')').toString(), in.negated());
    } else if (e instanceof Expr.Is is) {
      return is(is);
    } else if (e instanceof Expr.Call call && !call.name().equals("size")) {
      return leaf(call(call));
    }
    switch (position) {
      case AND_OR:
        throw Errors.validation(PartiQlMessages.AND_OR_OPERAND);
      case NOT:
        throw Errors.validation(PartiQlMessages.NOT_OPERAND);
      default:
        throw Errors.validation(PartiQlMessages.WHERE_NOT_BOOLEAN);
    }
  }

  private static Native leaf(String text) {
    return new Native(text, Native.UNARY);
  }

  private static Native negated(String text, boolean negated) {
    return leaf(negated ? "NOT " + text : text);
  }

  /**
   * IS MISSING is attribute_not_exists (AWS ql-functions.missing); IS NULL and the other type
   * tests are attribute_type with DynamoDB's type code, so NULL means an attribute of type NULL,
   * not an absent one.
   */
  private Native is(Expr.Is is) {
    if (!(is.value() instanceof Expr.PathRef p)) {
      if (is.value() instanceof Expr.Call || is.value() instanceof Expr.Binary) {
        throw Errors.validation(PartiQlMessages.IS_LEFT_OPERAND);
      }
      throw Errors.validation(PartiQlMessages.UNSUPPORTED_OPERATION, "IS on a literal");
    }
    String path = path(p);
    if (is.type().equals("MISSING")) {
      return leaf((is.negated() ? "attribute_exists(" : "attribute_not_exists(") + path + ")");
    }
    String code = typeCode(is.type());
    if (code == null) {
      throw Errors.validation(PartiQlMessages.UNSUPPORTED_IS_TYPE, is.type());
    }
    return negated("attribute_type(" + path + ", " + value(AttributeValue.s(code)) + ")", is.negated());
  }

  private static String typeCode(String type) {
    switch (type) {
      case "NULL": return "NULL";
      case "BOOL":
      case "BOOLEAN": return "BOOL";
      case "BLOB": return "B";
      case "STRING": return "S";
      case "NUMERIC": return "N";
      case "STRUCT":
      case "TUPLE": return "M";
      case "LIST": return "L";
      default: return null;
    }
  }

  /** A condition function, or size(), written natively; the native parser checks arity and operand types. */
  private String call(Expr.Call call) {
    if (!CONDITION_FUNCTIONS.contains(call.name())) {
      if (UPDATE_FUNCTIONS.contains(call.name())) {
        throw Errors.validation(PartiQlMessages.UNSUPPORTED_CONDITION_OPERATOR, call.name());
      }
      throw Errors.validation(PartiQlMessages.UNRECOGNIZED_FUNCTION, call.name());
    }
    StringBuilder sb = new StringBuilder(call.name()).append('(');
    for (int i = 0; i < call.args().size(); i++) {
      sb.append(i > 0 ? ", " : "").append(operand(call.args().get(i)));
    }
    return sb.append(')').toString();
  }

  private String operand(Expr e) {
    if (e instanceof Expr.PathRef p) {
      return path(p);
    }
    if (Literals.isValue(e)) {
      return value(e);
    }
    if (e instanceof Expr.Call call) {
      return call(call);
    }
    if (e instanceof Expr.Missing) {
      throw Errors.validation(PartiQlMessages.MISSING_WITHOUT_IS);
    }
    throw Errors.validation(PartiQlMessages.UNSUPPORTED_CONDITION_OPERATOR, operatorName(e));
  }

  private static String operatorName(Expr e) {
    if (e instanceof Expr.Binary b) {
      return b.op().symbol;
    }
    if (e instanceof Expr.Not) {
      return "NOT";
    }
    if (e instanceof Expr.Between) {
      return "BETWEEN";
    }
    if (e instanceof Expr.In) {
      return "IN";
    }
    if (e instanceof Expr.Is) {
      return "IS";
    }
    return Expr.kind(e);
  }

  // ---- placeholders

  private String path(Expr.PathRef p) {
    StringBuilder sb = new StringBuilder();
    for (Object element : p.elements()) {
      if (element instanceof Integer index) {
        sb.append('[').append(index).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(name((String) element));
      }
    }
    return sb.toString();
  }

  private String name(String attribute) {
    String placeholder = placeholderOfName.get(attribute);
    if (placeholder == null) {
      placeholder = "#n" + names.size();
      names.put(placeholder, attribute);
      placeholderOfName.put(attribute, placeholder);
    }
    return placeholder;
  }

  private String value(Expr e) {
    return value(Literals.value(e, "root"));
  }

  private String value(AttributeValue v) {
    String placeholder = ":v" + values.size();
    values.put(placeholder, v);
    return placeholder;
  }

  private ExpressionContext context() {
    if (ctx == null) {
      ctx = new ExpressionContext(roNames, roValues);
    }
    return ctx;
  }
}
