package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * Kills the server with SIGKILL in the middle of a concurrent write load, restarts it on the same
 * data directory, and checks that every acknowledged write is there and that every conditional
 * increment was applied exactly once. Twice, so recovery of a recovered log is covered too.
 */
class CrashRecoveryTest {
  private static final int WRITERS = 8;

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    Path data = Files.createTempDirectory("tidemark-crash");
    List<String> acknowledged = new ArrayList<>();
    AtomicLongArray counters = new AtomicLongArray(WRITERS);
    try {
      Process server = start(data);
      try {
        try (DynamoDbClient ddb = TestServer.client(endpointOf(server))) {
          createTable(ddb, "puts");
          createTable(ddb, "counters");
          for (int w = 0; w < WRITERS; w++) {
            int ww = w;
            ddb.putItem(b -> b.tableName("counters").item(Map.of("pk", AttributeValue.fromS("c" + ww),
                "n", AttributeValue.fromN("0"), "hist", AttributeValue.fromL(List.of()))));
          }
        }
        for (int round = 0; round < 2; round++) {
          acknowledged.addAll(loadAndKill(server, round, counters));
          server = start(data);
          verify(endpointOf(server), acknowledged, counters);
        }
      } finally {
        server.destroyForcibly().waitFor();
      }
    } finally {
      TestServer.deleteRecursively(data);
    }
  }

  @Test
  void sigtermShutsDownCleanly() throws Exception {
    Path data = Files.createTempDirectory("tidemark-sigterm");
    try {
      Process server = start(data);
      try (DynamoDbClient ddb = TestServer.client(endpointOf(server))) {
        createTable(ddb, "clean");
        ddb.putItem(b -> b.tableName("clean").item(Map.of("pk", AttributeValue.fromS("kept"))));
      }
      server.destroy(); // SIGTERM
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server stopped on SIGTERM");
      assertTrue(TestServer.storageFor(data).blobs().list("tables/").stream().anyMatch(k -> k.contains("/ckpt/")),
          "a final checkpoint was written");
      server = start(data);
      try (DynamoDbClient ddb = TestServer.client(endpointOf(server))) {
        assertTrue(ddb.getItem(b -> b.tableName("clean").key(Map.of("pk", AttributeValue.fromS("kept")))).hasItem());
      } finally {
        server.destroyForcibly().waitFor();
      }
    } finally {
      TestServer.deleteRecursively(data);
    }
  }

  /**
   * Writers keep moving items within a local secondary index (changing its sort key, adding and
   * removing it) when the server is killed; after the restart, the index of every partition holds
   * exactly the table's items that have the index key, in index order.
   */
  @Test
  void localIndexesMatchTheirTableAfterSigkill() throws Exception {
    Path data = Files.createTempDirectory("tidemark-lsi-crash");
    try {
      Process server = start(data, "--shards", "2");
      try {
        URI endpoint = endpointOf(server);
        try (DynamoDbClient ddb = TestServer.client(endpoint)) {
          ddb.createTable(b -> b.tableName("ranked").billingMode(BillingMode.PAY_PER_REQUEST)
              .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build(),
                  AttributeDefinition.builder().attributeName("sk").attributeType("S").build(),
                  AttributeDefinition.builder().attributeName("rank").attributeType("N").build())
              .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                  KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
              .localSecondaryIndexes(l -> l.indexName("by-rank").projection(p -> p.projectionType("ALL"))
                  .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                      KeySchemaElement.builder().attributeName("rank").keyType(KeyType.RANGE).build())));
        }
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
          long seed = w;
          pool.submit(() -> {
            java.util.Random random = new java.util.Random(seed);
            try (DynamoDbClient ddb = TestServer.client(endpoint)) {
              while (!stop.get()) {
                Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("p" + random.nextInt(5)),
                    "sk", AttributeValue.fromS("s" + random.nextInt(40)));
                try {
                  if (random.nextInt(4) == 0) {
                    ddb.updateItem(b -> b.tableName("ranked").key(key).updateExpression("REMOVE #r")
                        .expressionAttributeNames(Map.of("#r", "rank")));
                  } else {
                    ddb.updateItem(b -> b.tableName("ranked").key(key).updateExpression("SET #r = :r")
                        .expressionAttributeNames(Map.of("#r", "rank"))
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromN(Integer.toString(random.nextInt(100))))));
                  }
                  writes.incrementAndGet();
                } catch (RuntimeException e) {
                  return null; // the server is gone
                }
              }
            }
            return null;
          });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (writes.get() < 400 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        server.destroyForcibly();
        server.waitFor();
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        server = start(data, "--shards", "2");
        try (DynamoDbClient ddb = TestServer.client(endpointOf(server))) {
          for (int p = 0; p < 5; p++) {
            AttributeValue pk = AttributeValue.fromS("p" + p);
            List<Map<String, AttributeValue>> expected = new ArrayList<>();
            ddb.queryPaginator(b -> b.tableName("ranked").keyConditionExpression("pk = :p").consistentRead(true)
                .expressionAttributeValues(Map.of(":p", pk))).items().forEach(i -> {
                  if (i.containsKey("rank")) {
                    expected.add(i);
                  }
                });
            expected.sort(java.util.Comparator.<Map<String, AttributeValue>>comparingInt(i -> Integer.parseInt(i.get("rank").n()))
                .thenComparing(i -> i.get("sk").s()));
            List<Map<String, AttributeValue>> indexed = new ArrayList<>();
            ddb.queryPaginator(b -> b.tableName("ranked").indexName("by-rank").keyConditionExpression("pk = :p")
                .consistentRead(true).expressionAttributeValues(Map.of(":p", pk))).items().forEach(indexed::add);
            assertEquals(expected, indexed, "the index of " + pk.s() + " matches its table after the restart");
          }
        }
      } finally {
        server.destroyForcibly().waitFor();
      }
    } finally {
      TestServer.deleteRecursively(data);
    }
  }

  private static final int ACCOUNTS_PER_TABLE = 20;
  private static final long OPENING_BALANCE = 1000;
  private static final String[] ACCOUNT_TABLES = {"accounts-a", "accounts-b"};

  /**
   * Transfers between accounts in two tables of four shards (so transactions span shards and
   * tables), from many threads, with a condition that no balance goes negative. While they run,
   * snapshots with TransactGetItems must always see the same total; after a SIGKILL in the middle
   * of the load and a restart, the total is still the same.
   */
  @Test
  void transfersKeepTheirTotalThroughSigkill() throws Exception {
    Path data = Files.createTempDirectory("tidemark-transfers");
    long total = 2L * ACCOUNTS_PER_TABLE * OPENING_BALANCE;
    try {
      Process server = start(data, "--shards", "4");
      try {
        try (DynamoDbClient ddb = TestServer.client(endpointOf(server))) {
          for (String table : ACCOUNT_TABLES) {
            createTable(ddb, table);
            for (int i = 0; i < ACCOUNTS_PER_TABLE; i++) {
              int ii = i;
              ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("acct-" + ii),
                  "balance", AttributeValue.fromN(Long.toString(OPENING_BALANCE)))));
            }
          }
        }
        for (int round = 0; round < 2; round++) {
          int committed = transferAndKill(server, total);
          assertTrue(committed > 20, "transfers committed before the kill: " + committed);
          server = start(data, "--shards", "4");
          try (DynamoDbClient ddb = TestServer.client(endpointOf(server))) {
            assertEquals(total, snapshotTotal(ddb), "the total after restart (TransactGetItems)");
            long scanned = 0;
            for (String table : ACCOUNT_TABLES) {
              for (Map<String, AttributeValue> item : ddb.scan(b -> b.tableName(table).consistentRead(true)).items()) {
                long balance = Long.parseLong(item.get("balance").n());
                assertTrue(balance >= 0, "no balance went negative: " + item);
                scanned += balance;
              }
            }
            assertEquals(total, scanned, "the total after restart (Scan)");
          }
        }
      } finally {
        server.destroyForcibly().waitFor();
      }
    } finally {
      TestServer.deleteRecursively(data);
    }
  }

  /** Runs transfers and snapshot readers, kills the server mid-load; returns the transfers committed. */
  private static int transferAndKill(Process server, long total) throws Exception {
    URI endpoint = endpointOf(server);
    AtomicBoolean stop = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();
    ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
    for (int w = 0; w < WRITERS + 2; w++) {
      boolean reader = w >= WRITERS;
      long seed = w;
      pool.submit(() -> {
        java.util.Random random = new java.util.Random(seed);
        try (DynamoDbClient ddb = TestServer.client(endpoint)) {
          while (!stop.get()) {
            try {
              if (reader) {
                long seen = snapshotTotal(ddb);
                if (seen != total) {
                  broken.add("a snapshot saw a total of " + seen);
                }
              } else {
                transfer(ddb, random);
                committed.incrementAndGet();
              }
            } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
              // the source could not cover the amount: nothing moved
            } catch (RuntimeException e) {
              return null; // the server is gone
            }
          }
        }
        return null;
      });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (committed.get() < 300 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    server.destroyForcibly(); // SIGKILL, in the middle of transfers
    server.waitFor();
    stop.set(true);
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    assertTrue(broken.isEmpty(), String.join("; ", broken));
    return committed.get();
  }

  private static void transfer(DynamoDbClient ddb, java.util.Random random) {
    String fromTable = ACCOUNT_TABLES[random.nextInt(2)];
    String toTable = ACCOUNT_TABLES[random.nextInt(2)];
    int from = random.nextInt(ACCOUNTS_PER_TABLE);
    int to = random.nextInt(ACCOUNTS_PER_TABLE);
    if (fromTable.equals(toTable) && from == to) {
      return;
    }
    AttributeValue amount = AttributeValue.fromN(Integer.toString(1 + random.nextInt(300)));
    ddb.transactWriteItems(b -> b.transactItems(
        software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().update(u -> u.tableName(fromTable)
            .key(Map.of("pk", AttributeValue.fromS("acct-" + from)))
            .updateExpression("SET balance = balance - :amount").conditionExpression("balance >= :amount")
            .expressionAttributeValues(Map.of(":amount", amount))).build(),
        software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().update(u -> u.tableName(toTable)
            .key(Map.of("pk", AttributeValue.fromS("acct-" + to)))
            .updateExpression("SET balance = balance + :amount")
            .expressionAttributeValues(Map.of(":amount", amount))).build()));
  }

  /** The sum of every balance, read in one TransactGetItems (40 items, all of them). */
  private static long snapshotTotal(DynamoDbClient ddb) {
    List<software.amazon.awssdk.services.dynamodb.model.TransactGetItem> gets = new ArrayList<>();
    for (String table : ACCOUNT_TABLES) {
      for (int i = 0; i < ACCOUNTS_PER_TABLE; i++) {
        int ii = i;
        gets.add(software.amazon.awssdk.services.dynamodb.model.TransactGetItem.builder()
            .get(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS("acct-" + ii)))).build());
      }
    }
    long sum = 0;
    for (var r : ddb.transactGetItems(b -> b.transactItems(gets)).responses()) {
      sum += Long.parseLong(r.item().get("balance").n());
    }
    return sum;
  }

  /** Runs writers until the server is killed under them; returns the keys of acknowledged puts. */
  private static List<String> loadAndKill(Process server, int round, AtomicLongArray counters) throws Exception {
    ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    URI endpoint = endpointOf(server);
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      pool.submit(() -> {
        try (DynamoDbClient ddb = TestServer.client(endpoint)) {
          for (int i = 0; !stop.get(); i++) {
            String key = "r" + round + "-w" + writer + "-" + i;
            try {
              ddb.putItem(b -> b.tableName("puts").item(Map.of("pk", AttributeValue.fromS(key),
                  "payload", AttributeValue.fromS("x".repeat(200)))));
              acked.add(key);
              long current = counters.get(writer);
              ddb.updateItem(b -> b.tableName("counters").key(Map.of("pk", AttributeValue.fromS("c" + writer)))
                  .updateExpression("SET n = :next, hist = list_append(hist, :entry)")
                  .conditionExpression("n = :current")
                  .expressionAttributeValues(Map.of(":next", AttributeValue.fromN(Long.toString(current + 1)),
                      ":current", AttributeValue.fromN(Long.toString(current)),
                      ":entry", AttributeValue.fromL(List.of(AttributeValue.fromN(Long.toString(current + 1)))))));
              counters.incrementAndGet(writer);
            } catch (ConditionalCheckFailedException e) {
              throw new AssertionError("a conditional increment was applied twice or lost", e);
            } catch (RuntimeException e) {
              return null; // the server is gone
            }
          }
        }
        return null;
      });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acked.size() < 400 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    server.destroyForcibly(); // SIGKILL on Linux, in the middle of the load
    server.waitFor();
    stop.set(true);
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    assertTrue(acked.size() > 50, "the load made progress before the kill: " + acked.size());
    return new ArrayList<>(acked);
  }

  private static void verify(URI endpoint, List<String> acknowledged, AtomicLongArray counters) {
    try (DynamoDbClient ddb = TestServer.client(endpoint)) {
      for (String key : acknowledged) {
        assertTrue(ddb.getItem(b -> b.tableName("puts").key(Map.of("pk", AttributeValue.fromS(key)))
            .consistentRead(true)).hasItem(), "acknowledged write " + key + " survived");
      }
      for (int w = 0; w < WRITERS; w++) {
        int ww = w;
        Map<String, AttributeValue> counter = ddb.getItem(b -> b.tableName("counters")
            .key(Map.of("pk", AttributeValue.fromS("c" + ww))).consistentRead(true)).item();
        long n = Long.parseLong(counter.get("n").n());
        long acked = counters.get(w);
        // the increment in flight at the kill may or may not have committed
        assertTrue(n == acked || n == acked + 1, "counter " + w + " is " + n + " with " + acked + " acknowledged");
        assertEquals(n, counter.get("hist").l().size(), "each increment applied exactly once");
        counters.set(w, n);
      }
    }
  }

  /**
   * Global indexes after SIGKILL: a table with a global index gets a second one by UpdateTable
   * while writers keep moving both indexes' keys, and the server is killed during that. After the
   * restart both indexes are ACTIVE and hold exactly the table's items that have their key (the
   * restart builds them from the table), and every acknowledged write is in the table.
   */
  @Test
  void globalIndexesMatchTheirTableAfterSigkill() throws Exception {
    Path data = Files.createTempDirectory("tidemark-gsi-crash");
    try {
      Process server = start(data, "--shards", "2");
      try {
        URI endpoint = endpointOf(server);
        try (DynamoDbClient ddb = TestServer.client(endpoint)) {
          ddb.createTable(b -> b.tableName("grouped").billingMode(BillingMode.PAY_PER_REQUEST)
              .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build(),
                  AttributeDefinition.builder().attributeName("grp").attributeType("S").build())
              .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
              .globalSecondaryIndexes(g -> g.indexName("by-grp").projection(p -> p.projectionType("ALL"))
                  .keySchema(KeySchemaElement.builder().attributeName("grp").keyType(KeyType.HASH).build())));
          List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> batch = new ArrayList<>();
          for (int n = 0; n < 8000; n++) {
            int i = n;
            batch.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(r -> r.item(
                Map.of("pk", AttributeValue.fromS("k" + i), "grp", AttributeValue.fromS("g" + (i % 9)),
                    "tag", AttributeValue.fromN(Integer.toString(i % 13)), "v", AttributeValue.fromN("0")))).build());
            if (batch.size() == 25) {
              var chunk = List.copyOf(batch);
              ddb.batchWriteItem(b -> b.requestItems(Map.of("grouped", chunk)));
              batch.clear();
            }
          }
        }
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        // each writer owns the keys k ≡ w (mod 4): its last acknowledged value of each, or the one in flight, must survive
        List<Map<String, long[]>> acknowledged = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
          int writer = w;
          Map<String, long[]> mine = new java.util.concurrent.ConcurrentHashMap<>();
          acknowledged.add(mine);
          pool.submit(() -> {
            java.util.Random random = new java.util.Random(writer);
            try (DynamoDbClient ddb = TestServer.client(endpoint)) {
              for (long v = 1; !stop.get(); v++) {
                String pk = "k" + (random.nextInt(2500) * 4 + writer);
                long[] previous = mine.get(pk);
                mine.put(pk, new long[] {previous == null ? 0 : previous[0], v}); // [acknowledged, in flight]
                long value = v;
                try {
                  if (random.nextInt(5) == 0) {
                    ddb.updateItem(b -> b.tableName("grouped").key(Map.of("pk", AttributeValue.fromS(pk)))
                        .updateExpression("REMOVE grp SET v = :v")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(value)))));
                  } else {
                    ddb.putItem(b -> b.tableName("grouped").item(Map.of("pk", AttributeValue.fromS(pk),
                        "grp", AttributeValue.fromS("g" + random.nextInt(9)),
                        "tag", AttributeValue.fromN(Integer.toString(random.nextInt(13))),
                        "v", AttributeValue.fromN(Long.toString(value)))));
                  }
                  mine.put(pk, new long[] {value, value});
                  writes.incrementAndGet();
                } catch (RuntimeException e) {
                  return null; // the server is gone
                }
              }
            }
            return null;
          });
        }
        while (writes.get() < 200) {
          Thread.sleep(5);
        }
        try (DynamoDbClient ddb = TestServer.client(endpoint)) {
          ddb.updateTable(b -> b.tableName("grouped")
              .attributeDefinitions(AttributeDefinition.builder().attributeName("tag").attributeType("N").build())
              .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("by-tag")
                  .projection(p -> p.projectionType("KEYS_ONLY"))
                  .keySchema(KeySchemaElement.builder().attributeName("tag").keyType(KeyType.HASH).build()))));
        }
        int before = writes.get();
        while (writes.get() < before + 300) {
          Thread.sleep(5);
        }
        server.destroyForcibly();
        server.waitFor();
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        server = start(data, "--shards", "2");
        try (DynamoDbClient ddb = TestServer.client(endpointOf(server))) {
          var table = ddb.describeTable(b -> b.tableName("grouped")).table();
          assertEquals("ACTIVE", table.tableStatusAsString());
          table.globalSecondaryIndexes().forEach(i -> assertEquals("ACTIVE", i.indexStatusAsString(), i.indexName()));
          Map<String, Map<String, AttributeValue>> items = new java.util.HashMap<>();
          ddb.scanPaginator(b -> b.tableName("grouped").consistentRead(true)).items()
              .forEach(i -> items.put(i.get("pk").s(), i));
          for (Map<String, long[]> mine : acknowledged) {
            mine.forEach((pk, v) -> {
              // a key beyond the preloaded ones whose first write was still in flight may be absent
              long found = items.containsKey(pk) ? Long.parseLong(items.get(pk).get("v").n()) : 0;
              assertTrue(found == v[0] || found == v[1], pk + ": acknowledged " + v[0] + ", found " + found);
            });
          }
          for (String[] index : new String[][] {{"by-grp", "grp", "S"}, {"by-tag", "tag", "N"}}) {
            Map<String, List<String>> expected = new java.util.TreeMap<>();
            items.values().forEach(i -> {
              if (i.containsKey(index[1])) {
                AttributeValue k = i.get(index[1]);
                expected.computeIfAbsent(index[2].equals("S") ? k.s() : k.n(), x -> new ArrayList<>())
                    .add(i.get("pk").s());
              }
            });
            Map<String, List<String>> indexed = new java.util.TreeMap<>();
            ddb.scanPaginator(b -> b.tableName("grouped").indexName(index[0])).items().forEach(i -> {
              AttributeValue k = i.get(index[1]);
              indexed.computeIfAbsent(index[2].equals("S") ? k.s() : k.n(), x -> new ArrayList<>()).add(i.get("pk").s());
            });
            expected.values().forEach(l -> l.sort(null));
            indexed.values().forEach(l -> l.sort(null));
            assertEquals(expected, indexed, index[0] + " holds exactly the table's items with " + index[1]);
          }
        }
      } finally {
        server.destroyForcibly().waitFor();
      }
    } finally {
      TestServer.deleteRecursively(data);
    }
  }

  /**
   * SIGKILL while backups are taken, tables restored and retention runs every second: after the
   * restart every backup still restores to what it restored to before the kill, every write
   * acknowledged to the source is there, and a retention pass leaves no table files that nothing names.
   */
  @Test
  void backupsRestoresAndRetentionSurviveSigkill() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(TestServer.onS3(), "retention is not enabled on S3 storage yet");
    Path data = Files.createTempDirectory("tidemark-backup-crash");
    List<String> fastRetention = List.of("-Dtidemark.retention-interval-seconds=1",
        "-Dtidemark.retention-min-age-seconds=0", "-Dtidemark.checkpoint-every=50");
    try {
      Process server = start(data, fastRetention, "--shards", "2");
      Map<String, Map<String, Map<String, AttributeValue>>> restoredBefore = new java.util.concurrent.ConcurrentHashMap<>();
      Map<String, Long> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
      try {
        URI endpoint = endpointOf(server);
        try (DynamoDbClient ddb = TestServer.client(endpoint)) {
          createTable(ddb, "source");
          ddb.updateContinuousBackups(b -> b.tableName("source")
              .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        for (int w = 0; w < 2; w++) {
          int writer = w;
          pool.submit(() -> {
            try (DynamoDbClient ddb = TestServer.client(endpoint)) {
              for (long v = 1; !stop.get(); v++) {
                String pk = "k" + writer + "-" + (v % 200);
                long value = v;
                try {
                  ddb.putItem(b -> b.tableName("source").item(Map.of("pk", AttributeValue.fromS(pk),
                      "v", AttributeValue.fromN(Long.toString(value)))));
                } catch (RuntimeException e) {
                  return null; // the server is gone
                }
                acknowledged.put(pk, value);
              }
            }
            return null;
          });
        }
        pool.submit(() -> {
          try (DynamoDbClient ddb = TestServer.client(endpoint)) {
            for (int n = 0; !stop.get(); n++) {
              int round = n;
              try {
                String arn = ddb.createBackup(b -> b.tableName("source").backupName("round-" + round))
                    .backupDetails().backupArn();
                String target = "restored-" + round;
                ddb.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(target));
                Map<String, Map<String, AttributeValue>> items = new java.util.HashMap<>();
                ddb.scanPaginator(b -> b.tableName(target)).items().forEach(i -> items.put(i.get("pk").s(), i));
                restoredBefore.put(arn, items);
                if (round % 3 == 2) {
                  ddb.deleteTable(b -> b.tableName(target));
                }
              } catch (RuntimeException e) {
                return null;
              }
            }
          }
          return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (restoredBefore.size() < 6 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(200));
        server.destroyForcibly();
        server.waitFor();
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(restoredBefore.size() >= 6, "backups and restores ran: " + restoredBefore.size());

        server = start(data, fastRetention, "--shards", "2");
        try (DynamoDbClient ddb = TestServer.client(endpointOf(server))) {
          for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
            long found = Long.parseLong(ddb.getItem(b -> b.tableName("source").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(e.getKey())))).item().get("v").n());
            assertTrue(found >= e.getValue(), e.getKey() + ": acknowledged " + e.getValue() + ", found " + found);
          }
          int n = 0;
          for (var summary : ddb.listBackups(b -> b.tableName("source")).backupSummaries()) {
            String target = "after-restart-" + n++;
            ddb.restoreTableFromBackup(b -> b.backupArn(summary.backupArn()).targetTableName(target));
            Map<String, Map<String, AttributeValue>> items = new java.util.HashMap<>();
            ddb.scanPaginator(b -> b.tableName(target)).items().forEach(i -> items.put(i.get("pk").s(), i));
            Map<String, Map<String, AttributeValue>> before = restoredBefore.get(summary.backupArn());
            if (before != null) {
              assertEquals(before, items, summary.backupArn() + " restores as it did before the kill");
            }
          }
          Thread.sleep(2500); // two retention passes with every table open again
          java.util.Set<String> ids = new java.util.HashSet<>();
          for (String table : ddb.listTablesPaginator().tableNames()) {
            ids.add(ddb.describeTable(b -> b.tableName(table)).table().tableId());
          }
          ddb.listBackups().backupSummaries().forEach(b -> ids.add(b.tableId()));
          try (var dirs = Files.list(data.resolve("tables"))) {
            for (Path dir : dirs.toList()) {
              assertTrue(ids.contains(dir.getFileName().toString()), "files of " + dir + " are named by a table or backup");
            }
          }
        }
      } finally {
        server.destroyForcibly().waitFor();
      }
    } finally {
      TestServer.deleteRecursively(data);
    }
  }

  private static void createTable(DynamoDbClient ddb, String name) {
    ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
  }

  private static URI endpointOf(Process p) {
    return ChildServer.endpointOf(p);
  }

  private static Process start(Path data, String... extraArgs) throws IOException, InterruptedException {
    return ChildServer.start(data, List.of(), extraArgs);
  }

  private static Process start(Path data, List<String> jvmOptions, String... extraArgs)
      throws IOException, InterruptedException {
    return ChildServer.start(data, jvmOptions, extraArgs);
  }
}
