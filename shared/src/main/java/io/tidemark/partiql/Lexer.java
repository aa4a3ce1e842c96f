package io.tidemark.partiql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a statement into tokens, skipping white space and {@code --} / {@code /* *}{@code /}
 * comments. A character outside the grammar, an unterminated string, identifier or comment fails
 * the statement with DynamoDB's bare "wasn't well formed" message (nothing after the colon, as
 * DynamoDB answers for {@code # note}).
 */
final class Lexer {
  private final String text;
  private final List<Token> tokens;
  private int i;

  private Lexer(String text) {
    this.text = text;
    this.tokens = new ArrayList<>(Math.max(8, text.length() / 4));
  }

  static List<Token> tokenize(String text) {
    Lexer lexer = new Lexer(text);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    int n = text.length();
    while (true) {
      skipSpaceAndComments();
      if (i >= n) {
        break;
      }
      char c = text.charAt(i);
      int start = i;
      if (c == '\'') {
        tokens.add(new Token(Token.Type.STRING, quoted('\''), start));
      } else if (c == '"') {
        tokens.add(new Token(Token.Type.QUOTED, quoted('"'), start));
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
        number();
        tokens.add(new Token(Token.Type.NUMBER, text.substring(start, i), start));
      } else if (isNameStart(c)) {
        i++;
        while (i < n && isNamePart(text.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Token.Type.IDENT, text.substring(start, i), start));
      } else {
        tokens.add(new Token(symbol(c), text.substring(start, i), start));
      }
    }
    tokens.add(new Token(Token.Type.EOF, "", n));
  }

  private void skipSpaceAndComments() {
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && text.startsWith("--", i)) {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        if (end < 0) {
          throw Errors.malformed("");
        }
        i = end + 2;
      } else {
        return;
      }
    }
  }

  /** A quoted string or identifier; the quote character is escaped by doubling it. */
  private String quoted(char quote) {
    StringBuilder sb = new StringBuilder();
    i++;
    while (true) {
      if (i >= text.length()) {
        throw Errors.malformed("");
      }
      char c = text.charAt(i++);
      if (c == quote) {
        if (i < text.length() && text.charAt(i) == quote) {
          sb.append(quote);
          i++;
        } else {
          return sb.toString();
        }
      } else {
        sb.append(c);
      }
    }
  }

  /** {@code digits [. digits] [e [+-] digits]}, or {@code . digits ...}. */
  private void number() {
    int n = text.length();
    while (i < n && isDigit(text.charAt(i))) {
      i++;
    }
    if (i + 1 < n && text.charAt(i) == '.' && isDigit(text.charAt(i + 1))) {
      i++;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
      }
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
        j++;
      }
      if (j < n && isDigit(text.charAt(j))) {
        i = j;
        while (i < n && isDigit(text.charAt(i))) {
          i++;
        }
      }
    }
  }

  private Token.Type symbol(char c) {
    char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
    i++;
    switch (c) {
      case '(': return Token.Type.LPAREN;
      case ')': return Token.Type.RPAREN;
      case '[': return Token.Type.LBRACKET;
      case ']': return Token.Type.RBRACKET;
      case '{': return Token.Type.LBRACE;
      case '}': return Token.Type.RBRACE;
      case ',': return Token.Type.COMMA;
      case '.': return Token.Type.DOT;
      case ':': return Token.Type.COLON;
      case '*': return Token.Type.STAR;
      case ';': return Token.Type.SEMI;
      case '+': return Token.Type.PLUS;
      case '-': return Token.Type.MINUS;
      case '?': return Token.Type.PARAM;
      case '=': return Token.Type.EQ;
      case '!':
        if (next == '=') {
          i++;
          return Token.Type.NE;
        }
        throw Errors.malformed("");
      case '<':
        if (next == '<') {
          i++;
          return Token.Type.LBAG;
        }
        if (next == '=') {
          i++;
          return Token.Type.LE;
        }
        if (next == '>') {
          i++;
          return Token.Type.NE;
        }
        return Token.Type.LT;
      case '>':
        if (next == '>') {
          i++;
          return Token.Type.RBAG;
        }
        if (next == '=') {
          i++;
          return Token.Type.GE;
        }
        return Token.Type.GT;
      default:
        throw Errors.malformed("");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || isDigit(c);
  }
}
