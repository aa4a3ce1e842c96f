package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidemark.log.Event;
import io.tidemark.log.TransactionRecord;
import io.tidemark.table.ItemKey;
import io.tidemark.view.Database;
import io.tidemark.view.TableView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A crash after a transaction's commit point (its record in the transaction log) and before its
 * events reached the shards' logs: opening the database completes the transaction, once.
 */
class TransactionRecoveryTest {
  @Test
  void aCommittedTransactionMissingFromShardLogsIsCompletedOnOpen() throws Exception {
    Path data = Files.createTempDirectory("tidemark-txrecovery");
    Map<String, Object> twoShards = Map.of("tidemark.shards-per-table", 2);
    TestServer first = new TestServer(data, twoShards);
    List<TransactionRecord.Participant> participants = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try (DynamoDbClient ddb = first.client()) {
      ddb.createTable(b -> b.tableName("recover").billingMode("PAY_PER_REQUEST")
          .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
          .keySchema(k -> k.attributeName("pk").keyType("HASH")));
      ddb.putItem(b -> b.tableName("recover").item(Map.of("pk", AttributeValue.fromS("before"))));
      TableView table = first.context().getBean(Database.class).table("recover");
      long time = System.currentTimeMillis() * 1000 + 1_000_000;
      // one new item in each shard, as a transaction's events would be
      for (int shard = 0; shard < 2; shard++) {
        String key = keyInShard(table, shard);
        keys.add(key);
        long base = table.shards()[shard].view().appliedSeq();
        Map<String, io.tidemark.wire.AttributeValue> item = Map.of("pk", io.tidemark.wire.AttributeValue.s(key),
            "from", io.tidemark.wire.AttributeValue.s("transaction"));
        Event e = new Event(base + 1, time, "tx-recovered", "AKIDTEST", "TransactWriteItems",
            Map.of("pk", io.tidemark.wire.AttributeValue.s(key)), null, item);
        participants.add(new TransactionRecord.Participant(table.descriptor().id, shard, base, List.of(e)));
      }
    }
    first.stop();
    try (io.tidemark.log.RecordLog log = TestServer.storageFor(data).openRecordLog("txlog/transactions.log")) {
      log.append(new TransactionRecord("tx-recovered", System.currentTimeMillis() * 1000, null, null, participants)
          .encode());
    }
    for (int restart = 0; restart < 2; restart++) {
      int expected = 3 + restart; // each round adds one item after checking
      TestServer again = new TestServer(data, twoShards);
      try (DynamoDbClient ddb = again.client()) {
        for (String key : keys) {
          Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName("recover")
              .key(Map.of("pk", AttributeValue.fromS(key)))).item();
          assertEquals("transaction", item.get("from").s(), "completed on open: " + key);
        }
        assertEquals(expected, ddb.scan(b -> b.tableName("recover")).count(), "each event applied once");
        ddb.putItem(b -> b.tableName("recover").item(Map.of("pk", AttributeValue.fromS("after-" + System.nanoTime()))));
        ddb.deleteItem(b -> b.tableName("recover").key(Map.of("pk", AttributeValue.fromS(keys.get(0)))));
        ddb.putItem(b -> b.tableName("recover").item(Map.of("pk", AttributeValue.fromS(keys.get(0)),
            "from", AttributeValue.fromS("transaction"))));
      }
      if (restart == 0) {
        again.stop(); // the second open must find the transaction complete and add nothing
        List<byte[]> left = new java.util.ArrayList<>();
        TestServer.storageFor(data).openRecordLog("txlog/transactions.log").replay(left::add);
        assertEquals(0, left.size(), "once complete and forced, the transaction log forgets the transaction");
      } else {
        again.close();
      }
    }
  }

  /** A client request token outlives a restart: a retry after it is answered without applying again. */
  @Test
  void clientTokensSurviveRestart() throws Exception {
    Path data = Files.createTempDirectory("tidemark-txtokens");
    var increment = software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().update(u -> u
        .tableName("tokens").key(Map.of("pk", AttributeValue.fromS("counter")))
        .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build();
    TestServer first = new TestServer(data);
    try (DynamoDbClient ddb = first.client()) {
      ddb.createTable(b -> b.tableName("tokens").billingMode("PAY_PER_REQUEST")
          .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
          .keySchema(k -> k.attributeName("pk").keyType("HASH")));
      ddb.transactWriteItems(b -> b.clientRequestToken("restart-token").transactItems(increment));
    }
    first.stop();
    for (int restart = 0; restart < 2; restart++) {
      TestServer again = new TestServer(data);
      try (DynamoDbClient ddb = again.client()) {
        ddb.transactWriteItems(b -> b.clientRequestToken("restart-token").transactItems(increment));
        assertEquals("1", ddb.getItem(b -> b.tableName("tokens").key(Map.of("pk", AttributeValue.fromS("counter"))))
            .item().get("n").n(), "the retry after restart " + restart + " did not apply again");
      }
      if (restart == 0) {
        again.stop();
      } else {
        again.close();
      }
    }
  }

  private static String keyInShard(TableView table, int shard) {
    for (int i = 0; ; i++) {
      String key = "tx-" + i;
      if (table.shardIndex(new ItemKey(io.tidemark.wire.AttributeValue.s(key), null).hash()) == shard) {
        return key;
      }
    }
  }
}
