package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionSizeLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * Writes to a table with a local secondary index: index key types, item collection metrics, and
 * the item collection size limit (set to 8 KB here instead of 10 GB).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections
 */
class LocalIndexWritesTest {
  private static TestServer server;
  private static DynamoDbClient ddb;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer(Files.createTempDirectory("tidemark-lsiwrites"), Map.of("tidemark.item-collection-limit", 8192));
    ddb = server.client();
    ddb.createTable(b -> b.tableName("orders").billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build(),
            AttributeDefinition.builder().attributeName("sk").attributeType("S").build(),
            AttributeDefinition.builder().attributeName("placed").attributeType("S").build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build(),
            KeySchemaElement.builder().attributeName("sk").keyType("RANGE").build())
        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-placed")
            .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build(),
                KeySchemaElement.builder().attributeName("placed").keyType("RANGE").build())
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
  }

  @AfterAll
  static void stop() {
    ddb.close();
    server.close();
  }

  private static Map<String, AttributeValue> order(String pk, String sk, AttributeValue placed, int payload) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of("pk", AttributeValue.fromS(pk),
        "sk", AttributeValue.fromS(sk), "payload", AttributeValue.fromS("x".repeat(payload))));
    if (placed != null) {
      item.put("placed", placed);
    }
    return item;
  }

  @Test
  void indexKeysMustHaveTheirType() {
    DynamoDbException wrongType = assertThrows(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName("orders")
        .item(order("types", "1", AttributeValue.fromN("5"), 1))));
    assertEquals("One or more parameter values were invalid: Type mismatch for Index Key placed Expected: S Actual: N "
        + "IndexName: by-placed", wrongType.awsErrorDetails().errorMessage());
    DynamoDbException empty = assertThrows(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName("orders")
        .item(order("types", "1", AttributeValue.fromS(""), 1))));
    assertEquals("One or more parameter values are not valid. A value specified for a secondary index key is not "
        + "supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: "
        + "by-placed, IndexKey: placed", empty.awsErrorDetails().errorMessage());
    ddb.putItem(b -> b.tableName("orders").item(order("types", "1", null, 1))); // no index key: not in the index
    DynamoDbException updated = assertThrows(DynamoDbException.class, () -> ddb.updateItem(b -> b.tableName("orders")
        .key(Map.of("pk", AttributeValue.fromS("types"), "sk", AttributeValue.fromS("1")))
        .updateExpression("SET placed = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromN("1")))));
    assertTrue(updated.awsErrorDetails().errorMessage().startsWith(
        "One or more parameter values were invalid: Type mismatch for Index Key placed"));
  }

  /** INDEXES capacity: the table's unit plus one per index the write changes (DynamoDB's rules for LSIs). */
  @Test
  void indexWritesAreCharged() {
    var first = ddb.putItem(b -> b.tableName("orders").returnConsumedCapacity("INDEXES")
        .item(order("cap", "1", AttributeValue.fromS("2024-01-01"), 10)));
    assertEquals(2.0, first.consumedCapacity().capacityUnits());
    assertEquals(1.0, first.consumedCapacity().table().capacityUnits());
    assertEquals(1.0, first.consumedCapacity().localSecondaryIndexes().get("by-placed").capacityUnits());
    var same = ddb.putItem(b -> b.tableName("orders").returnConsumedCapacity("INDEXES")
        .item(order("cap", "1", AttributeValue.fromS("2024-01-01"), 10)));
    assertEquals(1.0, same.consumedCapacity().capacityUnits(), "an identical overwrite costs the table only");
    var moved = ddb.updateItem(b -> b.tableName("orders").returnConsumedCapacity("INDEXES")
        .key(Map.of("pk", AttributeValue.fromS("cap"), "sk", AttributeValue.fromS("1")))
        .updateExpression("SET placed = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("2024-02-02"))));
    assertEquals(2.0, moved.consumedCapacity().localSecondaryIndexes().get("by-placed").capacityUnits(),
        "a new index key: a delete and an insert in the index");
    var sparse = ddb.putItem(b -> b.tableName("orders").returnConsumedCapacity("TOTAL")
        .item(order("cap", "2", null, 10)));
    assertEquals(1.0, sparse.consumedCapacity().capacityUnits(), "not in the index: the table only");
  }

  @Test
  void metricsAndTheCollectionLimit() {
    PutItemResponse put = ddb.putItem(b -> b.tableName("orders").returnItemCollectionMetrics("SIZE")
        .item(order("full", "0", AttributeValue.fromS("2024-01-01"), 1000)));
    assertEquals(Map.of("pk", AttributeValue.fromS("full")), put.itemCollectionMetrics().itemCollectionKey());
    assertEquals(List.of(0.0, 1.0), put.itemCollectionMetrics().sizeEstimateRangeGB());
    int written = 1;
    boolean refused = false;
    for (int i = 1; i < 20 && !refused; i++) {
      int n = i;
      try {
        ddb.putItem(b -> b.tableName("orders").item(order("full", Integer.toString(n), AttributeValue.fromS("2024-01-0" + (n % 9 + 1)), 1000)));
        written++;
      } catch (ItemCollectionSizeLimitExceededException e) {
        refused = true;
      }
    }
    assertTrue(refused, "the collection filled up");
    // each item counts twice (table and an ALL projection): about 2 KB each against 8 KB
    assertTrue(written >= 3 && written <= 4, "items written before the limit: " + written);
    ddb.putItem(b -> b.tableName("orders").item(order("other", "0", AttributeValue.fromS("2024-01-01"), 1000)));
    ddb.deleteItem(b -> b.tableName("orders").key(Map.of("pk", AttributeValue.fromS("full"), "sk", AttributeValue.fromS("0"))));
    ddb.putItem(b -> b.tableName("orders").item(order("full", "new", AttributeValue.fromS("2024-02-01"), 1000)));
    assertNull(ddb.putItem(b -> b.tableName("orders").item(order("other", "1", null, 1))).itemCollectionMetrics(),
        "metrics only when asked");
    var transaction = ddb.transactWriteItems(b -> b.returnItemCollectionMetrics("SIZE").transactItems(
        t -> t.put(p -> p.tableName("orders").item(order("tx-a", "1", null, 1))),
        t -> t.put(p -> p.tableName("orders").item(order("tx-b", "1", null, 1))),
        t -> t.put(p -> p.tableName("orders").item(order("tx-b", "2", null, 1)))));
    var metrics = transaction.itemCollectionMetrics().get("orders");
    assertEquals(List.of(Map.of("pk", AttributeValue.fromS("tx-a")), Map.of("pk", AttributeValue.fromS("tx-b"))),
        metrics.stream().map(m -> m.itemCollectionKey()).toList(), "one entry per item collection written");
  }
}
