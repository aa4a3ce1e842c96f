package io.tidemark.api;

import static io.tidemark.api.GlobalIndexQueryTest.attribute;
import static io.tidemark.api.GlobalIndexQueryTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.recovery.GarbageCollector;
import io.tidemark.view.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Retention: old checkpoints and log segments go once nothing needs them — not the table, not its
 * recovery window, not a backup — and every restore still matches, with retention run between
 * every step while other writers keep the logs rolling.
 */
class RetentionTest {
  @org.junit.jupiter.api.BeforeAll
  static void notOnS3Yet() {
    // the server does not run retention on S3 yet: deleting log objects first needs the low-water
    // mark that keeps a stalled instance from re-creating one ("no resurrection", DESIGN.md)
    org.junit.jupiter.api.Assumptions.assumeFalse(TestServer.onS3(), "retention is not enabled on S3 storage yet");
  }

  private static final GarbageCollector.Settings NOW = new GarbageCollector.Settings(0, 0);

  private static Map<String, Map<String, AttributeValue>> contents(DynamoDbClient ddb, String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    ddb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> {
      if (i.get("pk").s().startsWith("t")) { // the test's own items, not the background writers'
        items.put(i.get("pk").s(), i);
      }
    });
    return items;
  }

  private static void write(DynamoDbClient ddb, String table, int from, int to, String version) {
    for (int i = from; i < to; i++) {
      int n = i;
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("t" + n),
          "v", AttributeValue.fromS(version))));
    }
  }

  private static long files(Path data, String part) throws Exception {
    try (Stream<Path> all = Files.walk(data)) {
      return all.filter(p -> p.toString().contains(part)).count();
    }
  }

  @Test
  void everyRestoreMatchesWithRetentionBetweenEveryStep() throws Exception {
    Path data = Files.createTempDirectory("tidemark-retention");
    try (TestServer server = new TestServer(data, Map.of("tidemark.checkpoint-every", 30, "tidemark.shards-per-table", 2));
        DynamoDbClient ddb = server.client()) {
      Database db = server.context().getBean(Database.class);
      GarbageCollector collector = new GarbageCollector(db, NOW);
      java.util.concurrent.atomic.AtomicInteger deleted = new java.util.concurrent.atomic.AtomicInteger();
      Runnable gc = () -> {
        GarbageCollector.Report r = collector.collect();
        deleted.addAndGet(r.checkpoints() + r.segments());
      };
      ddb.createTable(b -> b.tableName("kept").billingMode("PAY_PER_REQUEST").attributeDefinitions(attribute("pk", "S"))
          .keySchema(key("pk", "HASH")));
      AtomicBoolean stop = new AtomicBoolean();
      Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
      Thread writer = new Thread(() -> {
        try (DynamoDbClient client = server.client()) {
          for (int v = 0; !stop.get(); v++) {
            String pk = "w" + (v % 50);
            int version = v;
            client.putItem(b -> b.tableName("kept").item(Map.of("pk", AttributeValue.fromS(pk),
                "v", AttributeValue.fromN(Integer.toString(version)))));
            acknowledged.put(pk, version);
          }
        }
      });
      writer.start();
      try {
        write(ddb, "kept", 0, 40, "one");
        gc.run();
        ddb.updateContinuousBackups(b -> b.tableName("kept")
            .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        gc.run();
        write(ddb, "kept", 20, 60, "two");
        Map<String, Map<String, AttributeValue>> atBackup = contents(ddb, "kept");
        String backup = ddb.createBackup(b -> b.tableName("kept").backupName("first")).backupDetails().backupArn();
        gc.run();
        Thread.sleep(5);
        Instant moment = Instant.now();
        Thread.sleep(5);
        gc.run();
        write(ddb, "kept", 0, 80, "three");
        gc.run();
        Map<String, Map<String, AttributeValue>> latest = contents(ddb, "kept");
        ddb.restoreTableFromBackup(b -> b.backupArn(backup).targetTableName("from-backup"));
        gc.run();
        assertEquals(atBackup, contents(ddb, "from-backup"));
        ddb.restoreTableToPointInTime(b -> b.sourceTableName("kept").targetTableName("at-moment").restoreDateTime(moment));
        gc.run();
        assertEquals(atBackup, contents(ddb, "at-moment"), "nothing was written between the backup and the moment");
        write(ddb, "kept", 0, 30, "four");
        gc.run();
        assertEquals(atBackup, contents(ddb, "from-backup"), "restored tables stand alone");
        ddb.restoreTableToPointInTime(b -> b.sourceTableName("kept").targetTableName("at-moment-again")
            .restoreDateTime(moment));
        assertEquals(atBackup, contents(ddb, "at-moment-again"), "the window still reaches the moment after retention");
        assertFalse(latest.equals(contents(ddb, "kept")));
      } finally {
        stop.set(true);
        writer.join();
      }
      assertTrue(deleted.get() > 0, "retention deleted what the steps no longer needed");
      // the background writer's acknowledged writes are all there after every retention pass
      gc.run();
      for (Map.Entry<String, Integer> e : acknowledged.entrySet()) {
        assertEquals(Integer.toString(e.getValue()), ddb.getItem(b -> b.tableName("kept")
            .key(Map.of("pk", AttributeValue.fromS(e.getKey()))).consistentRead(true)).item().get("v").n(), e.getKey());
      }
      // with the table deleted, its backup still restores
      String tableId = ddb.describeTable(b -> b.tableName("kept")).table().tableId();
      String backup = ddb.listBackups(b -> b.tableName("kept")).backupSummaries().get(0).backupArn();
      Map<String, Map<String, AttributeValue>> atBackup = contents(ddb, "from-backup");
      ddb.deleteTable(b -> b.tableName("kept"));
      gc.run();
      ddb.restoreTableFromBackup(b -> b.backupArn(backup).targetTableName("after-delete"));
      assertEquals(atBackup, contents(ddb, "after-delete"));
      assertTrue(files(data, tableId) > 0);
      ddb.deleteBackup(b -> b.backupArn(backup));
      gc.run();
      assertTrue(files(data, tableId) > 0, "the system backup its deletion left (point-in-time recovery was on) keeps them");
      assertEquals(1, ddb.listBackups(b -> b.tableName("kept").backupType("SYSTEM")).backupSummaries().size());
    }
  }

  @Test
  void historyBeyondRetentionIsGoneAndSaysSo() throws Exception {
    Path data = Files.createTempDirectory("tidemark-retention-gone");
    TestServer server = new TestServer(data, Map.of("tidemark.checkpoint-every", 20));
    try (DynamoDbClient ddb = server.client()) {
      Database db = server.context().getBean(Database.class);
      ddb.createTable(b -> b.tableName("short").billingMode("PAY_PER_REQUEST").attributeDefinitions(attribute("pk", "S"))
          .keySchema(key("pk", "HASH")));
      write(ddb, "short", 0, 10, "one");
      Thread.sleep(5);
      String early = Instant.now().toString();
      for (int round = 0; round < 5; round++) {
        write(ddb, "short", 0, 30, "round" + round);
      }
      db.table("short").shards()[0].awaitCheckpoint();
      long segmentsBefore = files(data, ".seg");
      GarbageCollector.Report report = new GarbageCollector(db, NOW).collect();
      assertTrue(report.segments() > 0 && files(data, ".seg") < segmentsBefore,
          "without point-in-time recovery only the table's own state is kept: " + report);
      DynamoDbException gone = org.junit.jupiter.api.Assertions.assertThrows(DynamoDbException.class,
          () -> ddb.getItem(b -> b.tableName("short").key(Map.of("pk", AttributeValue.fromS("t1")))
              .overrideConfiguration(o -> o.putHeader("X-Tidemark-As-Of", early))));
      assertTrue(gone.awsErrorDetails().errorMessage().contains("older than what retention keeps"),
          gone.awsErrorDetails().errorMessage());
      assertEquals("round4", ddb.getItem(b -> b.tableName("short").key(Map.of("pk", AttributeValue.fromS("t1"))))
          .item().get("v").s(), "the table itself is whole");
    }
    server.stop();
    // and it restarts from what retention kept
    try (TestServer again = new TestServer(data); DynamoDbClient ddb = again.client()) {
      assertEquals(30, ddb.scan(b -> b.tableName("short")).count());
    }
  }

  @Test
  void restoredTableRestartsFromItsSourcesFilesUntilItHasCheckpointsOfItsOwn() throws Exception {
    Path data = Files.createTempDirectory("tidemark-copy-on-write");
    String copyId;
    Map<String, Map<String, AttributeValue>> expected;
    TestServer server = new TestServer(data);
    try (DynamoDbClient ddb = server.client()) {
      ddb.createTable(b -> b.tableName("origin").billingMode("PAY_PER_REQUEST").attributeDefinitions(attribute("pk", "S"))
          .keySchema(key("pk", "HASH")));
      write(ddb, "origin", 0, 25, "one");
      String backup = ddb.createBackup(b -> b.tableName("origin").backupName("base")).backupDetails().backupArn();
      write(ddb, "origin", 0, 25, "two");
      copyId = ddb.restoreTableFromBackup(b -> b.backupArn(backup).targetTableName("copy")).tableDescription().tableId();
      write(ddb, "copy", 25, 30, "own");
      expected = contents(ddb, "copy");
      assertEquals(30, expected.size());
    }
    server.stop();
    // as if the copy had been killed before its first checkpoint: only its source's files and its own log remain
    try (Stream<Path> files = Files.walk(data.resolve("tables").resolve(copyId))) {
      for (Path p : files.filter(p -> p.toString().contains("/ckpt/")).toList()) {
        Files.delete(p);
      }
    }
    try (TestServer again = new TestServer(data); DynamoDbClient ddb = again.client()) {
      assertEquals(expected, contents(ddb, "copy"), "the backup's items from the source's files, then the copy's own writes");
      assertEquals("two", ddb.getItem(b -> b.tableName("origin").key(Map.of("pk", AttributeValue.fromS("t1"))))
          .item().get("v").s(), "the source is its own");
    }
  }
}
