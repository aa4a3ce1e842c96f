package io.tidemark.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens. It never fails: characters outside the grammar become
 * {@link Token.Type#UNKNOWN} tokens so that the parser can report them, with their neighbours, in
 * DynamoDB's {@code Syntax error; token: "x", near: "a x b"} form.
 */
final class Lexer {
  private Lexer() {}

  static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>(Math.max(8, text.length() / 3));
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        i++;
        continue;
      }
      int start = i;
      Token.Type type;
      switch (c) {
        case '#':
        case ':': {
          i++;
          while (i < n && isNamePart(text.charAt(i))) {
            i++;
          }
          if (i == start + 1) {
            type = Token.Type.UNKNOWN;
          } else {
            type = c == '#' ? Token.Type.NAME : Token.Type.VALUE;
          }
          break;
        }
        case '(':
          i++;
          type = Token.Type.LPAREN;
          break;
        case ')':
          i++;
          type = Token.Type.RPAREN;
          break;
        case '[':
          i++;
          type = Token.Type.LBRACKET;
          break;
        case ']':
          i++;
          type = Token.Type.RBRACKET;
          break;
        case '.':
          i++;
          type = Token.Type.DOT;
          break;
        case ',':
          i++;
          type = Token.Type.COMMA;
          break;
        case '=':
          i++;
          type = Token.Type.EQ;
          break;
        case '+':
          i++;
          type = Token.Type.PLUS;
          break;
        case '-':
          i++;
          type = Token.Type.MINUS;
          break;
        case '<':
          i++;
          if (i < n && text.charAt(i) == '=') {
            i++;
            type = Token.Type.LE;
          } else if (i < n && text.charAt(i) == '>') {
            i++;
            type = Token.Type.NE;
          } else {
            type = Token.Type.LT;
          }
          break;
        case '>':
          i++;
          if (i < n && text.charAt(i) == '=') {
            i++;
            type = Token.Type.GE;
          } else {
            type = Token.Type.GT;
          }
          break;
        default:
          if (isNameStart(c)) {
            i++;
            while (i < n && isNamePart(text.charAt(i))) {
              i++;
            }
            type = Token.Type.IDENT;
          } else if (c >= '0' && c <= '9') {
            i++;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
              i++;
            }
            type = Token.Type.NUMBER;
          } else {
            i += Character.charCount(text.codePointAt(i));
            type = Token.Type.UNKNOWN;
          }
      }
      tokens.add(new Token(type, text.substring(start, i), start, i));
    }
    tokens.add(new Token(Token.Type.EOF, "<EOF>", n, n));
    return tokens;
  }

  static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
