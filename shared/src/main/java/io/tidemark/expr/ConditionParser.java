package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses condition, filter and key-condition expressions into an {@link Ast.Cond} and runs
 * DynamoDB's static checks on it. Grammar, by increasing precedence (AWS "Comparison operator and
 * function reference", precedence section):
 *
 * <pre>
 * or      := and ( OR and )*
 * and     := not ( AND not )*
 * not     := NOT not | primary
 * primary := '(' or ')' | operand comparator operand | operand BETWEEN operand AND operand
 *          | operand IN '(' operand (',' operand)* ')' | function
 * operand := '(' operand ')' | path | :value | function
 * </pre>
 *
 * Keywords are case-insensitive; function names are case-sensitive.
 */
final class ConditionParser extends ParserBase {
  /** DynamoDB's limit on the operands of IN. */
  static final int MAX_IN_OPERANDS = 100;

  /** The problems of the single condition being parsed; null between conditions. */
  private Problems leaf;

  private ConditionParser(String text, ExpressionContext ctx, String parameterName) {
    super(text, ctx, parameterName);
  }

  @Override
  void undefined(Problems.Kind kind, String message) {
    (leaf != null ? leaf : problems).add(kind, message);
  }

  /** Parses and checks; throws DynamoDB's ValidationException on any problem. */
  static ParsedCondition parse(String text, ExpressionContext ctx, String parameterName) {
    return parse(text, ctx, parameterName, true);
  }

  /** {@code reportSize}: whether the 4 KB message carries the size (not for key conditions). */
  static ParsedCondition parse(String text, ExpressionContext ctx, String parameterName, boolean reportSize) {
    Expressions.checkText(text, parameterName, reportSize);
    ConditionParser p = new ConditionParser(text, ctx, parameterName);
    Ast.Cond root = p.parseOr();
    p.expectEnd();
    if (p.operators > Expressions.MAX_OPERATORS) {
      p.problems.add(Problems.Kind.LIMIT, "The expression contains too many operators; operator count: " + p.operators);
    }
    p.problems.throwFirst(parameterName, Problems.CONDITION_ORDER);
    return new ParsedCondition(root, p.topLevelNames, p.nestedTopLevelNames);
  }

  /** In condition expressions a bare attribute name starts with a letter (dynalite's grammar, tuned on DynamoDB). */
  @Override
  boolean isPathIdentifier(Token t) {
    return t.text.charAt(0) != '_';
  }

  @Override
  boolean isKeyword(Token t) {
    return t.isKeyword("AND") || t.isKeyword("OR") || t.isKeyword("NOT") || t.isKeyword("BETWEEN") || t.isKeyword("IN");
  }

  private Ast.Cond parseOr() {
    Ast.Cond left = parseAnd();
    while (peek().isKeyword("OR")) {
      pos++;
      operators++;
      left = Ast.Cond.or(left, parseAnd());
    }
    return left;
  }

  private Ast.Cond parseAnd() {
    Ast.Cond left = parseNot();
    while (peek().isKeyword("AND")) {
      pos++;
      operators++;
      left = Ast.Cond.and(left, parseNot());
    }
    return left;
  }

  private Ast.Cond parseNot() {
    if (peek().isKeyword("NOT")) {
      pos++;
      operators++;
      enter();
      Ast.Cond negated = parseNot();
      leave();
      return Ast.Cond.not(negated);
    }
    return parsePrimary();
  }

  private Ast.Cond parsePrimary() {
    if (at(Token.Type.LPAREN)) {
      int close = match[pos];
      // "(a) = :v" and "(a).b = :v" start with a parenthesised operand; "(a = :v)" is a parenthesised condition
      if (close < 0 || !startsComparison(skipPathTail(close + 1))) {
        checkRedundantParens(pos);
        enter();
        pos++;
        Ast.Cond inner = parseOr();
        expect(Token.Type.RPAREN);
        leave();
        return inner;
      }
    }
    // DynamoDB reports, of the problems below, those of the first single condition that has any
    leaf = new Problems();
    try {
      Ast.Cond c = parseSingleCondition();
      new Checker(leaf).check(c);
      String message = leaf.first(Problems.LEAF_ORDER);
      if (message != null) {
        problems.add(Problems.Kind.CONDITION, message);
      }
      return c;
    } finally {
      leaf = null;
    }
  }

