package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem and BatchGetItem: limits, duplicates, several tables, projections. */
class BatchOperationsTest extends SdkTestBase {
  private static String a;
  private static String b;

  @BeforeAll
  static void tables() {
    a = createTable("batch-a", "id", ScalarAttributeType.S, null, null);
    b = createTable("batch-b", "id", ScalarAttributeType.N, null, null);
  }

  private static WriteRequest put(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
  }

  @Test
  void writesAndReadsAcrossTables() {
    List<WriteRequest> toA = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      toA.add(put(item("id", s("k" + i), "v", n(Integer.toString(i)))));
    }
    List<WriteRequest> toB = List.of(put(item("id", n("1"), "x", s("one"))), put(item("id", n("2"), "x", s("two"))));
    BatchWriteItemResponse w = ddb.batchWriteItem(r -> r.requestItems(Map.of(a, toA, b, toB))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertTrue(w.unprocessedItems().isEmpty());
    Map<String, Double> units = new java.util.HashMap<>();
    w.consumedCapacity().forEach(cc -> units.put(cc.tableName(), cc.capacityUnits()));
    assertEquals(Map.of(a, 20.0, b, 2.0), units, "one write unit per item under 1 KB");

    ddb.batchWriteItem(r -> r.requestItems(Map.of(a, List.of(
        WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(item("id", s("k0"))).build()).build()))));

    BatchGetItemResponse g = ddb.batchGetItem(r -> r.requestItems(Map.of(
        a, KeysAndAttributes.builder().keys(item("id", s("k0")), item("id", s("k1")), item("id", s("k2")))
            .projectionExpression("v").build(),
        b, KeysAndAttributes.builder().keys(item("id", n("2"))).consistentRead(true).build())));
    assertEquals(2, g.responses().get(a).size());
    g.responses().get(a).forEach(i -> assertEquals(List.of("v"), List.copyOf(i.keySet())));
    assertEquals(List.of(item("id", n("2"), "x", s("two"))), g.responses().get(b));
    assertTrue(g.unprocessedKeys().isEmpty());
  }

  @Test
  void batchWriteLimitsAndDuplicates() {
    List<WriteRequest> tooMany = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      tooMany.add(put(item("id", s("m" + i))));
    }
    DynamoDbException e = assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.batchWriteItem(r -> r.requestItems(Map.of(a, tooMany))));
    // DynamoDB prints each request as its Java object: WriteRequest@<hash>
    String request = "com\\.amazonaws\\.dynamodb\\.v20120810\\.WriteRequest@[0-9a-f]+";
    String expected = "1 validation error detected: Value '\\{" + java.util.regex.Pattern.quote(a)
        + "=\\[(" + request + ", ){25}" + request + "\\]\\}' at 'requestItems' failed to satisfy constraint: "
        + "Map value must satisfy constraint: \\[Member must have length less than or equal to 25, "
        + "Member must have length greater than or equal to 1\\]";
    assertTrue(e.awsErrorDetails().errorMessage().matches(expected), e.awsErrorDetails().errorMessage());
    assertError(DynamoDbException.class, "ValidationException", "Provided list of item keys contains duplicates",
        () -> ddb.batchWriteItem(r -> r.requestItems(Map.of(a, List.of(put(item("id", s("d"))), put(item("id", s("d"))))))));
    assertError(ResourceNotFoundException.class, "ResourceNotFoundException", "Requested resource not found",
        () -> ddb.batchWriteItem(r -> r.requestItems(Map.of("no-such-table", List.of(put(item("id", s("d"))))))));
    assertEquals(0, ddb.scan(r -> r.tableName(a).filterExpression("begins_with(id, :m) OR id = :d")
        .expressionAttributeValues(Map.of(":m", s("m"), ":d", s("d")))).count(), "rejected batches wrote nothing");
  }

  @Test
  void batchGetLimits() {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      keys.add(item("id", s("g" + i)));
    }
    assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.batchGetItem(r -> r.requestItems(Map.of(a, KeysAndAttributes.builder().keys(keys).build()))));
    assertError(DynamoDbException.class, "ValidationException", "Provided list of item keys contains duplicates",
        () -> ddb.batchGetItem(r -> r.requestItems(Map.of(a, KeysAndAttributes.builder()
            .keys(item("id", s("x")), item("id", s("x"))).build()))));
  }
}
