package io.tidemark.wire;

/**
 * The error types DynamoDB answers with. Most live in the DynamoDB namespace; a few come from
 * the service framework ("coral") that fronts every AWS JSON service, and keep its namespace.
 */
public enum ErrorType {
  ValidationException(Namespace.VALIDATE, 400),
  ResourceNotFoundException(Namespace.DYNAMODB, 400),
  ResourceInUseException(Namespace.DYNAMODB, 400),
  ConditionalCheckFailedException(Namespace.DYNAMODB, 400),
  DuplicateItemException(Namespace.DYNAMODB, 400),
  LimitExceededException(Namespace.DYNAMODB, 400),
  ProvisionedThroughputExceededException(Namespace.DYNAMODB, 400),
  ItemCollectionSizeLimitExceededException(Namespace.DYNAMODB, 400),
  TransactionConflictException(Namespace.DYNAMODB, 400),
  TransactionCanceledException(Namespace.DYNAMODB, 400),
  IdempotentParameterMismatchException(Namespace.DYNAMODB, 400),
  TransactionInProgressException(Namespace.DYNAMODB, 400),
  RequestLimitExceeded(Namespace.DYNAMODB, 400),
  TableAlreadyExistsException(Namespace.DYNAMODB, 400),
  TableNotFoundException(Namespace.DYNAMODB, 400),
  TableInUseException(Namespace.DYNAMODB, 400),
  PointInTimeRecoveryUnavailableException(Namespace.DYNAMODB, 400),
  InvalidRestoreTimeException(Namespace.DYNAMODB, 400),
  ContinuousBackupsUnavailableException(Namespace.DYNAMODB, 400),
  BackupNotFoundException(Namespace.DYNAMODB, 400),
  BackupInUseException(Namespace.DYNAMODB, 400),
  InternalServerError(Namespace.DYNAMODB, 500),
  SerializationException(Namespace.CORAL, 400),
  UnknownOperationException(Namespace.CORAL, 400),
  MissingAuthenticationTokenException(Namespace.CORAL, 400),
  AccessDeniedException(Namespace.CORAL, 400),
  UnrecognizedClientException(Namespace.CORAL, 400),
  ThrottlingException(Namespace.CORAL, 400);

  private enum Namespace {
    DYNAMODB("com.amazonaws.dynamodb.v20120810#"),
    CORAL("com.amazon.coral.service#"),
    /** DynamoDB's validation errors come from the framework's validator, whatever its docs imply. */
    VALIDATE("com.amazon.coral.validate#");

    final String prefix;

    Namespace(String prefix) {
      this.prefix = prefix;
    }
  }

  private final String qualifiedName;
  private final int httpStatus;

  ErrorType(Namespace namespace, int httpStatus) {
    this.qualifiedName = namespace.prefix + name();
    this.httpStatus = httpStatus;
  }

  /** The value of {@code __type} in the error body. */
  public String qualifiedName() {
    return qualifiedName;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
