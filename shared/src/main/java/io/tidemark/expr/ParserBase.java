package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the three parsers (condition, update, projection) share: the token stream, DynamoDB's
 * syntax-error message, document paths with their placeholder and reserved-word checks, and the
 * bookkeeping of semantic problems.
 */
abstract class ParserBase {
  /** Deepest nesting of parentheses / NOT accepted; beyond it the expression breaks other limits anyway. */
  static final int MAX_DEPTH = 300;

  final String text;
  final String parameterName;
  final ExpressionContext ctx;
  final List<Token> tokens;
  /** For each LPAREN token, the index of its matching RPAREN (-1 when unbalanced); unused otherwise. */
  final int[] match;
  final Problems problems = new Problems();
  final Set<String> topLevelNames = new LinkedHashSet<>();
  final Set<String> nestedTopLevelNames = new LinkedHashSet<>();
  int pos;
  int operators;
  private int depth;

  ParserBase(String text, ExpressionContext ctx, String parameterName) {
    this.text = text;
    this.parameterName = parameterName;
    this.ctx = ctx == null ? ExpressionContext.empty() : ctx;
    this.tokens = Lexer.tokenize(text);
    this.match = matchParens(tokens);
  }

  private static int[] matchParens(List<Token> tokens) {
    int[] match = new int[tokens.size()];
    Deque<Integer> open = new ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token.Type type = tokens.get(i).type;
      if (type == Token.Type.LPAREN) {
        match[i] = -1;
        open.push(i);
      } else if (type == Token.Type.RPAREN && !open.isEmpty()) {
        match[open.pop()] = i;
      }
    }
    return match;
  }

  /** Words that are syntax in this expression language and therefore cannot name attributes. */
  abstract boolean isKeyword(Token token);

  /** Whether a bare word can be a document path element (besides not being a keyword). */
  boolean isPathIdentifier(Token token) {
    return true;
  }

  final Token peek() {
    return tokens.get(pos);
  }

  final Token peek(int ahead) {
    int i = Math.min(pos + ahead, tokens.size() - 1);
    return tokens.get(i);
  }

  final boolean at(Token.Type type) {
    return tokens.get(pos).type == type;
  }

  final void expect(Token.Type type) {
    if (tokens.get(pos).type != type) {
      throw syntax(pos);
    }
    pos++;
  }

  final void expectEnd() {
    if (tokens.get(pos).type != Token.Type.EOF) {
      throw syntax(pos);
    }
  }

  /**
   * DynamoDB's syntax error: the offending token and the source text around it, from the start of
   * the token before it to the end of the token after it ({@code token: "x", near: "a x b"}).
   */
  final DynamoDbException syntax(int index) {
    Token t = tokens.get(index);
    Token prev = index > 0 ? tokens.get(index - 1) : null;
    Token next = t.type != Token.Type.EOF && tokens.get(index + 1).type != Token.Type.EOF ? tokens.get(index + 1) : null;
    int from = prev != null ? prev.start : t.start;
    int to;
    if (next != null) {
      to = next.end;
    } else if (t.type == Token.Type.EOF && prev != null) {
      to = prev.end;
    } else {
      to = t.end;
    }
    return Expressions.invalid(parameterName, "Syntax error; token: \"" + t + "\", near: \"" + text.substring(from, to) + "\"");
  }

  /** Entering a parenthesised group (or NOT) at the current token. */
  /**
   * A function call's parenthesised arguments, each read by {@code operand} (the operands each
   * kind of expression allows), the parser standing on the function's name; the call counts as one
   * operator.
   */
  final List<Ast.Operand> parseCallArguments(java.util.function.Supplier<Ast.Operand> operand) {
    pos += 2;
    enter();
    List<Ast.Operand> args = new ArrayList<>(2);
    args.add(operand.get());
    while (at(Token.Type.COMMA)) {
      pos++;
      args.add(operand.get());
    }
    expect(Token.Type.RPAREN);
    leave();
    operators++;
    return args;
  }

  final void enter() {
    if (++depth > MAX_DEPTH) {
      boolean redundant = pos > 0 && tokens.get(pos - 1).type == Token.Type.LPAREN;
      throw Expressions.invalid(parameterName, redundant
          ? "The expression has redundant parentheses;"
          : "The expression contains too many operators; operator count: " + Math.max(operators, Expressions.MAX_OPERATORS + 1));
    }
  }

  final void leave() {
    depth--;
  }

  /** The index after the path elements ({@code .name}, {@code [n]}) starting at {@code index}. */
  final int skipPathTail(int index) {
    while (true) {
      Token.Type t = tokens.get(index).type;
      Token.Type next = tokens.get(Math.min(index + 1, tokens.size() - 1)).type;
      if (t == Token.Type.DOT && (next == Token.Type.IDENT || next == Token.Type.NAME)) {
        index += 2;
      } else if (t == Token.Type.LBRACKET && next == Token.Type.NUMBER
          && tokens.get(Math.min(index + 2, tokens.size() - 1)).type == Token.Type.RBRACKET) {
        index += 3;
      } else {
        return index;
      }
    }
  }

  /** Records a redundant-parentheses problem when the group opening at {@code i} only wraps another group. */
  final void checkRedundantParens(int i) {
    int close = match[i];
    if (close > 0 && tokens.get(i + 1).type == Token.Type.LPAREN && match[i + 1] == close - 1) {
      problems.add(Problems.Kind.PARENS, "The expression has redundant parentheses;");
    }
  }

  /** Records an undefined placeholder; the condition parser ranks these per condition. */
  void undefined(Problems.Kind kind, String message) {
    problems.add(kind, message);
  }

  /** A document path at the current token: {@code name ('.' name | '[' digits ']')*}. */
  final Path parsePath() {
    return parsePathTail(new PathBuilder(pathElement()));
  }

  /** Continues {@code prefix} with the path elements at the current token, if any. */
  final Path parsePathTail(Path prefix) {
    PathBuilder builder = new PathBuilder(prefix.name(0));
    for (int i = 1; i < prefix.length(); i++) {
      if (prefix.isIndex(i)) {
        builder.index(prefix.index(i));
      } else {
        builder.child(prefix.name(i));
      }
    }
    return parsePathTail(builder);
  }

  private Path parsePathTail(PathBuilder path) {
    while (true) {
      Token t = peek();
      if (t.type == Token.Type.DOT) {
        pos++;
        path.child(pathElement());
      } else if (t.type == Token.Type.LBRACKET) {
        pos++;
        Token number = peek();
        if (number.type != Token.Type.NUMBER) {
          throw syntax(pos);
        }
        int index;
        try {
          index = Integer.parseInt(number.text);
        } catch (NumberFormatException e) {
          throw syntax(pos);
        }
        pos++;
        expect(Token.Type.RBRACKET);
        path.index(index);
      } else {
        break;
      }
    }
    Path p = path.build();
    topLevelNames.add(p.topLevelName());
    if (!p.isTopLevel()) {
      nestedTopLevelNames.add(p.topLevelName());
    }
    return p;
  }

  private String pathElement() {
    Token t = peek();
    if (t.type == Token.Type.IDENT && !isKeyword(t) && isPathIdentifier(t)) {
      pos++;
      if (ReservedWords.isReserved(t.text)) {
        problems.add(Problems.Kind.RESERVED, "Attribute name is a reserved keyword; reserved keyword: " + t.text);
      }
      return t.text;
    }
    if (t.type == Token.Type.NAME) {
      pos++;
      String name = ctx.resolveName(t.text);
      if (name == null) {
        undefined(Problems.Kind.UNDEFINED_NAME,
            "An expression attribute name used in the document path is not defined; attribute name: " + t.text);
        return t.text;
      }
      return name;
    }
    throw syntax(pos);
  }

  /** The value of the {@code :placeholder} at the current token; null (reported) when undefined. */
  final AttributeValue parseValue(Problems.Kind undefinedKind) {
    Token t = peek();
    if (t.type != Token.Type.VALUE) {
      throw syntax(pos);
    }
    pos++;
    AttributeValue value = ctx.resolveValue(t.text);
    if (value == null) {
      undefined(undefinedKind, "An expression attribute value used in expression is not defined; attribute value: " + t.text);
    }
    return value;
  }

  /**
   * No two paths of an update or projection may be the same, or one inside the other ("overlap"),
   * or use a list index and a map key at the same place ("conflict"). Paths are compared in the
   * order of the expression; an overlap is reported before any conflict.
   */
  final void checkOverlaps(List<Path> paths) {
    for (int j = 1; j < paths.size(); j++) {
      Path b = paths.get(j);
      for (int i = 0; i < j; i++) {
        Path a = paths.get(i);
        Problems.Kind relation = relation(a, b);
        if (relation != null) {
          String verb = relation == Problems.Kind.OVERLAP ? "overlap" : "conflict";
          problems.add(relation, "Two document paths " + verb + " with each other; must remove or rewrite one of these "
              + "paths; path one: " + a.bracketString() + ", path two: " + b.bracketString());
          if (relation == Problems.Kind.OVERLAP) {
            return;
          }
        }
      }
    }
  }

  /** OVERLAP when one path is a prefix of the other, CONFLICT when they differ in kind first, else null. */
  static Problems.Kind relation(Path a, Path b) {
    int n = Math.min(a.length(), b.length());
    for (int k = 0; k < n; k++) {
      if (a.isIndex(k) != b.isIndex(k)) {
        return Problems.Kind.CONFLICT;
      }
      if (!a.sameElement(k, b, k)) {
        return null;
      }
    }
    return Problems.Kind.OVERLAP;
  }

  /** Builds a path without the copying of {@link Path#child}. */
  private static final class PathBuilder {
    private final ArrayList<Object> elements = new ArrayList<>(4);

    PathBuilder(String first) {
      elements.add(first);
    }

    void child(String name) {
      elements.add(name);
    }

    void index(int index) {
      elements.add(index);
    }

    Path build() {
      return elements.size() == 1 ? Path.of((String) elements.get(0)) : Path.of(elements.toArray());
    }
  }
}
