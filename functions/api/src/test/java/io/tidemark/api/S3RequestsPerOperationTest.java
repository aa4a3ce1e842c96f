package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidemark.testing.s3.S3Request;
import io.tidemark.testing.s3.S3RequestKind;
import io.tidemark.testing.s3.S3TestServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What the S3 store costs per operation, counted by the S3 server the tests start (issue 6's
 * targets): a BatchWriteItem of 25 items is one PUT per shard it touches, a warm eventually
 * consistent read no request at all, and a strongly consistent one a GET of its own shard's
 * next log object only. bench/run --s3-cost-bench measures the rest.
 */
class S3RequestsPerOperationTest {
  private static S3TestServer s3;
  private static TestServer server;
  private static DynamoDbClient ddb;
  private static String store;
  private static final ConcurrentLinkedQueue<S3Request> requests = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() throws Exception {
    s3 = TestServer.s3();
    assumeTrue(s3.inProcess(), "requests are counted by the in-process S3 server only");
    store = s3.key("requests-per-operation-" + System.nanoTime());
    server = new TestServer(Files.createTempDirectory("tidemark-requests"), Map.of(
        "tidemark.store", "s3://" + s3.bucket() + "/" + store + "/",
        "tidemark.s3-endpoint", s3.endpoint().toString(),
        "tidemark.shards-per-table", 4,
        "tidemark.max-staleness-ms", 600_000)); // eventually consistent reads ask S3 nothing here
    ddb = server.client();
    ddb.createTable(b -> b.tableName("Cost").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    s3.onRequest(r -> {
      if (r.path().contains("/" + store + "/")) {
        requests.add(r);
      }
    });
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      s3.onRequest(null);
      ddb.close();
      server.close();
    }
  }

  /** The requests to this test's store while {@code action} ran, by kind. */
  private static Map<S3RequestKind, Long> requestsOf(Runnable action) {
    requests.clear();
    action.run();
    settle();
    Map<S3RequestKind, Long> counts = new java.util.EnumMap<>(S3RequestKind.class);
    for (S3Request r : requests) {
      counts.merge(r.kind(), 1L, Long::sum);
    }
    return counts;
  }

  /** The server tells of a request after answering it: give its thread a moment to have told. */
  private static void settle() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int shardOf(S3Request r) {
    String path = r.path();
    int s = path.indexOf("/s", path.indexOf("/tables/") + "/tables/".length());
    return Integer.parseInt(path.substring(s + 2, path.indexOf('/', s + 1)));
  }

  @Test
  void aBatchOf25ItemsIsOnePutPerShardItTouches() {
    for (int round = 0; round < 5; round++) {
      List<WriteRequest> writes = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
            "pk", AttributeValue.fromS("r" + round + "-" + i))).build()).build());
      }
      requests.clear();
      ddb.batchWriteItem(b -> b.requestItems(Map.of("Cost", writes)));
      settle();
      List<Integer> shardsWritten = requests.stream()
          .filter(r -> r.kind() == S3RequestKind.PUT && r.path().contains("/log/")).map(S3RequestsPerOperationTest::shardOf)
          .sorted().toList();
      assertEquals(List.of(0, 1, 2, 3), shardsWritten, "25 keys touch all 4 shards; one PUT each");
    }
  }

  @Test
  void readsCostNothingOrOneGet() {
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("read-me"));
    ddb.putItem(b -> b.tableName("Cost").item(key));
    assertEquals(Map.of(), requestsOf(() -> ddb.getItem(b -> b.tableName("Cost").key(key))));
    assertEquals(Map.of(), requestsOf(() -> ddb.query(b -> b.tableName("Cost").keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("read-me"))))));
    // strongly consistent: a GET of the next log object of the item's shard, which is not there yet
    assertEquals(Map.of(S3RequestKind.GET, 1L),
        requestsOf(() -> ddb.getItem(b -> b.tableName("Cost").key(key).consistentRead(true))));
    assertEquals(Map.of(S3RequestKind.GET, 1L), requestsOf(() -> ddb.query(b -> b.tableName("Cost")
        .keyConditionExpression("pk = :p").consistentRead(true)
        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("read-me"))))));
    // a Scan reads every shard
    assertEquals(Map.of(S3RequestKind.GET, 4L),
        requestsOf(() -> ddb.scan(b -> b.tableName("Cost").consistentRead(true))));
  }

  @Test
  void aTransactionOfOneShardIsItsLogObjectAndItsTokensRecord() {
    // the SDK fills in a ClientRequestToken: the transaction's events are one log object, and
    // the token's record goes to the transaction log; nothing is read first
    assertEquals(Map.of(S3RequestKind.PUT, 2L), requestsOf(() -> ddb.transactWriteItems(t -> t.transactItems(
        software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().put(p -> p.tableName("Cost")
            .item(Map.of("pk", AttributeValue.fromS("tx-1"), "n", AttributeValue.fromN("1")))).build()))));
  }
}