  /** A comparison, BETWEEN, IN or function call. */
  private Ast.Cond parseSingleCondition() {
    int start = pos;
    Ast.Operand left = parseOperand();
    Token t = peek();
    Ast.Comparator comparator = comparator(t);
    if (comparator != null) {
      pos++;
      operators++;
      Ast.Operand right = parseOperand();
      checkOperandUse(left);
      checkOperandUse(right);
      return Ast.Cond.compare(comparator, left, right);
    }
    if (t.isKeyword("BETWEEN")) {
      pos++;
      operators++;
      Ast.Operand lower = parseOperand();
      if (!peek().isKeyword("AND")) {
        throw syntax(pos);
      }
      pos++;
      Ast.Operand upper = parseOperand();
      checkOperandUse(left);
      checkOperandUse(lower);
      checkOperandUse(upper);
      return Ast.Cond.between(left, lower, upper);
    }
    if (t.isKeyword("IN")) {
      pos++;
      operators++;
      expect(Token.Type.LPAREN);
      List<Ast.Operand> operands = new ArrayList<>();
      operands.add(left);
      operands.add(parseOperand());
      while (at(Token.Type.COMMA)) {
        pos++;
        operands.add(parseOperand());
      }
      expect(Token.Type.RPAREN);
      if (operands.size() - 1 > MAX_IN_OPERANDS) {
        problems.add(Problems.Kind.LIMIT,
            "The IN operator is provided with too many operands; number of operands: " + (operands.size() - 1));
      }
      for (Ast.Operand o : operands) {
        checkOperandUse(o);
      }
      return Ast.Cond.in(operands.toArray(new Ast.Operand[0]));
    }
    if (left.kind == Ast.OperandKind.CALL && tokens.get(start).type == Token.Type.IDENT) {
      Ast.Call call = left.call;
      if (call.fn == Ast.Fn.SIZE) {
        problems.add(Problems.Kind.MISUSED_FUNCTION,
            "The function is not allowed to be used this way in an expression; function: " + call.name);
      }
      return Ast.Cond.call(call);
    }
    throw syntax(pos);
  }

  private boolean startsComparison(int index) {
    Token t = tokens.get(index);
    return comparator(t) != null || t.isKeyword("BETWEEN") || t.isKeyword("IN");
  }

  private static Ast.Comparator comparator(Token t) {
    switch (t.type) {
      case EQ:
        return Ast.Comparator.EQ;
      case NE:
        return Ast.Comparator.NE;
      case LT:
        return Ast.Comparator.LT;
      case LE:
        return Ast.Comparator.LE;
      case GT:
        return Ast.Comparator.GT;
      case GE:
        return Ast.Comparator.GE;
      default:
        return null;
    }
  }

  /** Only size() may be used where a value is expected. */
  private void checkOperandUse(Ast.Operand o) {
    if (o.kind == Ast.OperandKind.CALL && o.call.fn != Ast.Fn.SIZE) {
      problems.add(Problems.Kind.MISUSED_FUNCTION,
          "The function is not allowed to be used this way in an expression; function: " + o.call.name);
    }
  }

