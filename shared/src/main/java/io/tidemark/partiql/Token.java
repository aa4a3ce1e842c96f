package io.tidemark.partiql;

/** One lexical token of a PartiQL statement. */
final class Token {
  enum Type {
    /** A bare word: keyword, attribute, table or function name. */
    IDENT,
    /** A double-quoted identifier; {@link #text} holds it unquoted. */
    QUOTED,
    /** A single-quoted string literal; {@link #text} holds it unquoted. */
    STRING,
    NUMBER,
    /** A positional parameter, {@code ?}. */
    PARAM,
    LPAREN, RPAREN, LBRACKET, RBRACKET, LBRACE, RBRACE,
    /** {@code <<} and {@code >>}, around a set ("bag") literal. */
    LBAG, RBAG,
    COMMA, DOT, COLON, STAR, SEMI, PLUS, MINUS,
    EQ, NE, LT, LE, GT, GE,
    EOF
  }

  final Type type;
  final String text;
  final int start;

  Token(Type type, String text, int start) {
    this.type = type;
    this.text = text;
    this.start = start;
  }

  /** True for a bare word equal, ignoring case, to {@code keyword} (upper case). */
  boolean is(String keyword) {
    return type == Type.IDENT && text.equalsIgnoreCase(keyword);
  }

  boolean isComparison() {
    return type == Type.EQ || type == Type.NE || type == Type.LT || type == Type.LE || type == Type.GT || type == Type.GE;
  }

  @Override
  public String toString() {
    return type == Type.EOF ? "<EOF>" : text;
  }
}
