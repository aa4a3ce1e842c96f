package io.tidemark.expr;

/** One lexical token of an expression, with its position in the source text (UTF-16 offsets). */
final class Token {
  enum Type {
    /** A bare word: attribute name, function name or keyword (AND, OR, NOT, BETWEEN, IN, SET, ...). */
    IDENT,
    /** An expression attribute name placeholder, {@code #name}. */
    NAME,
    /** An expression attribute value placeholder, {@code :value}. */
    VALUE,
    /** A run of digits; only meaningful as a list index. */
    NUMBER,
    LPAREN, RPAREN, LBRACKET, RBRACKET, DOT, COMMA,
    EQ, NE, LT, LE, GT, GE, PLUS, MINUS,
    /** A character the grammar does not know; the parser reports it as a syntax error. */
    UNKNOWN,
    EOF
  }

  final Type type;
  final String text;
  final int start;
  final int end;

  Token(Type type, String text, int start, int end) {
    this.type = type;
    this.text = text;
    this.start = start;
    this.end = end;
  }

  /** True for a bare word equal, ignoring case, to {@code keyword} (which must be upper case). */
  boolean isKeyword(String keyword) {
    return type == Type.IDENT && text.length() == keyword.length() && text.equalsIgnoreCase(keyword);
  }

  @Override
  public String toString() {
    return type == Type.EOF ? "<EOF>" : text;
  }
}
