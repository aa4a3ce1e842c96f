package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Several engine instances, each with its own views (as separate Lambda instances would be), on
 * one table in one bucket: every write is a race for the shard log's next object, a loser catches
 * up and evaluates its write again, so no update is lost or applied twice and conditions hold as
 * if one server had run them all, in some order.
 */
class SharedLogInstancesTest {
  private static final int INSTANCES = 8;
  private static final int THREADS_PER_INSTANCE = 2;

  @Test
  void instancesSharingALogLoseNoUpdateAndKeepEveryCondition() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-shared"); // names one place in the bucket for all of them
    List<TestServer> servers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(INSTANCES * THREADS_PER_INSTANCE);
    try {
      servers.add(new TestServer(place));
      try (DynamoDbClient ddb = servers.get(0).client()) {
        ddb.createTable(b -> b.tableName("shared").billingMode("PAY_PER_REQUEST")
            .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
            .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build()));
        ddb.putItem(b -> b.tableName("shared").item(Map.of("pk", s("counter"), "n", n(0))));
        ddb.putItem(b -> b.tableName("shared").item(Map.of("pk", s("account"), "balance", n(100))));
      }
      for (int i = 1; i < INSTANCES; i++) {
        servers.add(new TestServer(place)); // each opens the catalog and the log as they are now
      }
      int increments = 15;
      int withdrawals = 10;
      List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger granted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Future<?>> work = new ArrayList<>();
      for (TestServer server : servers) {
        for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
          work.add(pool.submit(() -> {
            try (DynamoDbClient ddb = server.client()) {
              for (int i = 0; i < increments; i++) {
                Map<String, AttributeValue> after = ddb.updateItem(b -> b.tableName("shared")
                    .key(Map.of("pk", s("counter"))).updateExpression("ADD n :one")
                    .expressionAttributeValues(Map.of(":one", n(1))).returnValues(ReturnValue.UPDATED_NEW)).attributes();
                seen.add(Integer.parseInt(after.get("n").n()));
              }
              for (int i = 0; i < withdrawals; i++) {
                try {
                  ddb.updateItem(b -> b.tableName("shared").key(Map.of("pk", s("account")))
                      .updateExpression("SET balance = balance - :one").conditionExpression("balance >= :one")
                      .expressionAttributeValues(Map.of(":one", n(1))));
                  granted.incrementAndGet();
                } catch (ConditionalCheckFailedException e) {
                  refused.incrementAndGet();
                }
              }
            }
            return null;
          }));
        }
      }
      for (Future<?> f : work) {
        f.get();
      }
      int total = INSTANCES * THREADS_PER_INSTANCE * increments; // (grows below)
      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= total; i++) {
        expected.add(i);
      }
      List<Integer> sorted = new ArrayList<>(seen);
      Collections.sort(sorted);
      assertEquals(expected, sorted, "every increment saw its own predecessor: none lost, none applied twice");
      assertEquals(100, granted.get(), "exactly the balance was withdrawn");
      assertEquals(INSTANCES * THREADS_PER_INSTANCE * withdrawals - 100, refused.get());
      for (TestServer server : servers) {
        try (DynamoDbClient ddb = server.client()) {
          Map<String, AttributeValue> counter = ddb.getItem(b -> b.tableName("shared")
              .key(Map.of("pk", s("counter"))).consistentRead(true)).item();
          assertEquals(Integer.toString(total), counter.get("n").n(), "a strongly consistent read catches up");
          Map<String, AttributeValue> account = ddb.getItem(b -> b.tableName("shared")
              .key(Map.of("pk", s("account"))).consistentRead(true)).item();
          assertEquals("0", account.get("balance").n());
        }
      }
      // every strongly consistent read catches up first: BatchGetItem's, and TransactGetItems' (always)
      try (DynamoDbClient ddb = servers.get(6).client()) {
        ddb.updateItem(b -> b.tableName("shared").key(Map.of("pk", s("counter"))).updateExpression("ADD n :one")
            .expressionAttributeValues(Map.of(":one", n(1))));
      }
      for (TestServer server : servers) {
        try (DynamoDbClient ddb = server.client()) {
          assertEquals(Integer.toString(total + 1), ddb.batchGetItem(b -> b.requestItems(Map.of("shared",
              software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                  .keys(Map.of("pk", s("counter"))).consistentRead(true).build())))
              .responses().get("shared").get(0).get("n").n());
          ddb.updateItem(b -> b.tableName("shared").key(Map.of("pk", s("counter"))).updateExpression("ADD n :one")
              .expressionAttributeValues(Map.of(":one", n(1))));
          total++;
        }
      }
      for (TestServer server : servers) {
        try (DynamoDbClient ddb = server.client()) {
          assertEquals(Integer.toString(total + 1), ddb.transactGetItems(b -> b.transactItems(
              software.amazon.awssdk.services.dynamodb.model.TransactGetItem.builder().get(g -> g.tableName("shared")
                  .key(Map.of("pk", s("counter")))).build())).responses().get(0).item().get("n").n());
        }
      }

      // a table one instance creates now, the others find in the catalog when first asked for it
      try (DynamoDbClient ddb = servers.get(3).client()) {
        ddb.createTable(b -> b.tableName("later").billingMode("PAY_PER_REQUEST")
            .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
            .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build()));
      }
      try (DynamoDbClient ddb = servers.get(5).client()) {
        ddb.putItem(b -> b.tableName("later").item(Map.of("pk", s("x"), "v", n(7))));
      }
      try (DynamoDbClient ddb = servers.get(0).client()) {
        assertEquals("7", ddb.getItem(b -> b.tableName("later").key(Map.of("pk", s("x"))).consistentRead(true))
            .item().get("v").n());
      }
      try (DynamoDbClient ddb = servers.get(7).client()) {
        assertEquals(List.of("later", "shared"), ddb.listTables().tableNames());
        assertEquals("ResourceInUseException", org.junit.jupiter.api.Assertions.assertThrows(
            software.amazon.awssdk.services.dynamodb.model.ResourceInUseException.class,
            () -> ddb.createTable(b -> b.tableName("later").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build())))
            .awsErrorDetails().errorCode());
      }
    } finally {
      pool.shutdownNow();
      for (TestServer server : servers) {
        server.stop();
      }
      TestServer.deleteRecursively(place);
    }
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(int v) {
    return AttributeValue.fromN(Integer.toString(v));
  }
}
