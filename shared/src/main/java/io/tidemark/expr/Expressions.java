package io.tidemark.expr;

import io.tidemark.wire.DynamoDbException;
import java.nio.charset.StandardCharsets;

/**
 * Entry points: parse the expressions of a request into immutable, reusable objects. Every error
 * is a ValidationException with DynamoDB's message, prefixed {@code Invalid <Parameter>: }.
 * Placeholders are resolved through the request's {@link ExpressionContext}; call
 * {@link ExpressionContext#checkAllUsed()} once all the request's expressions are parsed.
 */
public final class Expressions {
  /** DynamoDB caps every expression string at 4 KB of UTF-8. */
  public static final int MAX_EXPRESSION_BYTES = 4096;
  /** DynamoDB's limit on operators and functions in one expression. */
  public static final int MAX_OPERATORS = 300;

  private Expressions() {}

  /**
   * Parses a condition-language expression. {@code parameterName} is the request parameter
   * ("ConditionExpression", "FilterExpression") and prefixes every message.
   */
  public static Condition parseCondition(String text, ExpressionContext ctx, String parameterName) {
    return ConditionParser.parse(text, ctx, parameterName);
  }

  /** Parses an UpdateExpression. */
  public static UpdatePlan parseUpdate(String text, ExpressionContext ctx) {
    return UpdateParser.parse(text, ctx);
  }

  /** Parses a ProjectionExpression. */
  public static Projection parseProjection(String text, ExpressionContext ctx) {
    return ProjectionParser.parse(text, ctx);
  }

  static DynamoDbException invalid(String parameterName, String message) {
    return DynamoDbException.validation("Invalid " + parameterName + ": " + message);
  }

  /**
   * The checks before parsing: empty (or blank) text, and the 4 KB limit, whose message carries the
   * size only for condition and filter expressions, as DynamoDB's does.
   */
  static void checkText(String text, String parameterName, boolean reportSize) {
    if (text == null || text.isBlank()) {
      throw invalid(parameterName, "The expression can not be empty;");
    }
    // cheap test first: at most 3 UTF-8 bytes per UTF-16 char
    if (text.length() * 3 > MAX_EXPRESSION_BYTES) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_EXPRESSION_BYTES) {
        throw invalid(parameterName, "Expression size has exceeded the maximum allowed size;"
            + (reportSize ? " expression size: " + bytes : ""));
      }
    }
  }
}
