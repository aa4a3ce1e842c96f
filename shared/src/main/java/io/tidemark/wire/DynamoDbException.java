package io.tidemark.wire;

import java.util.List;
import java.util.Map;

/**
 * An error answered to the client in DynamoDB's shape: a type, a message, sometimes an item, and
 * for a cancelled transaction the reason for each of its actions.
 */
public class DynamoDbException extends RuntimeException {
  private final ErrorType type;
  private final Map<String, AttributeValue> item;
  private final List<CancellationReason> cancellationReasons;

  /** Why one action of a cancelled transaction failed: code "None" for the actions that did not. */
  public record CancellationReason(String code, String message, Map<String, AttributeValue> item) {
    public static final CancellationReason NONE = new CancellationReason("None", null, null);
  }

  public DynamoDbException(ErrorType type, String message) {
    this(type, message, null);
  }

  public DynamoDbException(ErrorType type, String message, Map<String, AttributeValue> item) {
    this(type, message, item, null);
  }

  private DynamoDbException(ErrorType type, String message, Map<String, AttributeValue> item,
      List<CancellationReason> cancellationReasons) {
    super(message, null, false, false);
    this.type = type;
    this.item = item;
    this.cancellationReasons = cancellationReasons;
  }

  /**
   * TransactionCanceledException, with one reason per action in request order and DynamoDB's
   * message listing their codes.
   */
  public static DynamoDbException transactionCanceled(List<CancellationReason> reasons) {
    StringBuilder codes = new StringBuilder();
    for (CancellationReason r : reasons) {
      codes.append(codes.length() == 0 ? "" : ", ").append(r.code());
    }
    return new DynamoDbException(ErrorType.TransactionCanceledException,
        "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]", null,
        List.copyOf(reasons));
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

  /** The reasons of a TransactionCanceledException, else null. */
  public List<CancellationReason> cancellationReasons() {
    return cancellationReasons;
  }
}
