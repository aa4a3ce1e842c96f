package io.tidemark.api;

import static io.tidemark.api.GlobalIndexQueryTest.attribute;
import static io.tidemark.api.GlobalIndexQueryTest.eventually;
import static io.tidemark.api.GlobalIndexQueryTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Write capacity with indexes: an index is charged only when a write changes what it holds, one
 * unit to add or remove an entry or change its projection, two to move it to another index key.
 * The rows reproduce measurements against DynamoDB (all items under 1 KB).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes
 */
class IndexCapacityTest extends SdkTestBase {
  private static final String TABLE = "capacity-indexed";

  @BeforeAll
  static void table() {
    ddb.createTable(b -> b.tableName(TABLE).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(attribute("pk", "S"), attribute("sk", "S"), attribute("g", "S"), attribute("lsk", "S"))
        .keySchema(key("pk", "HASH"), key("sk", "RANGE"))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("gsi").keySchema(key("g", "HASH"))
            .projection(Projection.builder().projectionType(ProjectionType.INCLUDE).nonKeyAttributes("proj").build())
            .build())
        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("lsi").keySchema(key("pk", "HASH"),
            key("lsk", "RANGE")).projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
  }

  private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> indexed(String sk) {
    return item("pk", s("p"), "sk", s(sk), "g", s("g1"), "lsk", s("l1"), "proj", s("x"), "plain", s("y"));
  }

  private static void assertUnits(ConsumedCapacity c, double total, double table, Double gsi, Double lsi) {
    assertEquals(total, c.capacityUnits(), "total");
    assertEquals(table, c.table().capacityUnits(), "table");
    Capacity g = c.globalSecondaryIndexes().get("gsi");
    Capacity l = c.localSecondaryIndexes().get("lsi");
    assertEquals(gsi, g == null ? null : g.capacityUnits(), "global index");
    assertEquals(lsi, l == null ? null : l.capacityUnits(), "local index");
  }

  private static ConsumedCapacity update(String sk, String expression, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values) {
    return ddb.updateItem(b -> b.tableName(TABLE).key(Map.of("pk", s("p"), "sk", s(sk))).updateExpression(expression)
        .expressionAttributeValues(values.isEmpty() ? null : values)
        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
  }

  @Test
  void putsChargeEachIndexTheItemLandsIn() {
    ConsumedCapacity put = ddb.putItem(b -> b.tableName(TABLE).item(indexed("put"))
        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
    assertUnits(put, 3, 1, 1.0, 1.0);
    ConsumedCapacity same = ddb.putItem(b -> b.tableName(TABLE).item(indexed("put"))
        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
    assertEquals(1.0, same.capacityUnits(), "an identical overwrite costs the table only");
    assertEquals(Map.of(), same.globalSecondaryIndexes());
    ConsumedCapacity sparse = ddb.putItem(b -> b.tableName(TABLE).item(item("pk", s("p"), "sk", s("sparse")))
        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
    assertUnits(sparse, 1, 1, null, null);
    ConsumedCapacity total = ddb.putItem(b -> b.tableName(TABLE).item(indexed("total"))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
    assertEquals(3.0, total.capacityUnits(), "TOTAL includes the index units");
    assertNull(total.table(), "and lists nothing apart");
  }

  @Test
  void updatesChargeOnlyTheIndexesTheyChange() {
    ddb.putItem(b -> b.tableName(TABLE).item(indexed("upd")));
    assertUnits(update("upd", "SET plain = :v", Map.of(":v", s("z"))), 2, 1, null, 1.0);
    assertUnits(update("upd", "SET proj = :v", Map.of(":v", s("z"))), 3, 1, 1.0, 1.0);
    assertUnits(update("upd", "SET g = :v", Map.of(":v", s("g2"))), 4, 1, 2.0, 1.0);
    assertUnits(update("upd", "REMOVE g", Map.of()), 3, 1, 1.0, 1.0);
    ddb.updateItem(b -> b.tableName(TABLE).key(Map.of("pk", s("p"), "sk", s("upd"))).updateExpression("SET g = :g")
        .expressionAttributeValues(Map.of(":g", s("g1"))));
    assertUnits(update("upd", "SET lsk = :v", Map.of(":v", s("l2"))), 3, 1, null, 2.0);
    ConsumedCapacity delete = ddb.deleteItem(b -> b.tableName(TABLE).key(Map.of("pk", s("p"), "sk", s("upd")))
        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
    assertUnits(delete, 3, 1, 1.0, 1.0);
  }

  @Test
  void batchWritesAggregatePerTableAndTransactionsDouble() {
    List<WriteRequest> writes = List.of(
        WriteRequest.builder().putRequest(PutRequest.builder().item(item("pk", s("b"), "sk", s("1"), "g", s("g1")))
            .build()).build(),
        WriteRequest.builder().putRequest(PutRequest.builder().item(item("pk", s("b"), "sk", s("2"))).build()).build());
    List<ConsumedCapacity> batch = ddb.batchWriteItem(b -> b.requestItems(Map.of(TABLE, writes))
        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
    assertEquals(1, batch.size());
    assertUnits(batch.get(0), 3, 2, 1.0, null);
    List<ConsumedCapacity> transaction = ddb.transactWriteItems(b -> b.transactItems(t -> t.put(p -> p.tableName(TABLE)
        .item(item("pk", s("t"), "sk", s("1"), "g", s("g1"))))).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
        .consumedCapacity();
    assertUnits(transaction.get(0), 4, 2, 2.0, null);
    assertEquals(4.0, transaction.get(0).writeCapacityUnits());
  }

  @Test
  void readsThroughAnIndexAreChargedToIt() {
    ddb.putItem(b -> b.tableName(TABLE).item(indexed("read")));
    ConsumedCapacity global = eventually(() -> ddb.query(b -> b.tableName(TABLE).indexName("gsi")
        .keyConditionExpression("g = :g").expressionAttributeValues(Map.of(":g", s("g1")))
        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)), q -> q.count() > 0).consumedCapacity();
    assertUnits(global, 0.5, 0, 0.5, null);
    ConsumedCapacity local = ddb.query(b -> b.tableName(TABLE).indexName("lsi").consistentRead(true)
        .keyConditionExpression("pk = :p AND lsk = :l").expressionAttributeValues(Map.of(":p", s("p"), ":l", s("l1")))
        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
    assertUnits(local, 1, 0, null, 1.0);
  }
}
