package io.tidemark.wire;

import java.util.Map;

/** An error answered to the client in DynamoDB's shape: a type, a message, sometimes an item. */
public class DynamoDbException extends RuntimeException {
  private final ErrorType type;
  private final Map<String, AttributeValue> item;

  public DynamoDbException(ErrorType type, String message) {
    this(type, message, null);
  }

  public DynamoDbException(ErrorType type, String message, Map<String, AttributeValue> item) {
    super(message, null, false, false);
    this.type = type;
    this.item = item;
  }

  public static DynamoDbException validation(String message) {
    return new DynamoDbException(ErrorType.ValidationException, message);
  }

  public static DynamoDbException serialization(String message) {
    return new DynamoDbException(ErrorType.SerializationException, message);
  }

  public static DynamoDbException resourceNotFound(String message) {
    return new DynamoDbException(ErrorType.ResourceNotFoundException, message);
  }

  public static DynamoDbException resourceInUse(String message) {
    return new DynamoDbException(ErrorType.ResourceInUseException, message);
  }

  /** The condition failed; {@code item} is the old item when the caller asked for it, else null. */
  public static DynamoDbException conditionalCheckFailed(Map<String, AttributeValue> item) {
    return new DynamoDbException(ErrorType.ConditionalCheckFailedException, "The conditional request failed", item);
  }

  public ErrorType type() {
    return type;
  }

  /** The item returned with ConditionalCheckFailedException (ReturnValuesOnConditionCheckFailure), or null. */
  public Map<String, AttributeValue> item() {
    return item;
  }
}
