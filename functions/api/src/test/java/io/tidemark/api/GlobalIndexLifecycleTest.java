package io.tidemark.api;

import static io.tidemark.api.GlobalIndexQueryTest.attribute;
import static io.tidemark.api.GlobalIndexQueryTest.eventually;
import static io.tidemark.api.GlobalIndexQueryTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.DeleteGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Global indexes added to and removed from existing tables with UpdateTable, and kept across restarts.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.OnlineOps.html
 */
class GlobalIndexLifecycleTest extends SdkTestBase {
  private static final Projection ALL = Projection.builder().projectionType(ProjectionType.ALL).build();

  private static String table(String base) {
    String name = uniqueName(base);
    ddb.createTable(b -> b.tableName(name).billingMode("PAY_PER_REQUEST").attributeDefinitions(attribute("pk", "S"))
        .keySchema(key("pk", "HASH")));
    return name;
  }

  private static GlobalSecondaryIndexUpdate create(String index, String hash) {
    return GlobalSecondaryIndexUpdate.builder().create(CreateGlobalSecondaryIndexAction.builder().indexName(index)
        .keySchema(key(hash, "HASH")).projection(ALL).build()).build();
  }

  private static GlobalSecondaryIndexUpdate delete(String index) {
    return GlobalSecondaryIndexUpdate.builder()
        .delete(DeleteGlobalSecondaryIndexAction.builder().indexName(index).build()).build();
  }

