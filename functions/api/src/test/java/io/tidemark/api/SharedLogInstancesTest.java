package io.tidemark.api;

import static io.tidemark.api.SharedStoreWorkload.TABLE;
import static io.tidemark.api.SharedStoreWorkload.n;
import static io.tidemark.api.SharedStoreWorkload.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;

/**
 * Several engine instances, each with its own views (as separate Lambda instances would be), on
 * one table in one bucket: every write is a race for the shard log's next object, a loser catches
 * up and evaluates its write again, so no update is lost or applied twice and conditions hold as
 * if one server had run them all, in some order. Then every kind of strongly consistent read, and
 * a table created by one instance after the others opened.
 */
class SharedLogInstancesTest {
  private static final int INSTANCES = 8;

  @Test
  void instancesSharingALogLoseNoUpdateAndKeepEveryCondition() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-shared"); // names one place in the bucket for all of them
    List<TestServer> servers = new ArrayList<>();
    try {
      servers.add(new TestServer(place));
      try (DynamoDbClient ddb = servers.get(0).client()) {
        SharedStoreWorkload.createTable(ddb, TABLE);
      }
      for (int i = 1; i < INSTANCES; i++) {
        servers.add(new TestServer(place)); // each opens the catalog and the log as they are now
      }
      int counter = SharedStoreWorkload.run(servers.stream().map(TestServer::endpoint).toList(), 2, 10, () -> { });

      // every strongly consistent read catches up first: BatchGetItem's, and TransactGetItems' (always)
      for (TestServer server : servers) {
        try (DynamoDbClient other = servers.get((servers.indexOf(server) + 1) % INSTANCES).client();
            DynamoDbClient ddb = server.client()) {
          SharedStoreWorkload.increment(other);
          counter++;
          assertEquals(Integer.toString(counter), ddb.batchGetItem(b -> b.requestItems(Map.of(TABLE,
              KeysAndAttributes.builder().keys(Map.of("pk", s("counter"))).consistentRead(true).build())))
              .responses().get(TABLE).get(0).get("n").n());
          SharedStoreWorkload.increment(other);
          counter++;
          assertEquals(Integer.toString(counter), ddb.transactGetItems(b -> b.transactItems(TransactGetItem.builder()
              .get(g -> g.tableName(TABLE).key(Map.of("pk", s("counter")))).build())).responses().get(0).item()
              .get("n").n());
        }
      }

      // a table one instance creates now, the others find in the catalog when first asked for it
      try (DynamoDbClient ddb = servers.get(3).client()) {
        SharedStoreWorkload.createTable(ddb, "later");
      }
      try (DynamoDbClient ddb = servers.get(5).client()) {
        ddb.putItem(b -> b.tableName("later").item(Map.of("pk", s("x"), "v", n(7))));
      }
      try (DynamoDbClient ddb = servers.get(0).client()) {
        assertEquals("7", ddb.getItem(b -> b.tableName("later").key(Map.of("pk", s("x"))).consistentRead(true))
            .item().get("v").n());
      }
      try (DynamoDbClient ddb = servers.get(7).client()) {
        assertEquals(List.of("later", TABLE, SharedStoreWorkload.OTHER_TABLE), ddb.listTables().tableNames());
        assertEquals("ResourceInUseException", assertThrows(ResourceInUseException.class,
            () -> SharedStoreWorkload.createTable(ddb, "later")).awsErrorDetails().errorCode());
      }
    } finally {
      for (TestServer server : servers) {
        server.stop();
      }
      TestServer.deleteRecursively(place);
    }
  }

  /**
   * A TransactWriteItems retried with its ClientRequestToken on another instance (a Lambda retry
   * lands wherever it lands) is answered as done, not applied again: an instance that has the
   * table open finds the transaction, whose id comes from the token, in the log it catches up
   * with; one that opens the table later, in the log's tail it reads; one that starts later, in
   * the token's record in the transaction log.
   */
  @Test
  void aTransactionRetriedOnAnotherInstanceIsNotAppliedTwice() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-token");
    try (TestServer first = new TestServer(place); TestServer second = new TestServer(place);
        TestServer third = new TestServer(place); DynamoDbClient a = first.client(); DynamoDbClient b = second.client();
        DynamoDbClient c = third.client()) {
      c.listTables(); // the third has started: it will open the table only when first asked for it
      SharedStoreWorkload.createTable(a, "tokens");
      assertEquals(0, b.scan(r -> r.tableName("tokens")).count()); // the second has the table open
      java.util.function.Consumer<DynamoDbClient> addOne = ddb -> ddb.transactWriteItems(t -> t
          .clientRequestToken("retry-me-1").transactItems(software.amazon.awssdk.services.dynamodb.model.TransactWriteItem
              .builder().update(u -> u.tableName("tokens").key(Map.of("pk", s("x"))).updateExpression("ADD n :one")
                  .expressionAttributeValues(Map.of(":one", n(1)))).build()));
      addOne.accept(a);
      addOne.accept(b); // the same request again: the second catches up and finds it
      addOne.accept(c); // the third opens the table now and finds it in the log's tail
      addOne.accept(a);
      for (DynamoDbClient ddb : List.of(a, b, c)) {
        assertEquals("1", ddb.getItem(g -> g.tableName("tokens").key(Map.of("pk", s("x"))).consistentRead(true))
            .item().get("n").n());
      }
      // one that starts later knows the token from the transaction log
      try (TestServer fourth = new TestServer(place); DynamoDbClient d = fourth.client()) {
        addOne.accept(d);
        assertEquals("1", d.getItem(g -> g.tableName("tokens").key(Map.of("pk", s("x"))).consistentRead(true))
            .item().get("n").n());
      }
    } finally {
      TestServer.deleteRecursively(place);
    }
  }

  /**
   * A condition that fails on an instance's view of a shared log is checked again on the log's
   * current state before the write is refused: the view may be behind another instance's write
   * (by up to the staleness bound), and DynamoDB evaluates conditions on the latest committed
   * item. A refusal on stale data would make a write that should succeed fail, as a conditional
   * PutItem, a one-shard transaction and a transaction across tables.
   */
  @Test
  void aConditionIsNeverRefusedOnAStaleView() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-stale-refusal");
    try (TestServer first = new TestServer(place); TestServer second = new TestServer(place);
        DynamoDbClient a = first.client(); DynamoDbClient b = second.client()) {
      SharedStoreWorkload.createTable(a, "funds");
      SharedStoreWorkload.createTable(a, "other");
      a.putItem(r -> r.tableName("funds").item(Map.of("pk", s("x"), "balance", n(0))));
      a.putItem(r -> r.tableName("other").item(Map.of("pk", s("y"), "balance", n(0))));
      // the second instance opens both tables, seeing a balance of 0 in each
      assertEquals("0", b.getItem(r -> r.tableName("funds").key(Map.of("pk", s("x")))).item().get("balance").n());
      assertEquals("0", b.getItem(r -> r.tableName("other").key(Map.of("pk", s("y")))).item().get("balance").n());

      a.putItem(r -> r.tableName("funds").item(Map.of("pk", s("x"), "balance", n(3))));
      b.updateItem(r -> r.tableName("funds").key(Map.of("pk", s("x"))).updateExpression("SET balance = balance - :one")
          .conditionExpression("balance >= :one").expressionAttributeValues(Map.of(":one", n(1))));

      a.putItem(r -> r.tableName("funds").item(Map.of("pk", s("x"), "balance", n(3))));
      b.transactWriteItems(t -> t.transactItems(SharedStoreWorkload.takeOne("funds", "x")));

      a.putItem(r -> r.tableName("other").item(Map.of("pk", s("y"), "balance", n(3))));
      b.transactWriteItems(t -> t.transactItems(SharedStoreWorkload.takeOne("other", "y"),
          SharedStoreWorkload.addOne("funds", "x", "balance")));

      assertEquals("3", a.getItem(r -> r.tableName("funds").key(Map.of("pk", s("x"))).consistentRead(true)).item()
          .get("balance").n());
      assertEquals("2", a.getItem(r -> r.tableName("other").key(Map.of("pk", s("y"))).consistentRead(true)).item()
          .get("balance").n());
    } finally {
      TestServer.deleteRecursively(place);
    }
  }

  /**
   * UpdateTable, DeleteTable and a CreateTable of the same name on one instance are seen by another
   * that has the table open within the staleness bound: it reads the table's catalog entry at most
   * once per bound and opens the table again when it differs.
   */
  @Test
  void tableChangesMadeElsewhereAreSeenWithinTheBound() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-catalog");
    Map<String, Object> settings = Map.of("tidemark.max-staleness-ms", 200);
    try (TestServer first = new TestServer(place, settings); TestServer second = new TestServer(place, settings);
        DynamoDbClient a = first.client(); DynamoDbClient b = second.client()) {
      SharedStoreWorkload.createTable(a, "changing");
      b.putItem(p -> p.tableName("changing").item(Map.of("pk", s("x"))));
      a.updateTable(u -> u.tableName("changing").billingMode("PROVISIONED")
          .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(7L)));
      Thread.sleep(300);
      assertEquals(7L, b.describeTable(d -> d.tableName("changing")).table().provisionedThroughput().writeCapacityUnits());
      assertEquals(1, b.scan(r -> r.tableName("changing")).count(), "opened again from storage, items and all");

      a.deleteTable(d -> d.tableName("changing"));
      Thread.sleep(300);
      assertThrows(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class,
          () -> b.getItem(g -> g.tableName("changing").key(Map.of("pk", s("x")))));

      SharedStoreWorkload.createTable(a, "changing"); // another table under the same name
      a.putItem(p -> p.tableName("changing").item(Map.of("pk", s("y"))));
      Thread.sleep(300);
      assertEquals(List.of(Map.of("pk", s("y"))), b.scan(r -> r.tableName("changing").consistentRead(true)).items());
    } finally {
      TestServer.deleteRecursively(place);
    }
  }

  /**
   * Two instances changing one table: the catalog entry is replaced only if it still says what the
   * changing instance believes (If-Match), so the one that had not seen the other's change gets
   * ResourceInUseException, as DynamoDB answers an UpdateTable while another is under way, and
   * its retry applies to the table as it now is.
   */
  @Test
  void concurrentTableChangesDoNotOverwriteEachOther() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-cas");
    Map<String, Object> settings = Map.of("tidemark.max-staleness-ms", 600_000); // neither rereads on its own
    try (TestServer first = new TestServer(place, settings); TestServer second = new TestServer(place, settings);
        DynamoDbClient a = first.client(); DynamoDbClient b = second.client()) {
      SharedStoreWorkload.createTable(a, "contested");
      b.describeTable(d -> d.tableName("contested")); // the second has it open
      a.updateTable(u -> u.tableName("contested").billingMode("PROVISIONED")
          .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)));
      ResourceInUseException refused = assertThrows(ResourceInUseException.class,
          () -> b.updateTable(u -> u.tableName("contested").deletionProtectionEnabled(true)));
      assertEquals("Attempt to change a resource which is still in use: Table is being updated: contested",
          refused.awsErrorDetails().errorMessage());
      b.updateTable(u -> u.tableName("contested").deletionProtectionEnabled(true));
      var table = a.describeTable(d -> d.tableName("contested")).table();
      assertEquals(5L, table.provisionedThroughput().writeCapacityUnits(), "the first change kept");
      assertEquals(true, b.describeTable(d -> d.tableName("contested")).table().deletionProtectionEnabled());
    } finally {
      TestServer.deleteRecursively(place);
    }
  }

  /**
   * An instance that only reads, eventually consistently, still sees what another instance wrote
   * once its view is older than the staleness bound (tidemark.max-staleness-ms), as a DynamoDB
   * read is usually consistent within a second; within the bound it asks S3 nothing.
   */
  @Test
  void eventuallyConsistentReadsAreStaleForAtMostTheBound() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-staleness");
    Map<String, Object> settings = Map.of("tidemark.max-staleness-ms", 300);
    try (TestServer writer = new TestServer(place, settings); DynamoDbClient w = writer.client()) {
      SharedStoreWorkload.createTable(w, "stale");
      w.putItem(b -> b.tableName("stale").item(Map.of("pk", s("x"), "v", n(1))));
      try (TestServer reader = new TestServer(place, settings); DynamoDbClient r = reader.client()) {
        assertEquals("1", r.getItem(b -> b.tableName("stale").key(Map.of("pk", s("x")))).item().get("v").n());
        w.putItem(b -> b.tableName("stale").item(Map.of("pk", s("x"), "v", n(2))));
        Thread.sleep(400);
        assertEquals("2", r.getItem(b -> b.tableName("stale").key(Map.of("pk", s("x")))).item().get("v").n());
        assertEquals(1, r.scan(b -> b.tableName("stale")).count());
      }
    } finally {
      TestServer.deleteRecursively(place);
    }
  }
}
