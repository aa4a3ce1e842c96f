package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/** {@code tidemark replay} and {@code tidemark history} on a stopped server's data directory. */
class ReplayCommandTest {

  private static String run(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, new CommandLine(new Tidemark()).execute(args), String.join(" ", args));
    } finally {
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** A command, where the data is (the data directory, or the S3 location when the suite runs on S3), then the rest. */
  private static String[] args(String command, Path data, String... rest) {
    List<String> all = new java.util.ArrayList<>(List.of(command));
    all.addAll(TestServer.storeOptions(data));
    all.addAll(List.of(rest));
    return all.toArray(new String[0]);
  }

  @Test
  void replayRestoresAnyMomentAndHistoryListsEveryVersion() throws Exception {
    Path data = Files.createTempDirectory("tidemark-replay");
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("a"));
    Instant moment;
    TestServer first = new TestServer(data);
    try (DynamoDbClient ddb = first.client()) {
      ddb.createTable(b -> b.tableName("log").billingMode("PAY_PER_REQUEST")
          .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
          .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build()));
      ddb.putItem(b -> b.tableName("log").item(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1"))));
      ddb.putItem(b -> b.tableName("log").item(Map.of("pk", AttributeValue.fromS("b"), "v", AttributeValue.fromN("1"))));
      Thread.sleep(5);
      moment = Instant.now();
      Thread.sleep(5);
      ddb.updateItem(b -> b.tableName("log").key(key).updateExpression("SET v = :v")
          .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("2"))));
      ddb.deleteItem(b -> b.tableName("log").key(key));
      ddb.putItem(b -> b.tableName("log").item(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("3"))));
    }
    first.stop();

    List<String> history = run(args("history", data, "--table", "log", "--key", "{\"pk\": {\"S\": \"a\"}}"))
        .lines().toList();
    assertEquals(4, history.size(), String.join("\n", history));
    assertTrue(history.get(0).contains("PutItem") && history.get(0).contains("\"v\":{\"N\":\"1\"}"),
        history.get(0));
    assertTrue(history.get(1).contains("UpdateItem") && history.get(1).contains("\"N\":\"2\""), history.get(1));
    assertTrue(history.get(2).contains("DeleteItem") && history.get(2).endsWith("(deleted)"), history.get(2));
    assertTrue(history.get(3).contains("\"N\":\"3\""), history.get(3));

    String replayed = run(args("replay", data, "--table", "log", "--to", moment.toString(), "--into", "log-then"));
    assertTrue(replayed.contains("2 items"), replayed);
    TestServer again = new TestServer(data);
    try (DynamoDbClient ddb = again.client()) {
      assertEquals("1", ddb.getItem(b -> b.tableName("log-then").key(key)).item().get("v").n(), "as it was then");
      assertEquals("3", ddb.getItem(b -> b.tableName("log").key(key)).item().get("v").n(), "the source is unchanged");
    } finally {
      again.close();
    }
  }
}