  private static void load(DynamoDbClient client, String table, int items, int groups) {
    List<WriteRequest> batch = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      batch.add(WriteRequest.builder().putRequest(PutRequest.builder()
          .item(item("pk", s("k" + i), "g", s("g" + (i % groups)), "v", n(String.valueOf(i)))).build()).build());
      if (batch.size() == 25 || i == items - 1) {
        List<WriteRequest> chunk = List.copyOf(batch);
        client.batchWriteItem(b -> b.requestItems(Map.of(table, chunk)));
        batch.clear();
      }
    }
  }

  private static GlobalSecondaryIndexDescription describeIndex(DynamoDbClient client, String table) {
    List<GlobalSecondaryIndexDescription> indexes = client.describeTable(b -> b.tableName(table)).table()
        .globalSecondaryIndexes();
    return indexes.isEmpty() ? null : indexes.get(0);
  }

  /** What the index must hold: every item of a full consistent Scan of the table that has g, per g value. */
  private static Map<String, List<String>> expectedByG(DynamoDbClient client, String table) {
    Map<String, List<String>> byG = new TreeMap<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse page = client.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
      for (Map<String, AttributeValue> i : page.items()) {
        if (i.containsKey("g")) {
          byG.computeIfAbsent(i.get("g").s(), g -> new ArrayList<>()).add(i.get("pk").s() + "=" + i.get("v").n());
        }
      }
      start = page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
    } while (start != null);
    byG.values().forEach(l -> l.sort(null));
    return byG;
  }

  /** What the index holds, read through a paginated Scan of it. */
  private static Map<String, List<String>> indexByG(DynamoDbClient client, String table, String index) {
    Map<String, List<String>> byG = new TreeMap<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse page = client.scan(b -> b.tableName(table).indexName(index).exclusiveStartKey(from));
      for (Map<String, AttributeValue> i : page.items()) {
        byG.computeIfAbsent(i.get("g").s(), g -> new ArrayList<>()).add(i.get("pk").s() + "=" + i.get("v").n());
      }
      start = page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
    } while (start != null);
    byG.values().forEach(l -> l.sort(null));
    return byG;
  }

  @Test
  void createdIndexIsBackfilledWhileWritesGoOnAndLosesNone() throws Exception {
    String table = table("gsi-backfill");
    load(ddb, table, 5000, 50);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int id = t;
      Thread w = new Thread(() -> {
        java.util.SplittableRandom random = new java.util.SplittableRandom(id);
        while (!stop.get()) {
          int k = random.nextInt(6000); // some new items, most existing ones
          int choice = random.nextInt(10);
          if (choice == 0) {
            ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("k" + k))));
          } else if (choice == 1) {
            ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("k" + k))).updateExpression("REMOVE g"));
          } else {
            int v = random.nextInt(1_000_000);
            ddb.putItem(b -> b.tableName(table).item(item("pk", s("k" + k), "g", s("g" + (v % 50)),
                "v", n(String.valueOf(v)))));
          }
          writes.incrementAndGet();
        }
      });
      w.start();
      writers.add(w);
    }
    Thread.sleep(100);
    TableDescription answer = ddb.updateTable(b -> b.tableName(table).attributeDefinitions(attribute("g", "S"))
        .globalSecondaryIndexUpdates(create("by-g", "g"))).tableDescription();
    assertEquals("UPDATING", answer.tableStatusAsString());
    GlobalSecondaryIndexDescription creating = answer.globalSecondaryIndexes().get(0);
    assertEquals("CREATING", creating.indexStatusAsString());
    assertEquals(Boolean.TRUE, creating.backfilling());
    List<String> readErrors = new ArrayList<>();
    GlobalSecondaryIndexDescription active = eventually(() -> {
      try {
        ddb.query(b -> b.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
            .expressionAttributeValues(Map.of(":g", s("g1"))));
      } catch (DynamoDbException e) {
        readErrors.add(e.awsErrorDetails().errorMessage());
      }
      return describeIndex(ddb, table);
    }, d -> "ACTIVE".equals(d.indexStatusAsString()));
    assertEquals("ACTIVE", active.indexStatusAsString());
    assertNull(active.backfilling());
    for (String e : readErrors) {
      assertEquals("Cannot read from backfilling global secondary index: by-g", e);
    }
    Thread.sleep(200); // writes after the backfill too
    stop.set(true);
    for (Thread w : writers) {
      w.join();
    }
    assertTrue(writes.get() > 100, "writers ran through the backfill: " + writes.get());
    Map<String, List<String>> expected = expectedByG(ddb, table);
    Map<String, List<String>> indexed = eventually(() -> indexByG(ddb, table, "by-g"), expected::equals);
    assertEquals(expected, indexed);
    assertEquals("ACTIVE", ddb.describeTable(b -> b.tableName(table)).table().tableStatusAsString());
    long count = expected.values().stream().mapToLong(List::size).sum();
    assertEquals(count, eventually(() -> describeIndex(ddb, table), d -> d.itemCount() == count).itemCount());
  }

  @Test
  void deletedIndexGoesAndTakesItsKeyDefinition() {
    String table = table("gsi-delete");
    load(ddb, table, 100, 5);
    ddb.updateTable(b -> b.tableName(table).attributeDefinitions(attribute("g", "S"))
        .globalSecondaryIndexUpdates(create("by-g", "g")));
    eventually(() -> describeIndex(ddb, table), d -> "ACTIVE".equals(d.indexStatusAsString()));
    TableDescription answer = ddb.updateTable(b -> b.tableName(table).globalSecondaryIndexUpdates(delete("by-g")))
        .tableDescription();
    assertEquals("DELETING", answer.globalSecondaryIndexes().get(0).indexStatusAsString());
    TableDescription after = ddb.describeTable(b -> b.tableName(table)).table();
    assertTrue(after.globalSecondaryIndexes().isEmpty());
    assertEquals(List.of("pk"), after.attributeDefinitions().stream().map(a -> a.attributeName()).toList(),
        "a deleted index's key attribute is no longer defined");
    assertError(DynamoDbException.class, "ValidationException", "The table does not have the specified index: by-g",
        () -> ddb.query(b -> b.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
            .expressionAttributeValues(Map.of(":g", s("g1")))));
    // and it can be created again, from the items as they are now
    ddb.updateTable(b -> b.tableName(table).attributeDefinitions(attribute("g", "S"))
        .globalSecondaryIndexUpdates(create("by-g", "g")));
    QueryResponse g1 = eventually(() -> {
      try {
        return ddb.query(b -> b.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
            .expressionAttributeValues(Map.of(":g", s("g1"))));
      } catch (DynamoDbException e) {
        return null;
      }
    }, q -> q != null && q.count() == 20);
    assertEquals(20, g1.count());
  }

  @Test
  void throughputOfAnIndexOfAProvisionedTableChanges() {
    String table = uniqueName("gsi-throughput");
    ddb.createTable(b -> b.tableName(table).attributeDefinitions(attribute("pk", "S"), attribute("g", "S"))
        .keySchema(key("pk", "HASH")).provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g").keySchema(key("g", "HASH"))
            .projection(ALL).provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L)).build()));
    GlobalSecondaryIndexUpdate raise = GlobalSecondaryIndexUpdate.builder().update(UpdateGlobalSecondaryIndexAction
        .builder().indexName("by-g").provisionedThroughput(t -> t.readCapacityUnits(7L).writeCapacityUnits(3L))
        .build()).build();
    ddb.updateTable(b -> b.tableName(table).globalSecondaryIndexUpdates(raise));
    GlobalSecondaryIndexDescription index = describeIndex(ddb, table);
    assertEquals(7L, index.provisionedThroughput().readCapacityUnits());
    assertEquals(3L, index.provisionedThroughput().writeCapacityUnits());
    assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.updateTable(b -> b.tableName(table).globalSecondaryIndexUpdates(raise)));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: by-h",
        () -> ddb.updateTable(b -> b.tableName(table).attributeDefinitions(attribute("h", "S"))
            .globalSecondaryIndexUpdates(create("by-h", "h"))));
  }

  @Test
  void updatesAreCheckedAsDynamoDbChecksThem() {
    String table = uniqueName("gsi-checks");
    ddb.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(attribute("pk", "S"), attribute("sk", "S"), attribute("l", "S"))
        .keySchema(key("pk", "HASH"), key("sk", "RANGE"))
        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-l").keySchema(key("pk", "HASH"),
            key("l", "RANGE")).projection(ALL).build()));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, "
            + "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null",
        () -> ddb.updateTable(b -> b.tableName(table)
            .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().build())));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Only one global secondary index action is allowed per "
            + "GlobalSecondaryIndexUpdate object",
        () -> ddb.updateTable(b -> b.tableName(table).globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
            .create(create("by-g", "g").create()).delete(delete("by-g").delete()).build())));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Only one global secondary index update per index is allowed "
            + "simultaneously. Index: by-g",
        () -> ddb.updateTable(b -> b.tableName(table).globalSecondaryIndexUpdates(create("by-g", "g"), delete("by-g"))));
    assertError(LimitExceededException.class, "LimitExceededException",
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
        () -> ddb.updateTable(b -> b.tableName(table).attributeDefinitions(attribute("g", "S"), attribute("h", "S"))
            .globalSecondaryIndexUpdates(create("by-g", "g"), create("by-h", "h"))));
    assertError(DynamoDbException.class, "ValidationException", "Attempting to create an index which already exists",
        () -> ddb.updateTable(b -> b.tableName(table).attributeDefinitions(attribute("l", "S"))
            .globalSecondaryIndexUpdates(create("by-l", "l"))));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: AttributeDefinitions is not specified for index: by-g",
        () -> ddb.updateTable(b -> b.tableName(table).globalSecondaryIndexUpdates(create("by-g", "g"))));
    assertError(ResourceNotFoundException.class, "ResourceNotFoundException", null,
        () -> ddb.updateTable(b -> b.tableName(table).globalSecondaryIndexUpdates(delete("nowhere"))));
    assertError(DynamoDbException.class, "ValidationException",
        "Cannot delete an index that is not a GlobalSecondaryIndex: by-l",
        () -> ddb.updateTable(b -> b.tableName(table).globalSecondaryIndexUpdates(delete("by-l"))));
    assertError(ResourceNotFoundException.class, "ResourceNotFoundException", "Requested resource not found",
        () -> ddb.updateTable(b -> b.tableName("nowhere-table").globalSecondaryIndexUpdates(delete("by-l"))));
    assertTrue(ddb.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().isEmpty(),
        "no failed request left an index behind");
  }

  @Test
  void indexesAreRebuiltFromTheTableOnRestart() throws Exception {
    java.nio.file.Path data = java.nio.file.Files.createTempDirectory("tidemark-gsi-restart");
    Map<String, List<String>> before;
    TestServer first = new TestServer(data, Map.of("tidemark.checkpoint-every", 50));
    try (DynamoDbClient client = first.client()) {
      client.createTable(b -> b.tableName("kept").billingMode("PAY_PER_REQUEST")
          .attributeDefinitions(attribute("pk", "S"), attribute("g", "S")).keySchema(key("pk", "HASH"))
          .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g").keySchema(key("g", "HASH"))
              .projection(ALL).build()));
      load(client, "kept", 300, 7);
      for (int i = 0; i < 300; i += 3) {
        int k = i;
        client.updateItem(b -> b.tableName("kept").key(Map.of("pk", s("k" + k))).updateExpression("SET g = :g")
            .expressionAttributeValues(Map.of(":g", s("moved"))));
      }
      before = expectedByG(client, "kept");
      Map<String, List<String>> expected = before;
      assertEquals(before, eventually(() -> indexByG(client, "kept", "by-g"), expected::equals));
    }
    first.stop();
    TestServer again = new TestServer(data);
    try (DynamoDbClient client = again.client()) {
      assertEquals(before, indexByG(client, "kept", "by-g"), "built from the table before the first request");
      assertEquals("ACTIVE", describeIndex(client, "kept").indexStatusAsString());
    } finally {
      again.close();
    }
  }
}
