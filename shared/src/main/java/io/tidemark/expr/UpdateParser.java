package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValue.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses an UpdateExpression (AWS "Update expressions"):
 *
 * <pre>
 * update   := section+            each of SET, REMOVE, ADD, DELETE at most once, any order
 * section  := SET path '=' value (',' path '=' value)*
 *           | REMOVE path (',' path)*
 *           | ADD path :value (',' path :value)*
 *           | DELETE path :value (',' path :value)*
 * value    := '(' value ')' | operand ( ('+' | '-') operand )?
 * operand  := '(' operand ')' | path | :value | if_not_exists(path, operand) | list_append(operand, operand)
 * </pre>
 */
final class UpdateParser extends ParserBase {
  private static final String PARAMETER = "UpdateExpression";

  private final List<UpdatePlan.Action> actions = new ArrayList<>();

  private UpdateParser(String text, ExpressionContext ctx) {
    super(text, ctx, PARAMETER);
  }

  static UpdatePlan parse(String text, ExpressionContext ctx) {
    Expressions.checkText(text, PARAMETER, false);
    UpdateParser p = new UpdateParser(text, ctx);
    p.parseSections();
    if (p.operators > Expressions.MAX_OPERATORS) {
      p.problems.add(Problems.Kind.LIMIT, "The expression contains too many operators; operator count: " + p.operators);
    }
    p.checkPaths();
    p.problems.throwFirst(PARAMETER, Problems.UPDATE_ORDER);
    return new UpdatePlan(p.actions, false, p.nestedTopLevelNames);
  }

  @Override
  boolean isKeyword(Token t) {
    return section(t) != null;
  }

  private static String section(Token t) {
    if (t.isKeyword("SET")) {
      return "SET";
    }
    if (t.isKeyword("REMOVE")) {
      return "REMOVE";
    }
    if (t.isKeyword("ADD")) {
      return "ADD";
    }
    if (t.isKeyword("DELETE")) {
      return "DELETE";
    }
    return null;
  }

  private void parseSections() {
    Set<String> seen = new HashSet<>();
    do {
      String section = section(peek());
      if (section == null) {
        throw syntax(pos);
      }
      pos++;
      parseAction(section);
      while (at(Token.Type.COMMA)) {
        pos++;
        parseAction(section);
      }
      if (!seen.add(section)) {
        problems.add(Problems.Kind.SECTION,
            "The \"" + section + "\" section can only be used once in an update expression;");
      }
    } while (!at(Token.Type.EOF));
  }

  private void parseAction(String section) {
    Path path = parsePath();
    switch (section) {
      case "SET": {
        expect(Token.Type.EQ);
        actions.add(new UpdatePlan.Action(UpdatePlan.ActionType.SET, path, parseSetValue(), null));
        break;
      }
      case "REMOVE":
        actions.add(new UpdatePlan.Action(UpdatePlan.ActionType.REMOVE, path, null, null));
        break;
      default: {
        boolean add = section.equals("ADD");
        AttributeValue value = parseValue(Problems.Kind.UNDEFINED_VALUE);
        if (value != null) {
          Type type = value.type();
          if (!value.isSet() && !(add && type == Type.N)) {
            problems.add(Problems.Kind.OPERAND_TYPE, "Incorrect operand type for operator or function; operator: "
                + section + ", operand type: " + Values.longTypeName(type));
          }
        }
        actions.add(new UpdatePlan.Action(add ? UpdatePlan.ActionType.ADD : UpdatePlan.ActionType.DELETE, path, null, value));
      }
    }
  }

  private UpdatePlan.SetValue parseSetValue() {
    if (at(Token.Type.LPAREN)) {
      int close = match[pos];
      Token after = close < 0 ? null : tokens.get(close + 1);
      // "(a + b)" groups the whole value; "(a) + b" only an operand
      if (after == null || (after.type != Token.Type.PLUS && after.type != Token.Type.MINUS)) {
        enter();
        pos++;
        UpdatePlan.SetValue inner = parseSetValue();
        expect(Token.Type.RPAREN);
        leave();
        return inner;
      }
    }
    Ast.Operand left = parseOperand();
    Token t = peek();
    if (t.type == Token.Type.PLUS || t.type == Token.Type.MINUS) {
      pos++;
      operators++;
      Ast.Operand right = parseOperand();
      String operator = t.type == Token.Type.PLUS ? "+" : "-";
      literalType(operator, left, Type.N);
      literalType(operator, right, Type.N);
      return new UpdatePlan.SetValue(left, operator.charAt(0), right);
    }
    return new UpdatePlan.SetValue(left, (char) 0, null);
  }

  /** A literal operand of an arithmetic operator or list_append must have the right type. */
  private void literalType(String operator, Ast.Operand o, Type expected) {
    if (o.kind == Ast.OperandKind.VALUE && o.value != null && o.value.type() != expected) {
      problems.add(Problems.Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: "
          + operator + ", operand type: " + o.value.type());
    }
  }

  private Ast.Operand parseOperand() {
    Token t = peek();
    switch (t.type) {
      case LPAREN: {
        enter();
        pos++;
        Ast.Operand inner = parseOperand();
        expect(Token.Type.RPAREN);
        leave();
        return inner;
      }
      case VALUE:
        return Ast.Operand.value(parseValue(Problems.Kind.UNDEFINED_VALUE));
      case NAME:
        return Ast.Operand.path(parsePath());
      case IDENT:
        if (!isKeyword(t) && peek(1).type == Token.Type.LPAREN) {
          return Ast.Operand.call(parseCall());
        }
        return Ast.Operand.path(parsePath());
      default:
        throw syntax(pos);
    }
  }

  private Ast.Call parseCall() {
    String name = peek().text;
    List<Ast.Operand> args = parseCallArguments(this::parseOperand);
    Ast.Fn fn = Ast.Fn.lookup(name, false);
    if (fn == null) {
      problems.add(Problems.Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
    } else if (args.size() != fn.arity) {
      problems.add(Problems.Kind.OPERAND_COUNT, "Incorrect number of operands for operator or function; "
          + "operator or function: " + name + ", number of operands: " + args.size());
    } else if (fn == Ast.Fn.IF_NOT_EXISTS) {
      if (args.get(0).kind != Ast.OperandKind.PATH) {
        problems.add(Problems.Kind.FUNCTION,
            "Operator or function requires a document path; operator or function: " + name);
      }
    } else {
      for (Ast.Operand arg : args) {
        literalType(name, arg, Type.L);
      }
    }
    return new Ast.Call(name, fn, args.toArray(new Ast.Operand[0]));
  }

  private void checkPaths() {
    List<Path> paths = new ArrayList<>(actions.size());
    for (UpdatePlan.Action action : actions) {
      paths.add(action.path);
    }
    checkOverlaps(paths);
  }
}
