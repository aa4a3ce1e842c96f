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
import java.util.concurrent.TimeUnit;
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
 * Eight Tidemark servers in processes of their own (as separate Lambda instances are) on one
 * table in one bucket, one of them frozen (SIGSTOP) in the middle of the load and thawed after the
 * others moved on: no update is lost or applied twice, and every condition held.
 */
class SharedLogProcessesTest {
  private static final int PROCESSES = 8;
  private static final int THREADS_PER_PROCESS = 2;
  private static final int INCREMENTS = 10;
  private static final int WITHDRAWALS = 10;

  @Test
  void processesSharingALogLoseNoUpdateEvenWhenOneIsFrozenMidLoad() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between processes");
    Path place = Files.createTempDirectory("tidemark-processes"); // names one place in the bucket for all
    TestServer creator = new TestServer(place);
    try (DynamoDbClient ddb = creator.client()) {
      ddb.createTable(b -> b.tableName("shared").billingMode("PAY_PER_REQUEST")
          .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
          .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build()));
      ddb.putItem(b -> b.tableName("shared").item(Map.of("pk", s("counter"), "n", n(0))));
      ddb.putItem(b -> b.tableName("shared").item(Map.of("pk", s("account"), "balance", n(100))));
    }
    creator.stop();
    ExecutorService pool = Executors.newFixedThreadPool(PROCESSES * THREADS_PER_PROCESS);
    List<Process> servers = new ArrayList<>();
    try {
      List<Future<Process>> starting = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        starting.add(pool.submit(() -> ChildServer.start(place, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"))));
      }
      for (Future<Process> f : starting) {
        servers.add(f.get());
      }
      List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger granted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Future<?>> work = new ArrayList<>();
      for (Process server : servers) {
        for (int t = 0; t < THREADS_PER_PROCESS; t++) {
          work.add(pool.submit(() -> {
            try (DynamoDbClient ddb = TestServer.client(ChildServer.endpointOf(server))) {
              for (int i = 0; i < INCREMENTS; i++) {
                seen.add(Integer.parseInt(ddb.updateItem(b -> b.tableName("shared").key(Map.of("pk", s("counter")))
                    .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n(1)))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes().get("n").n()));
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
      Process frozen = servers.get(0);
      Thread.sleep(300); // the load is under way
      signal("STOP", frozen);
      Thread.sleep(1500); // the others move the log on past whatever it was about to append
      signal("CONT", frozen);
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
      int total = PROCESSES * THREADS_PER_PROCESS * INCREMENTS;
      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= total; i++) {
        expected.add(i);
      }
      List<Integer> sorted = new ArrayList<>(seen);
      Collections.sort(sorted);
      assertEquals(expected, sorted, "every increment saw its own predecessor: none lost, none applied twice");
      assertEquals(100, granted.get(), "exactly the balance was withdrawn");
      assertEquals(PROCESSES * THREADS_PER_PROCESS * WITHDRAWALS - 100, refused.get());
      for (Process server : servers) {
        try (DynamoDbClient ddb = TestServer.client(ChildServer.endpointOf(server))) {
          assertEquals(Integer.toString(total), ddb.getItem(b -> b.tableName("shared")
              .key(Map.of("pk", s("counter"))).consistentRead(true)).item().get("n").n());
          assertEquals("0", ddb.getItem(b -> b.tableName("shared")
              .key(Map.of("pk", s("account"))).consistentRead(true)).item().get("balance").n());
        }
      }
    } finally {
      pool.shutdownNow();
      for (Process server : servers) {
        server.destroyForcibly().waitFor();
      }
      TestServer.deleteRecursively(place);
    }
  }

  private static void signal(String signal, Process process) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal);
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(int v) {
    return AttributeValue.fromN(Integer.toString(v));
  }
}