  private Ast.Operand parseOperand() {
    Token t = peek();
    switch (t.type) {
      case LPAREN: {
        checkRedundantParens(pos);
        enter();
        pos++;
        Ast.Operand inner = parseOperand();
        expect(Token.Type.RPAREN);
        leave();
        Token.Type next = peek().type;
        if (inner.kind == Ast.OperandKind.PATH && (next == Token.Type.DOT || next == Token.Type.LBRACKET)) {
          // a grouped path prefix: "(a.b).c"
          return Ast.Operand.path(parsePathTail(inner.path));
        }
        return inner;
      }
      case VALUE:
        return Ast.Operand.value(parseValue(Problems.Kind.UNDEFINED_NAME));
      case NAME:
        return Ast.Operand.path(parsePath());
      case IDENT:
        if (isKeyword(t)) {
          throw syntax(pos);
        }
        if (peek(1).type == Token.Type.LPAREN) {
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
    Ast.Fn fn = Ast.Fn.lookup(name, true);
    if (fn == null) {
      problems.add(Problems.Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
    }
    for (Ast.Operand arg : args) {
      checkOperandUse(arg);
    }
    return new Ast.Call(name, fn, args.toArray(new Ast.Operand[0]));
  }

  /** The static operand checks DynamoDB runs on a parsed condition, in tree order. */
  static final class Checker {
    private static final String TYPE_NAMES = "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}";
    private final Problems problems;

    Checker(Problems problems) {
      this.problems = problems;
    }

    void check(Ast.Cond c) {
      switch (c.kind) {
        case AND:
        case OR:
          check(c.left);
          check(c.right);
          break;
        case NOT:
          check(c.left);
          break;
        case COMPARE: {
          operand(c.operands[0]);
          operand(c.operands[1]);
          distinct(c.comparator.symbol, c.operands[0], c.operands[1]);
          if (c.comparator.ordering()) {
            orderable(c.comparator.symbol, c.operands);
          }
          break;
        }
        case BETWEEN: {
          for (Ast.Operand o : c.operands) {
            operand(o);
          }
          if (orderable("BETWEEN", c.operands)) {
            bounds(c.operands[1], c.operands[2]);
          }
          break;
        }
        case IN:
          for (Ast.Operand o : c.operands) {
            operand(o);
          }
          break;
        case CALL:
          call(c.call);
          break;
        default:
          throw new IllegalStateException(c.kind.name());
      }
    }

    private void operand(Ast.Operand o) {
      if (o.kind == Ast.OperandKind.CALL) {
        call(o.call);
      }
    }

    private void call(Ast.Call call) {
      for (Ast.Operand arg : call.args) {
        operand(arg);
      }
      Ast.Fn fn = call.fn;
      if (fn == null) {
        return;
      }
      if (call.args.length != fn.arity) {
        problems.add(Problems.Kind.OPERAND_COUNT, "Incorrect number of operands for operator or function; "
            + "operator or function: " + call.name + ", number of operands: " + call.args.length);
        return;
      }
      if (fn.arity == 2) {
        distinct(call.name, call.args[0], call.args[1]);
      }
      switch (fn) {
        case ATTRIBUTE_EXISTS:
        case ATTRIBUTE_NOT_EXISTS:
          if (call.args[0].kind != Ast.OperandKind.PATH) {
            problems.add(Problems.Kind.FUNCTION,
                "Operator or function requires a document path; operator or function: " + call.name);
          }
          break;
        case BEGINS_WITH:
          for (Ast.Operand arg : call.args) {
            String type = staticType(arg);
            if (type != null && !type.equals("S") && !type.equals("B")) {
              incorrectType(call.name, type);
              break;
            }
          }
          break;
        case ATTRIBUTE_TYPE: {
          Ast.Operand arg = call.args[1];
          String type = staticType(arg);
          if (!"S".equals(type)) {
            incorrectType(call.name, type == null ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : type);
          } else if (arg.kind == Ast.OperandKind.VALUE && !validTypeName(arg.value.s())) {
            problems.add(Problems.Kind.FUNCTION,
                "Invalid attribute type name found; type: " + arg.value.s() + ", valid types: " + TYPE_NAMES);
          }
          break;
        }
        case SIZE: {
          String type = staticType(call.args[0]);
          if ("N".equals(type) || "BOOL".equals(type) || "NULL".equals(type)) {
            incorrectType(call.name, type);
          }
          break;
        }
        default:
          break;
      }
    }

    /** The same document path on both sides: {@code a = a}, {@code contains(a, a)}. */
    private void distinct(String operator, Ast.Operand a, Ast.Operand b) {
      if (a.kind == Ast.OperandKind.PATH && b.kind == Ast.OperandKind.PATH && a.path.equals(b.path)) {
        problems.add(Problems.Kind.DISTINCT, "The first operand must be distinct from the remaining operands "
            + "for this operator or function; operator: " + operator + ", first operand: " + a.path.bracketString());
      }
    }

    /** Ordering operators reject literal operands of a type without an order (BOOL, NULL, sets, L, M). */
    private boolean orderable(String operator, Ast.Operand[] operands) {
      for (Ast.Operand o : operands) {
        if (o.kind == Ast.OperandKind.VALUE && o.value != null && !Values.orderable(o.value.type())) {
          incorrectType(operator, o.value.type().name());
          return false;
        }
      }
      return true;
    }

    private void bounds(Ast.Operand lower, Ast.Operand upper) {
      if (lower.kind != Ast.OperandKind.VALUE || upper.kind != Ast.OperandKind.VALUE
          || lower.value == null || upper.value == null) {
        return;
      }
      AttributeValue lo = lower.value;
      AttributeValue hi = upper.value;
      String operands = "lower bound operand: AttributeValue: " + Values.describe(lo)
          + ", upper bound operand: AttributeValue: " + Values.describe(hi);
      if (lo.type() != hi.type()) {
        problems.add(Problems.Kind.FUNCTION,
            "The BETWEEN operator requires same data type for lower and upper bounds; " + operands);
      } else if (Values.compareSameType(lo, hi) > 0) {
        problems.add(Problems.Kind.FUNCTION,
            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + operands);
      }
    }

    private void incorrectType(String operator, String type) {
      problems.add(Problems.Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: "
          + operator + ", operand type: " + type);
    }

    /** The type of an operand known before evaluation: a literal's type, N for size(); null for paths. */
    private static String staticType(Ast.Operand o) {
      switch (o.kind) {
        case VALUE:
          return o.value == null ? null : o.value.type().name();
        case CALL:
          return o.call.fn == Ast.Fn.SIZE ? "N" : null;
        default:
          return null;
      }
    }

    private static boolean validTypeName(String name) {
      for (AttributeValue.Type type : AttributeValue.Type.values()) {
        if (type.name().equals(name)) {
          return true;
        }
      }
      return false;
    }
  }
}
