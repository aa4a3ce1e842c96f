package io.tidemark.partiql;

import io.tidemark.wire.DynamoDbException;

/** Builds the ValidationExceptions of {@link PartiQlMessages}. */
final class Errors {
  private Errors() {}

  static DynamoDbException malformed(String detail) {
    return DynamoDbException.validation(PartiQlMessages.MALFORMED + detail);
  }

  static DynamoDbException validation(String message) {
    return DynamoDbException.validation(message);
  }

  static DynamoDbException validation(String format, Object... args) {
    return DynamoDbException.validation(String.format(format, args));
  }
}
