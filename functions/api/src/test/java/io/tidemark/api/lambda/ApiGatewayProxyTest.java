package io.tidemark.api.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The api function as API Gateway runs it: every SDK request below is turned into an HTTP API
 * payload 2.0 event and handled by Micronaut's {@link APIGatewayV2HTTPEventFunction}, whose response
 * event is turned back into HTTP (micronaut-function-aws-api-proxy-test); the store is S3. This
 * class runs in its own surefire execution without Netty on the classpath (see functions/api/pom.xml).
 */
class ApiGatewayProxyTest {
  private static LambdaProxyServer server;
  private static DynamoDbClient ddb;

  @BeforeAll
  static void start() {
    server = new LambdaProxyServer("lambda-proxy");
    ddb = server.client();
  }

  @AfterAll
  static void stop() {
    ddb.close();
    server.close();
  }

  @Test
  void requestsGoThroughTheLambdaHandlerNotNetty() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micronaut.http.server.netty.NettyHttpServer"));
    assertTrue(server.context().containsBean(com.sun.net.httpserver.HttpHandler.class));
    assertEquals("io.micronaut.function.aws.proxy.test.AwsProxyHttpHandler",
        server.context().getBean(com.sun.net.httpserver.HttpHandler.class).getClass().getName());
  }

  @Test
  void workloadThroughTheProxyPath() {
    String table = "Music";
    ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("Artist").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("SongTitle").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("Artist").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("SongTitle").keyType(KeyType.RANGE).build()));
    assertEquals(TableStatus.ACTIVE, ddb.describeTable(b -> b.tableName(table)).table().tableStatus());

    // 25 items in one BatchWriteItem, with text beyond ASCII and bytes that are not UTF-8:
    // both must survive the trip through the event's body and back
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
          "Artist", AttributeValue.fromS("Blåbær Ø"),
          "SongTitle", AttributeValue.fromS(String.format("Song %02d — «ñ» 🎵", i)),
          "Plays", AttributeValue.fromN(Integer.toString(i)),
          "Cover", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) i}))))
          .build()).build());
    }
    assertTrue(ddb.batchWriteItem(b -> b.requestItems(Map.of(table, writes))).unprocessedItems().isEmpty());

    Map<String, AttributeValue> key = Map.of("Artist", AttributeValue.fromS("Blåbær Ø"),
        "SongTitle", AttributeValue.fromS("Song 07 — «ñ» 🎵"));
    Map<String, AttributeValue> got = ddb.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
    assertEquals("7", got.get("Plays").n());
    assertEquals(SdkBytes.fromByteArray(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 7}), got.get("Cover").b());

    // a Query read in pages of 10
    List<String> titles = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest.Builder q = QueryRequest.builder().tableName(table).limit(10)
          .keyConditionExpression("Artist = :a").expressionAttributeValues(Map.of(":a", AttributeValue.fromS("Blåbær Ø")));
      if (start != null) {
        q.exclusiveStartKey(start);
      }
      QueryResponse page = ddb.query(q.build());
      page.items().forEach(item -> titles.add(item.get("SongTitle").s()));
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    assertEquals(25, titles.size());
    assertEquals("Song 00 — «ñ» 🎵", titles.get(0));

    // DynamoDB's errors come back typed, with their messages
    ConditionalCheckFailedException failed = assertThrows(ConditionalCheckFailedException.class,
        () -> ddb.updateItem(b -> b.tableName(table).key(key).updateExpression("SET Plays = Plays + :one")
            .conditionExpression("Plays > :many")
            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":many", AttributeValue.fromN("100")))));
    assertEquals("The conditional request failed", failed.awsErrorDetails().errorMessage());
    assertThrows(ResourceNotFoundException.class, () -> ddb.getItem(b -> b.tableName("NoSuchTable").key(key)));

    Map<String, AttributeValue> updated = ddb.updateItem(b -> b.tableName(table).key(key)
        .updateExpression("SET Plays = Plays + :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
        .returnValues(ReturnValue.UPDATED_NEW)).attributes();
    assertEquals("8", updated.get("Plays").n());

    // a transaction: one item moves plays to another, or nothing happens
    Map<String, AttributeValue> other = new HashMap<>(key);
    other.put("SongTitle", AttributeValue.fromS("Song 08 — «ñ» 🎵"));
    ddb.transactWriteItems(b -> b.transactItems(
        TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
            .updateExpression("SET Plays = Plays - :n").conditionExpression("Plays >= :n")
            .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("8"))).build()).build(),
        TransactWriteItem.builder().update(Update.builder().tableName(table).key(other)
            .updateExpression("SET Plays = Plays + :n")
            .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("8"))).build()).build()));
    assertThrows(TransactionCanceledException.class, () -> ddb.transactWriteItems(b -> b.transactItems(
        TransactWriteItem.builder().put(Put.builder().tableName(table).item(Map.of(
            "Artist", AttributeValue.fromS("x"), "SongTitle", AttributeValue.fromS("y"))).build()).build(),
        TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
            .updateExpression("SET Plays = Plays - :n").conditionExpression("Plays >= :n")
            .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("1"))).build()).build())));
    assertEquals("0", ddb.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item().get("Plays").n());
    assertEquals("16", ddb.getItem(b -> b.tableName(table).key(other).consistentRead(true)).item().get("Plays").n());
    assertEquals(25, ddb.scan(b -> b.tableName(table)).count());

    // a backup, restored into a new table
    String backupArn = ddb.createBackup(b -> b.tableName(table).backupName("nightly")).backupDetails().backupArn();
    ddb.restoreTableFromBackup(b -> b.backupArn(backupArn).targetTableName("MusicRestored"));
    assertEquals(25, ddb.scan(b -> b.tableName("MusicRestored").consistentRead(true)).count());
    assertTrue(ddb.listTables().tableNames().containsAll(List.of(table, "MusicRestored")));
  }

  @Test
  void healthCheckOnGet() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.endpoint() + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals("healthy: tidemark", response.body());
  }
}
