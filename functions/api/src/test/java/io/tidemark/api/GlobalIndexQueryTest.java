package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Query and Scan through global secondary indexes, which DynamoDB keeps eventually consistent:
 * a write shows in the index shortly after it is acknowledged, so every read of an index here
 * waits (briefly) for what it expects.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html
 */
class GlobalIndexQueryTest extends SdkTestBase {
  static final String TABLE = "gsi-reads";

  @BeforeAll
  static void table() {
    CreateTableResponse created = ddb.createTable(b -> b.tableName(TABLE).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(attribute("pk", "S"), attribute("sk", "S"), attribute("status", "S"),
            attribute("rank", "N"), attribute("owner", "S"))
        .keySchema(key("pk", "HASH"), key("sk", "RANGE"))
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder().indexName("by-status").keySchema(key("status", "HASH"), key("rank", "RANGE"))
                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE).nonKeyAttributes("payload")
                    .build()).build(),
            GlobalSecondaryIndex.builder().indexName("by-owner").keySchema(key("owner", "HASH"))
                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));
    GlobalSecondaryIndexDescription described = created.tableDescription().globalSecondaryIndexes().get(0);
    assertEquals("CREATING", described.indexStatusAsString(), "CreateTable answers before its indexes are ready");
    assertNull(described.backfilling(), "no Backfilling for indexes created with the table (API reference)");
    for (int i = 0; i < 6; i++) {
      Map<String, AttributeValue> item = new java.util.HashMap<>(item("pk", s("p" + (i % 2)), "sk", s("s" + i),
          "payload", s("data-" + i), "extra", s("not projected"), "owner", s(i < 4 ? "ann" : "bob")));
      if (i != 5) {
        item.put("status", s(i % 3 == 0 ? "open" : "done"));
        item.put("rank", n(String.valueOf(60 - i * 10)));
      }
      ddb.putItem(b -> b.tableName(TABLE).item(item));
    }
  }

  static AttributeDefinition attribute(String name, String type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  static KeySchemaElement key(String name, String type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  /** Repeats a read until it gives the expected answer (a global index may be a moment behind), for up to 5 s. */
  static <T> T eventually(Supplier<T> read, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    T last = read.get();
    while (!done.test(last) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      last = read.get();
    }
    return last;
  }

  private static QueryResponse byStatus(String status) {
    return ddb.query(b -> b.tableName(TABLE).indexName("by-status").keyConditionExpression("#s = :s")
        .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s(status))));
  }

  private static List<String> sortKeys(List<Map<String, AttributeValue>> items) {
    List<String> keys = new ArrayList<>();
    items.forEach(i -> keys.add(i.get("sk").s()));
    return keys;
  }

  @Test
  void queryOrdersByTheIndexSortKeyAndReturnsTheProjection() {
    QueryResponse open = eventually(() -> byStatus("open"), q -> q.count() == 2);
    assertEquals(List.of("s3", "s0"), sortKeys(open.items()), "rank 30 before rank 60");
    assertEquals(Map.of("pk", s("p1"), "sk", s("s3"), "status", s("open"), "rank", n("30"), "payload", s("data-3")),
        open.items().get(0), "INCLUDE: the table's keys, the index's keys and the included attribute");
    QueryResponse done = eventually(() -> ddb.query(b -> b.tableName(TABLE).indexName("by-status")
        .keyConditionExpression("#s = :s AND #r > :r").expressionAttributeNames(Map.of("#s", "status", "#r", "rank"))
        .expressionAttributeValues(Map.of(":s", s("done"), ":r", n("25"))).scanIndexForward(false)),
        q -> q.count() == 2);
    assertEquals(List.of("s1", "s2"), sortKeys(done.items()), "rank 50 then 40, descending; s4 (rank 20) excluded");
    assertEquals(0, byStatus("missing").count());
  }

  @Test
  void itemsWithoutTheIndexKeyAreNotInTheIndex() {
    ScanResponse scan = eventually(() -> ddb.scan(b -> b.tableName(TABLE).indexName("by-status")),
        s -> s.count() >= 5);
    assertEquals(5, scan.count(), "s5 has no status: a sparse index leaves it out");
    assertFalse(sortKeys(scan.items()).contains("s5"));
  }

  @Test
  void hashOnlyIndexPagesThroughEqualIndexKeysWithTableKeysInLastEvaluatedKey() {
    eventually(() -> ddb.query(b -> b.tableName(TABLE).indexName("by-owner").keyConditionExpression("#o = :o")
        .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":o", s("ann")))),
        q -> q.count() == 4);
    Set<String> seen = new HashSet<>();
    Map<String, AttributeValue> start = null;
    int pages = 0;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page = ddb.query(b -> b.tableName(TABLE).indexName("by-owner").limit(1)
          .keyConditionExpression("#o = :o").expressionAttributeNames(Map.of("#o", "owner"))
          .expressionAttributeValues(Map.of(":o", s("ann"))).exclusiveStartKey(from));
      for (Map<String, AttributeValue> i : page.items()) {
        assertEquals(Set.of("pk", "sk", "owner"), i.keySet(), "KEYS_ONLY");
        assertTrue(seen.add(i.get("sk").s()), "no item twice");
      }
      start = page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
      if (start != null) {
        assertEquals(Set.of("pk", "sk", "owner"), start.keySet(), "the table's key and the index's");
      }
      pages++;
    } while (start != null && pages < 10);
    assertEquals(Set.of("s0", "s1", "s2", "s3"), seen);
  }

  @Test
  void writesMoveDeleteAndAddIndexEntries() {
    String table = uniqueName("gsi-moves");
    ddb.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(attribute("pk", "S"), attribute("g", "S"))
        .keySchema(key("pk", "HASH"))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g").keySchema(key("g", "HASH"))
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
    ddb.putItem(b -> b.tableName(table).item(item("pk", s("a"), "g", s("one"), "v", n("1"))));
    ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("a"))).updateExpression("SET g = :g, v = :v")
        .expressionAttributeValues(Map.of(":g", s("two"), ":v", n("2"))));
    QueryResponse two = eventually(() -> queryG(table, "two"), q -> q.count() == 1);
    assertEquals(Map.of("pk", s("a"), "g", s("two"), "v", n("2")), two.items().get(0), "ALL projects everything");
    assertEquals(0, queryG(table, "one").count(), "the old index key's entry went with the change");
    ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("a"))).updateExpression("REMOVE g"));
    assertEquals(0, eventually(() -> queryG(table, "two"), q -> q.count() == 0).count(), "no index key: out of the index");
    ddb.putItem(b -> b.tableName(table).item(item("pk", s("b"), "g", s("two"))));
    ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("b"))));
    ddb.putItem(b -> b.tableName(table).item(item("pk", s("c"), "g", s("two"))));
    QueryResponse after = eventually(() -> queryG(table, "two"), q -> q.count() == 1 && q.items().get(0).get("pk").s().equals("c"));
    assertEquals(List.of(s("c")), after.items().stream().map(i -> i.get("pk")).toList());
    GlobalSecondaryIndexDescription index = eventually(() -> ddb.describeTable(b -> b.tableName(table)).table()
        .globalSecondaryIndexes().get(0), d -> d.itemCount() == 1);
    assertEquals("ACTIVE", index.indexStatusAsString());
    assertEquals(1, index.itemCount());
    assertTrue(index.indexSizeBytes() > 0);
    assertEquals(0, index.provisionedThroughput().readCapacityUnits(), "on-demand: 0/0");
    assertTrue(index.indexArn().endsWith(":table/" + table + "/index/by-g"));
  }

  private static QueryResponse queryG(String table, String g) {
    return ddb.query(b -> b.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
        .expressionAttributeValues(Map.of(":g", s(g))));
  }

  @Test
  void parallelScanSegmentsCoverTheIndexOnce() {
    eventually(() -> ddb.scan(b -> b.tableName(TABLE).indexName("by-owner")), s -> s.count() == 6);
    List<String> all = new ArrayList<>();
    for (int segment = 0; segment < 3; segment++) {
      int seg = segment;
      Map<String, AttributeValue> start = null;
      do {
        Map<String, AttributeValue> from = start;
        ScanResponse page = ddb.scan(b -> b.tableName(TABLE).indexName("by-owner").segment(seg).totalSegments(3)
            .limit(2).exclusiveStartKey(from));
        all.addAll(sortKeys(page.items()));
        start = page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
      } while (start != null);
    }
    all.sort(null);
    assertEquals(List.of("s0", "s1", "s2", "s3", "s4", "s5"), all);
  }

  @Test
  void filtersAndProjectionsUseProjectedAttributes() {
    QueryResponse filtered = eventually(() -> ddb.query(b -> b.tableName(TABLE).indexName("by-status")
        .keyConditionExpression("#s = :s").filterExpression("payload = :p").projectionExpression("sk, payload")
        .expressionAttributeNames(Map.of("#s", "status"))
        .expressionAttributeValues(Map.of(":s", s("done"), ":p", s("data-2")))), q -> q.count() == 1);
    assertEquals(List.of(Map.of("sk", s("s2"), "payload", s("data-2"))), filtered.items());
    assertEquals(3, filtered.scannedCount());
  }

  @Test
  void partiQlSelectsThroughAGlobalIndex() {
    var open = eventually(() -> ddb.executeStatement(b -> b.statement("SELECT sk, payload FROM \"" + TABLE
        + "\".\"by-status\" WHERE status = 'open' ORDER BY rank DESC")), r -> r.items().size() == 2);
    assertEquals(List.of(Map.of("sk", s("s0"), "payload", s("data-0")), Map.of("sk", s("s3"), "payload", s("data-3"))),
        open.items());
    assertError(DynamoDbException.class, "ValidationException",
        "Strongly consistent read is not supported on Global Secondary Indexes",
        () -> ddb.executeStatement(b -> b.consistentRead(true).statement("SELECT * FROM \"" + TABLE
            + "\".\"by-owner\" WHERE owner = 'ann'")));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Secondary index by-owner does not project one or more filter "
            + "attributes: [payload]",
        () -> ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + TABLE
            + "\".\"by-owner\" WHERE owner = 'ann' AND payload = 'x'")));
  }

  // --- DynamoDB's rules for reading a global index ---

  @Test
  void consistentReadIsRefused() {
    assertError(DynamoDbException.class, "ValidationException",
        "Consistent reads are not supported on global secondary indexes",
        () -> ddb.query(b -> b.tableName(TABLE).indexName("by-status").consistentRead(true)
            .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "status"))
            .expressionAttributeValues(Map.of(":s", s("open")))));
    assertError(DynamoDbException.class, "ValidationException",
        "Consistent reads are not supported on global secondary indexes",
        () -> ddb.scan(b -> b.tableName(TABLE).indexName("by-owner").consistentRead(true)));
  }

  @Test
  void allAttributesNeedsAnAllProjection() {
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
            + "secondary index by-owner because its projection type is not ALL",
        () -> ddb.scan(b -> b.tableName(TABLE).indexName("by-owner").select("ALL_ATTRIBUTES")));
  }

  @Test
  void projectionAndFilterCannotNameWhatTheIndexLacks() {
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Global secondary index by-status does not project [extra]",
        () -> ddb.query(b -> b.tableName(TABLE).indexName("by-status").keyConditionExpression("#s = :s")
            .projectionExpression("sk, extra").expressionAttributeNames(Map.of("#s", "status"))
            .expressionAttributeValues(Map.of(":s", s("open")))));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Secondary index by-owner does not project one or more filter "
            + "attributes: [payload]",
        () -> ddb.scan(b -> b.tableName(TABLE).indexName("by-owner").filterExpression("payload = :p")
            .expressionAttributeValues(Map.of(":p", s("x")))));
  }

  @Test
  void keyConditionMustNameTheIndexKey() {
    assertError(DynamoDbException.class, "ValidationException", "Query condition missed key schema element: status",
        () -> ddb.query(b -> b.tableName(TABLE).indexName("by-status").keyConditionExpression("pk = :p")
            .expressionAttributeValues(Map.of(":p", s("p0")))));
  }

  @Test
  void wrongTypeForAnIndexKeyIsRejectedAndChangesNothing() {
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Type mismatch for Index Key rank Expected: N Actual: S "
            + "IndexName: by-status",
        () -> ddb.putItem(b -> b.tableName(TABLE).item(item("pk", s("x"), "sk", s("x"), "rank", s("high")))));
    assertTrue(ddb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("x"), "sk", s("x")))).item().isEmpty());
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Size limit exceeded for Index Key status Actual Size: 2049 bytes "
            + "Max Size: 2048 bytes IndexName: by-status",
        () -> ddb.putItem(b -> b.tableName(TABLE).item(item("pk", s("x"), "sk", s("x"), "status", s("s".repeat(2049))))));
  }
}
