package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** PutItem, GetItem, UpdateItem, DeleteItem: expressions, legacy parameters, return values and errors. */
class ItemOperationsTest extends SdkTestBase {
  private static String table;

  @BeforeAll
  static void createTable() {
    table = createTable("items", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    return item("pk", s(pk), "sk", n(sk));
  }

  @Test
  void everyAttributeTypeRoundTrips() {
    Map<String, AttributeValue> item = item("pk", s("types"), "sk", n("1"),
        "s", s("text ✓ 𝄞"),
        "n", n("-0012.3400"),
        "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, (byte) 0xFF, 7})),
        "ss", AttributeValue.fromSs(List.of("a", "b")),
        "ns", AttributeValue.fromNs(List.of("1", "2.5")),
        "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))),
        "m", AttributeValue.fromM(item("inner", AttributeValue.fromL(List.of(n("1"), AttributeValue.fromNul(true))))),
        "bool", AttributeValue.fromBool(false),
        "empty", s(""));
    ddb.putItem(b -> b.tableName(table).item(item));
    Map<String, AttributeValue> got = ddb.getItem(b -> b.tableName(table).key(key("types", "1"))).item();
    assertEquals(n("-12.34"), got.get("n"), "numbers come back normalised");
    assertEquals(item.get("s"), got.get("s"));
    assertEquals(item.get("b"), got.get("b"));
    assertEquals(item.get("m"), got.get("m"));
    assertEquals(item.get("bool"), got.get("bool"));
    assertEquals(s(""), got.get("empty"), "empty strings are allowed outside keys");
    assertEquals(item.get("ss").ss(), got.get("ss").ss());
  }

  @Test
  void getMissingItemHasNoItem() {
    assertFalse(ddb.getItem(b -> b.tableName(table).key(key("missing", "0"))).hasItem());
  }

  @Test
  void projectionExpressionReturnsNestedPaths() {
    ddb.putItem(b -> b.tableName(table).item(item("pk", s("proj"), "sk", n("1"), "a", s("x"),
        "m", AttributeValue.fromM(item("x", n("1"), "y", n("2"))),
        "l", AttributeValue.fromL(List.of(s("l0"), s("l1"), s("l2"))))));
    Map<String, AttributeValue> got = ddb.getItem(b -> b.tableName(table).key(key("proj", "1"))
        .projectionExpression("#m.y, l[1], a").expressionAttributeNames(Map.of("#m", "m"))).item();
    assertEquals(item("a", s("x"), "m", AttributeValue.fromM(item("y", n("2"))),
        "l", AttributeValue.fromL(List.of(s("l1")))), got);
  }

  @Test
  void conditionalPutAndReturnValues() {
    Map<String, AttributeValue> first = item("pk", s("cond"), "sk", n("1"), "v", n("1"));
    assertNull(ddb.putItem(b -> b.tableName(table).item(first).conditionExpression("attribute_not_exists(pk)")
        .returnValues(ReturnValue.ALL_OLD)).attributes().get("v"));
    ConditionalCheckFailedException e = assertError(ConditionalCheckFailedException.class,
        "ConditionalCheckFailedException", "The conditional request failed",
        () -> ddb.putItem(b -> b.tableName(table).item(item("pk", s("cond"), "sk", n("1"), "v", n("2")))
            .conditionExpression("attribute_not_exists(pk)")
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
    assertEquals(first, e.item());
    Map<String, AttributeValue> old = ddb.putItem(b -> b.tableName(table)
        .item(item("pk", s("cond"), "sk", n("1"), "v", n("3")))
        .conditionExpression("v = :one").expressionAttributeValues(Map.of(":one", n("1")))
        .returnValues(ReturnValue.ALL_OLD)).attributes();
    assertEquals(first, old);
    assertError(DynamoDbException.class, "ValidationException", "1 validation error detected: Return values set to invalid value",
        () -> ddb.putItem(b -> b.tableName(table).item(first).returnValues(ReturnValue.ALL_NEW)));
  }

  @Test
  void updateExpressionsAndReturnValues() {
    Map<String, AttributeValue> k = key("upd", "1");
    UpdateItemResponse created = ddb.updateItem(b -> b.tableName(table).key(k)
        .updateExpression("SET #c = if_not_exists(#c, :zero) + :one, tags = :tags, l = :l")
        .expressionAttributeNames(Map.of("#c", "count"))
        .expressionAttributeValues(Map.of(":zero", n("0"), ":one", n("1"),
            ":tags", AttributeValue.fromSs(List.of("red")), ":l", AttributeValue.fromL(List.of(n("1")))))
        .returnValues(ReturnValue.ALL_NEW));
    assertEquals(n("1"), created.attributes().get("count"));
    assertEquals(s("upd"), created.attributes().get("pk"));

    UpdateItemResponse updated = ddb.updateItem(b -> b.tableName(table).key(k)
        .updateExpression("SET l = list_append(l, :more), #c = #c - :one ADD tags :blue REMOVE gone")
        .expressionAttributeNames(Map.of("#c", "count"))
        .expressionAttributeValues(Map.of(":one", n("1"), ":more", AttributeValue.fromL(List.of(n("2")))
            , ":blue", AttributeValue.fromSs(List.of("blue"))))
        .returnValues(ReturnValue.UPDATED_NEW));
    assertEquals(n("0"), updated.attributes().get("count"));
    assertEquals(List.of(n("1"), n("2")), updated.attributes().get("l").l());
    assertEquals(2, updated.attributes().get("tags").ss().size());
    assertFalse(updated.attributes().containsKey("pk"), "UPDATED_NEW returns only updated attributes");

    UpdateItemResponse old = ddb.updateItem(b -> b.tableName(table).key(k)
        .updateExpression("DELETE tags :red").expressionAttributeValues(Map.of(":red", AttributeValue.fromSs(List.of("red"))))
        .returnValues(ReturnValue.UPDATED_OLD));
    assertEquals(2, old.attributes().get("tags").ss().size());

    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
        () -> ddb.updateItem(b -> b.tableName(table).key(k).updateExpression("SET pk = :v")
            .expressionAttributeValues(Map.of(":v", s("x")))));
    assertError(ConditionalCheckFailedException.class, "ConditionalCheckFailedException", null,
        () -> ddb.updateItem(b -> b.tableName(table).key(k).updateExpression("SET a = :v")
            .conditionExpression("#c > :v").expressionAttributeNames(Map.of("#c", "count"))
            .expressionAttributeValues(Map.of(":v", n("5")))));
  }

  @Test
  void deleteItemWithConditionAndAllOld() {
    Map<String, AttributeValue> it = item("pk", s("del"), "sk", n("1"), "v", s("x"));
    ddb.putItem(b -> b.tableName(table).item(it));
    assertError(ConditionalCheckFailedException.class, "ConditionalCheckFailedException", null,
        () -> ddb.deleteItem(b -> b.tableName(table).key(key("del", "1")).conditionExpression("v = :y")
            .expressionAttributeValues(Map.of(":y", s("y")))));
    assertEquals(it, ddb.deleteItem(b -> b.tableName(table).key(key("del", "1")).returnValues(ReturnValue.ALL_OLD)).attributes());
    assertFalse(ddb.getItem(b -> b.tableName(table).key(key("del", "1"))).hasItem());
    ddb.deleteItem(b -> b.tableName(table).key(key("del", "1")));
  }

  @Test
  void legacyParametersStillWork() {
    ddb.putItem(b -> b.tableName(table).item(item("pk", s("legacy"), "sk", n("1"), "v", n("1")))
        .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build())));
    ddb.updateItem(b -> b.tableName(table).key(key("legacy", "1"))
        .attributeUpdates(Map.of("v", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("2")).build()))
        .expected(Map.of("v", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.EQ)
            .attributeValueList(n("1")).build())));
    Map<String, AttributeValue> got = ddb.getItem(b -> b.tableName(table).key(key("legacy", "1"))
        .attributesToGet("v")).item();
    assertEquals(item("v", n("3")), got);
    assertError(DynamoDbException.class, "ValidationException",
        "Can not use both expression and non-expression parameters in the same request: "
            + "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
        () -> ddb.putItem(b -> b.tableName(table).item(item("pk", s("legacy"), "sk", n("2")))
            .conditionExpression("attribute_not_exists(pk)")
            .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build()))));
  }

  @Test
  void keyAndItemValidation() {
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Missing the key sk in the item",
        () -> ddb.putItem(b -> b.tableName(table).item(item("pk", s("x")))));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S",
        () -> ddb.putItem(b -> b.tableName(table).item(item("pk", s("x"), "sk", s("1")))));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
        () -> ddb.putItem(b -> b.tableName(table).item(item("pk", s(""), "sk", n("1")))));
    assertError(DynamoDbException.class, "ValidationException", "The provided key element does not match the schema",
        () -> ddb.getItem(b -> b.tableName(table).key(item("pk", s("x")))));
    assertError(DynamoDbException.class, "ValidationException", "Item size has exceeded the maximum allowed size",
        () -> ddb.putItem(b -> b.tableName(table).item(item("pk", s("big"), "sk", n("1"), "v", s("x".repeat(400 * 1024))))));
    assertError(DynamoDbException.class, "ValidationException",
        "1 validation error detected: One or more parameter values were invalid: An string set  may not be empty",
        () -> ddb.putItem(b -> b.tableName(table).item(item("pk", s("x"), "sk", n("1"), "ss", AttributeValue.fromSs(List.of())))));
    assertError(DynamoDbException.class, "ValidationException",
        "1 validation error detected: Attempting to store more than 38 significant digits in a Number",
        () -> ddb.putItem(b -> b.tableName(table).item(item("pk", s("x"), "sk", n("1"), "v", n("1" + "0".repeat(38) + "1")))));
    assertError(ResourceNotFoundException.class, "ResourceNotFoundException", "Requested resource not found",
        () -> ddb.getItem(b -> b.tableName("no-such-table").key(key("x", "1"))));
    assertFalse(ddb.getItem(b -> b.tableName(table).key(key("x", "1"))).hasItem(), "failed writes left nothing");
  }

  @Test
  void expressionAttributeMapsAreValidated() {
    // the single-item writes report a bad value in the framework's envelope; Scan names the key that held it
    assertError(DynamoDbException.class, "ValidationException",
        "1 validation error detected: One or more parameter values were invalid: An string set  may not be empty",
        () -> ddb.updateItem(b -> b.tableName(table).key(key("eav", "1")).updateExpression("SET a = :a")
            .expressionAttributeValues(Map.of(":a", AttributeValue.fromSs(List.of())))));
    assertError(DynamoDbException.class, "ValidationException",
        "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: "
            + "An string set  may not be empty for key :a",
        () -> ddb.scan(b -> b.tableName(table).filterExpression("a = :a")
            .expressionAttributeValues(Map.of(":a", AttributeValue.fromSs(List.of())))));
    assertError(DynamoDbException.class, "ValidationException", "ExpressionAttributeNames can only be specified when using expressions",
        () -> ddb.getItem(b -> b.tableName(table).key(key("eav", "1")).expressionAttributeNames(Map.of("#a", "a"))));
    assertError(DynamoDbException.class, "ValidationException",
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
        () -> ddb.updateItem(b -> b.tableName(table).key(key("eav", "1")).updateExpression("SET a = :a")
            .expressionAttributeValues(Map.of(":a", n("1"), ":unused", n("2")))));
    assertFalse(ddb.getItem(b -> b.tableName(table).key(key("eav", "1"))).hasItem(), "nothing was written");
  }

  @Test
  void reservedWordsNeedNames() {
    ddb.putItem(b -> b.tableName(table).item(item("pk", s("rw"), "sk", n("1"), "name", s("n"))));
    DynamoDbException e = assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.getItem(b -> b.tableName(table).key(key("rw", "1")).projectionExpression("name")));
    assertTrue(e.awsErrorDetails().errorMessage().contains("reserved keyword"), e.getMessage());
  }

  @Test
  void consumedCapacityFollowsItemSize() {
    var put = ddb.putItem(b -> b.tableName(table).item(item("pk", s("cap"), "sk", n("1"), "v", s("x".repeat(1500))))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertEquals(2.0, put.consumedCapacity().capacityUnits());
    var get = ddb.getItem(b -> b.tableName(table).key(key("cap", "1")).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertEquals(0.5, get.consumedCapacity().capacityUnits());
    var strong = ddb.getItem(b -> b.tableName(table).key(key("cap", "1")).consistentRead(true)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertEquals(1.0, strong.consumedCapacity().capacityUnits());
  }
}
