package io.tidemark.api;

import static io.tidemark.api.SharedStoreWorkload.addOne;
import static io.tidemark.api.SharedStoreWorkload.n;
import static io.tidemark.api.SharedStoreWorkload.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.log.Event;
import io.tidemark.log.EventLog;
import io.tidemark.storage.Storage;
import io.tidemark.view.Database;
import io.tidemark.view.TransactionDecisions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Transactions across shards of a shared store when their coordinator dies (a Lambda instance
 * frozen or ended mid-transaction): the prepared records such a coordinator leaves in the logs
 * count only once its decision object says committed. Each test plays the coordinator by writing
 * its records into the store directly, then checks what the instances make of them.
 */
class TransactionsAcrossShardsTest {

  /** A coordinator that prepared and died is aborted by the next instance that needs the shard. */
  @Test
  void aTransactionPreparedButNeverDecidedIsAbortedAfterTheTimeout() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-undecided");
    try (TestServer server = new TestServer(place); DynamoDbClient ddb = server.client()) {
      String left = createTableWithItem(ddb, "left", "a", 1);
      String right = createTableWithItem(ddb, "right", "z", 1);
      Storage storage = TestServer.storageFor(place);
      long leftSeq = lastSeq(storage, left) + 1;
      prepare(storage, left, "tx-undecided", "a", 99);
      prepare(storage, right, "tx-undecided", "z", 99);

      long started = System.nanoTime();
      ddb.putItem(b -> b.tableName("left").item(Map.of("pk", s("b"), "n", n(2)))); // waits, then aborts it
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(waitedMillis >= TransactionDecisions.DEFAULT_TIMEOUT_MILLIS - 100,
          "the writer waited for the coordinator first: " + waitedMillis + " ms");
      TransactionDecisions.Decision decision = new TransactionDecisions(storage.blobs(), 0).stored("tx-undecided");
      assertEquals(false, decision.committed());
      assertEquals(List.of(new TransactionDecisions.Participant(left, 0, leftSeq)), decision.participants(),
          "the abort names the record its writer met");
      assertEquals("1", consistentN(ddb, "left", "a"), "nothing of the aborted transaction counts");
      assertEquals("1", consistentN(ddb, "right", "z"));
      assertEquals("2", consistentN(ddb, "left", "b"));
      try (TestServer fresh = new TestServer(place); DynamoDbClient other = fresh.client()) {
        assertEquals("1", consistentN(other, "left", "a"));
        assertEquals("1", consistentN(other, "right", "z"));
        assertEquals("2", consistentN(other, "left", "b"));
      }
    } finally {
      TestServer.deleteRecursively(place);
    }
  }

  /**
   * A coordinator that died after its decision: every instance applies the transaction in both
   * tables, at the decision's commit time, so a point-in-time restore to a moment between its
   * prepared records and its decision has none of it.
   */
  @Test
  void aTransactionDecidedCommittedCountsEverywhereFromItsDecision() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-decided");
    try (TestServer server = new TestServer(place); DynamoDbClient ddb = server.client()) {
      String left = createTableWithItem(ddb, "left", "a", 1);
      String right = createTableWithItem(ddb, "right", "z", 1);
      ddb.updateContinuousBackups(b -> b.tableName("left")
          .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
      assertEquals("1", consistentN(ddb, "left", "a")); // the server has both tables open
      assertEquals("1", consistentN(ddb, "right", "z"));
      Storage storage = TestServer.storageFor(place);
      long leftSeq = lastSeq(storage, left) + 1;
      long rightSeq = lastSeq(storage, right) + 1;
      long preparedAt = prepare(storage, left, "tx-decided", "a", 99);
      prepare(storage, right, "tx-decided", "z", 99);
      long decidedAt = preparedAt + 2_000_000;
      Thread.sleep(2500); // the decision's time is now in the past
      assertTrue(new TransactionDecisions(storage.blobs(), 0).commit("tx-decided", decidedAt, List.of(
          new TransactionDecisions.Participant(left, 0, leftSeq), new TransactionDecisions.Participant(right, 0, rightSeq))));

      assertEquals("99", consistentN(ddb, "left", "a"));
      assertEquals("99", consistentN(ddb, "right", "z"));
      try (TestServer fresh = new TestServer(place); DynamoDbClient other = fresh.client()) {
        assertEquals("99", consistentN(other, "left", "a"));
        assertEquals("99", consistentN(other, "right", "z"));
      }
      // prepared before this moment, but decided after it: not in a restore to it
      restore(ddb, "left_between", Instant.ofEpochSecond(0, (preparedAt + 1_000_000) * 1000));
      assertEquals("1", consistentN(ddb, "left_between", "a"));
      restore(ddb, "left_after", Instant.ofEpochSecond(0, (decidedAt + 100_000) * 1000));
      assertEquals("99", consistentN(ddb, "left_after", "a"));
    } finally {
      TestServer.deleteRecursively(place);
    }
  }

  /**
   * A transaction across tables retried with its ClientRequestToken on other instances is applied
   * once: an instance with the tables open finds it in the logs it catches up with (its id carries
   * the token), one that starts later in the token's record.
   */
  @Test
  void aTransactionAcrossTablesRetriedOnAnotherInstanceIsNotAppliedTwice() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-token-across");
    try (TestServer first = new TestServer(place); TestServer second = new TestServer(place);
        DynamoDbClient a = first.client(); DynamoDbClient b = second.client()) {
      createTableWithItem(a, "left", "x", 0);
      createTableWithItem(a, "right", "y", 0);
      assertEquals("0", consistentN(b, "left", "x")); // the second has both tables open
      assertEquals("0", consistentN(b, "right", "y"));
      java.util.function.Consumer<DynamoDbClient> addOneToEach = ddb -> ddb.transactWriteItems(t -> t
          .clientRequestToken("retry-across-1").transactItems(addOne("left", "x", "n"), addOne("right", "y", "n")));
      addOneToEach.accept(a);
      addOneToEach.accept(b);
      addOneToEach.accept(a);
      try (TestServer third = new TestServer(place); DynamoDbClient c = third.client()) {
        addOneToEach.accept(c);
        for (DynamoDbClient ddb : List.of(a, b, c)) {
          assertEquals("1", consistentN(ddb, "left", "x"));
          assertEquals("1", consistentN(ddb, "right", "y"));
        }
      }
    } finally {
      TestServer.deleteRecursively(place);
    }
  }

  /**
   * An instance that starts from a checkpoint taken after a transaction, before the transaction's
   * client-token record reached the transaction log (deleted here to stand for that moment),
   * still answers a retry of it as done: the checkpoint carries the transactions of its last 10
   * minutes. Within one table and across two.
   */
  @Test
  void aRetryIsKnownFromTheCheckpointAnInstanceStartsFrom() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-token-checkpoint");
    TransactWriteItem addToX = addOne("left", "x", "n");
    TransactWriteItem addToY = addOne("right", "y", "n");
    try (TestServer first = new TestServer(place); DynamoDbClient a = first.client()) {
      String left = createTableWithItem(a, "left", "x", 0);
      String right = createTableWithItem(a, "right", "y", 0);
      a.transactWriteItems(t -> t.clientRequestToken("within-one").transactItems(addToX));
      a.transactWriteItems(t -> t.clientRequestToken("across-two").transactItems(addToX, addToY));
      Storage storage = TestServer.storageFor(place);
      for (String key : storage.blobs().list("txlog/")) {
        storage.blobs().delete(key); // the token records, not yet written
      }
      io.tidemark.recovery.Checkpointer checkpointer = new io.tidemark.recovery.Checkpointer(storage, 1);
      assertTrue(checkpointer.checkpointIfDue(left, 0, lastSeq(storage, left)) != null);
      assertTrue(checkpointer.checkpointIfDue(right, 0, lastSeq(storage, right)) != null);

      try (TestServer later = new TestServer(place); DynamoDbClient c = later.client()) {
        c.transactWriteItems(t -> t.clientRequestToken("within-one").transactItems(addToX));
        c.transactWriteItems(t -> t.clientRequestToken("across-two").transactItems(addToX, addToY));
        assertEquals("2", consistentN(c, "left", "x"), "each transaction applied once");
        assertEquals("1", consistentN(c, "right", "y"));
      }
    } finally {
      TestServer.deleteRecursively(place);
    }
  }

  /**
   * A backup taken while another instance decides a transaction across two shards of the table has
   * all of it or none: the backup's cut catches the shards up one after the other, and here the
   * transaction's record in the first shard is not there yet when it is caught up (as when the
   * coordinator prepares it just after) while its decision and its record in the second are. The
   * cut then ends before the transaction in the second shard.
   */
  @Test
  void aBackupCutWhileATransactionIsDecidedHasAllOfItOrNone() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between instances");
    Path place = Files.createTempDirectory("tidemark-backup-cut");
    try (TestServer server = new TestServer(place, Map.of("tidemark.shards-per-table", 2));
        DynamoDbClient ddb = server.client()) {
      SharedStoreWorkload.createTable(ddb, "split");
      String inFirst = keyInShard(0);
      String inSecond = keyInShard(1);
      ddb.putItem(b -> b.tableName("split").item(Map.of("pk", s(inFirst), "n", n(1))));
      ddb.putItem(b -> b.tableName("split").item(Map.of("pk", s(inSecond), "n", n(1))));
      String id = ddb.describeTable(b -> b.tableName("split")).table().tableId();
      Storage storage = TestServer.storageFor(place);
      long firstSeq = lastSeq(storage, id, 0) + 1;
      long secondSeq = lastSeq(storage, id, 1) + 1;
      long preparedAt = prepare(storage, id, 1, "tx-split", inSecond, 99);
      assertTrue(new TransactionDecisions(storage.blobs(), 0).commit("tx-split", preparedAt + 1, List.of(
          new TransactionDecisions.Participant(id, 0, firstSeq), new TransactionDecisions.Participant(id, 1, secondSeq))));

      String during = ddb.createBackup(b -> b.tableName("split").backupName("during")).backupDetails().backupArn();
      prepare(storage, id, 0, "tx-split", inFirst, 99); // now the transaction is whole in the logs
      String after = ddb.createBackup(b -> b.tableName("split").backupName("after")).backupDetails().backupArn();

      ddb.restoreTableFromBackup(b -> b.backupArn(during).targetTableName("split_during"));
      assertEquals("1", consistentN(ddb, "split_during", inFirst));
      assertEquals("1", consistentN(ddb, "split_during", inSecond), "none of the transaction, not half");
      ddb.restoreTableFromBackup(b -> b.backupArn(after).targetTableName("split_after"));
      assertEquals("99", consistentN(ddb, "split_after", inFirst));
      assertEquals("99", consistentN(ddb, "split_after", inSecond));
      assertEquals("99", consistentN(ddb, "split", inFirst));
      assertEquals("99", consistentN(ddb, "split", inSecond));
    } finally {
      TestServer.deleteRecursively(place);
    }
  }

  /** A partition key whose items are in this shard of a table of two (the partition hash's top bit). */
  private static String keyInShard(int shard) {
    for (int i = 0; ; i++) {
      if (io.tidemark.table.PartitionHash.of(io.tidemark.wire.AttributeValue.s("k" + i)) >>> 31 == shard) {
        return "k" + i;
      }
    }
  }

  private static String createTableWithItem(DynamoDbClient ddb, String table, String key, int value) {
    SharedStoreWorkload.createTable(ddb, table);
    ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(key), "n", n(value))));
    return ddb.describeTable(b -> b.tableName(table)).table().tableId();
  }

  /** Appends a prepared change of one item to the table's only shard, as a coordinator would; returns its time. */
  private static long prepare(Storage storage, String tableId, String txId, String key, int value) {
    return prepare(storage, tableId, 0, txId, key, value);
  }

  private static long prepare(Storage storage, String tableId, int shard, String txId, String key, int value) {
    try (EventLog log = storage.openLog(Database.shardPrefix(tableId, shard))) {
      long time = Math.max(System.currentTimeMillis() * 1000, log.lastCommitTime() + 1);
      Map<String, io.tidemark.wire.AttributeValue> keyAttributes = Map.of("pk", io.tidemark.wire.AttributeValue.s(key));
      Map<String, io.tidemark.wire.AttributeValue> item = Map.of("pk", io.tidemark.wire.AttributeValue.s(key),
          "n", io.tidemark.wire.AttributeValue.n(Integer.toString(value)));
      log.appendGroup(List.of(new Event(log.lastSeq() + 1, time, txId, "test", "TransactWriteItems", keyAttributes,
          null, item, true)), true);
      return time;
    }
  }

  private static long lastSeq(Storage storage, String tableId) {
    return lastSeq(storage, tableId, 0);
  }

  private static long lastSeq(Storage storage, String tableId, int shard) {
    try (EventLog log = storage.openLogReadOnly(Database.shardPrefix(tableId, shard))) {
      return log.lastSeq();
    }
  }

  private static String consistentN(DynamoDbClient ddb, String table, String key) {
    return ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s(key))).consistentRead(true)).item().get("n").n();
  }

  private static void restore(DynamoDbClient ddb, String target, Instant moment) {
    ddb.restoreTableToPointInTime(b -> b.sourceTableName("left").targetTableName(target).restoreDateTime(moment));
  }
}
