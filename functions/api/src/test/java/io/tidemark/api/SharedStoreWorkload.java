package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The multi-instance workload: servers sharing one store increment one counter and withdraw from
 * one balance of 100 with a condition, from several threads each. Passes only if every increment
 * saw its own predecessor (none lost, none applied twice), exactly the balance was withdrawn, and
 * every server reads the final state with a strongly consistent read.
 */
final class SharedStoreWorkload {
  static final String TABLE = "shared";
  private static final int BALANCE = 100;

  private SharedStoreWorkload() {}

  /** Something to do while the load runs (freeze a server, say). */
  interface DuringLoad {
    void run() throws Exception;
  }

  /** Creates the table with the counter at 0 and the balance at 100. */
  static void createTable(DynamoDbClient ddb, String table) {
    ddb.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build()));
    if (table.equals(TABLE)) {
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("counter"), "n", n(0))));
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("account"), "balance", n(BALANCE))));
    }
  }

  /** Runs the load against every endpoint and checks it; returns the counter's final value. */
  static int run(List<URI> endpoints, int threadsPerEndpoint, int rounds, DuringLoad duringLoad) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(endpoints.size() * threadsPerEndpoint);
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger granted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    try {
      List<Future<?>> work = new ArrayList<>();
      for (URI endpoint : endpoints) {
        for (int t = 0; t < threadsPerEndpoint; t++) {
          work.add(pool.submit(() -> {
            try (DynamoDbClient ddb = TestServer.client(endpoint)) {
              for (int i = 0; i < rounds; i++) {
                seen.add(Integer.parseInt(increment(ddb).get("n").n()));
                try {
                  ddb.updateItem(b -> b.tableName(TABLE).key(Map.of("pk", s("account")))
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
      duringLoad.run();
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int total = endpoints.size() * threadsPerEndpoint * rounds;
    List<Integer> expected = new ArrayList<>();
    for (int i = 1; i <= total; i++) {
      expected.add(i);
    }
    List<Integer> sorted = new ArrayList<>(seen);
    Collections.sort(sorted);
    assertEquals(expected, sorted, "every increment saw its own predecessor: none lost, none applied twice");
    assertEquals(BALANCE, granted.get(), "exactly the balance was withdrawn");
    assertEquals(total - BALANCE, refused.get());
    for (URI endpoint : endpoints) {
      try (DynamoDbClient ddb = TestServer.client(endpoint)) {
        assertEquals(Integer.toString(total), ddb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("counter")))
            .consistentRead(true)).item().get("n").n(), "a strongly consistent read catches up");
        assertEquals("0", ddb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("account")))
            .consistentRead(true)).item().get("balance").n());
      }
    }
    return total;
  }

  /** ADD 1 to the counter; the counter as it is after. */
  static Map<String, AttributeValue> increment(DynamoDbClient ddb) {
    return ddb.updateItem(b -> b.tableName(TABLE).key(Map.of("pk", s("counter"))).updateExpression("ADD n :one")
        .expressionAttributeValues(Map.of(":one", n(1))).returnValues(ReturnValue.UPDATED_NEW)).attributes();
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(int v) {
    return AttributeValue.fromN(Integer.toString(v));
  }
}
