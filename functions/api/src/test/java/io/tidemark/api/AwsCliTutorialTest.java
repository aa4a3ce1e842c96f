package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's table chapters (../shared/seed), with the AWS CLI exactly as a user types it:
 * create the provisioned, encrypted "mystore" table, load it with batch-write-item from the JSON
 * files in docs/tutorial, query one client's items by a range of "created", get one item, and see
 * DynamoDB's errors for a 26-item batch and for a reserved word.
 */
class AwsCliTutorialTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DATA = Path.of("../../docs/tutorial");
  private static TestServer server;
  private static Path home;

  record Result(int exit, String out, String err) {
  }

  @BeforeAll
  static void start() throws IOException {
    server = new TestServer();
    home = Files.createTempDirectory("tidemark-cli-home");
  }

  @AfterAll
  static void stop() {
    server.close();
    TestServer.deleteRecursively(home);
  }

  /** Debian's awscli package installs /usr/bin/aws; any aws on the PATH does otherwise. */
  private static String awsBinary() {
    return new File("/usr/bin/aws").canExecute() ? "/usr/bin/aws" : "aws";
  }

  private static Result aws(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(awsBinary(), "dynamodb"));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", server.endpoint().toString(), "--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(command).directory(DATA.toFile());
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    env.put("AWS_ACCESS_KEY_ID", "AKIDTUTORIAL");
    env.put("AWS_SECRET_ACCESS_KEY", "tutorial-secret");
    env.put("AWS_DEFAULT_REGION", "eu-west-1");
    env.put("AWS_PAGER", "");
    env.remove("AWS_PROFILE");
    Path out = Files.createTempFile(home, "out", ".json");
    Path err = Files.createTempFile(home, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "aws " + String.join(" ", args) + " finished");
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static JsonNode ok(Result r) throws IOException {
    assertEquals(0, r.exit(), r.err());
    return r.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.out());
  }

  @Test
  void tutorialTableSteps() throws Exception {
    JsonNode created = ok(aws("create-table", "--table-name", "mystore",
        "--attribute-definitions", "AttributeName=clientid,AttributeType=S", "AttributeName=created,AttributeType=S",
        "--key-schema", "AttributeName=clientid,KeyType=HASH", "AttributeName=created,KeyType=RANGE",
        "--provisioned-throughput", "ReadCapacityUnits=1,WriteCapacityUnits=1",
        "--sse-specification", "Enabled=true"));
    assertEquals("arn:aws:dynamodb:eu-west-1:000000000000:table/mystore",
        created.path("TableDescription").path("TableArn").asText(), "region comes from the signature");
    ok(aws("wait", "table-exists", "--table-name", "mystore"));

    int loaded = 0;
    for (String file : List.of("mystore-items-1.json", "mystore-items-2.json")) {
      JsonNode written = ok(aws("batch-write-item", "--request-items", "file://" + file));
      assertEquals(0, written.path("UnprocessedItems").size());
      loaded += JSON.readTree(DATA.resolve(file).toFile()).path("mystore").size();
    }
    assertEquals(40, loaded);

    JsonNode table = ok(aws("describe-table", "--table-name", "mystore")).path("Table");
    assertEquals("ACTIVE", table.path("TableStatus").asText());
    assertEquals(40, table.path("ItemCount").asInt());
    assertEquals("ENABLED", table.path("SSEDescription").path("Status").asText());
    assertEquals(1, table.path("ProvisionedThroughput").path("ReadCapacityUnits").asInt());

    JsonNode query = ok(aws("query", "--table-name", "mystore",
        "--key-condition-expression", "clientid = :c AND created BETWEEN :from AND :to",
        "--expression-attribute-values", "{\":c\":{\"S\":\"client-02\"},\":from\":{\"S\":\"2024-03-04\"},"
            + "\":to\":{\"S\":\"2024-03-17\"}}"));
    List<String> createdDates = new ArrayList<>();
    query.path("Items").forEach(i -> createdDates.add(i.path("created").path("S").asText()));
    assertEquals(expectedCreated("client-02", "2024-03-04", "2024-03-17"), createdDates);
    assertTrue(createdDates.size() >= 3, createdDates.toString());

    JsonNode item = ok(aws("get-item", "--table-name", "mystore",
        "--key", "{\"clientid\":{\"S\":\"client-01\"},\"created\":{\"S\":\"" + firstCreated("client-01") + "\"}}"));
    assertEquals("notebook", item.path("Item").path("product").path("S").asText());

    Result tooMany = aws("batch-write-item", "--request-items", "file://mystore-too-many.json");
    assertNotEquals(0, tooMany.exit());
    assertTrue(tooMany.err().contains("ValidationException"), tooMany.err());
    assertTrue(tooMany.err().contains("Member must have length less than or equal to 25"), tooMany.err());

    Result reserved = aws("query", "--table-name", "mystore", "--key-condition-expression", "clientid = :c",
        "--projection-expression", "status", "--expression-attribute-values", "{\":c\":{\"S\":\"client-01\"}}");
    assertNotEquals(0, reserved.exit());
    assertTrue(reserved.err().contains("ValidationException"), reserved.err());
    assertTrue(reserved.err().contains("Attribute name is a reserved keyword; reserved keyword: status"), reserved.err());

    JsonNode withNames = ok(aws("query", "--table-name", "mystore", "--key-condition-expression", "clientid = :c",
        "--projection-expression", "#s", "--expression-attribute-names", "{\"#s\":\"status\"}",
        "--expression-attribute-values", "{\":c\":{\"S\":\"client-01\"}}"));
    assertEquals(8, withNames.path("Count").asInt());
    assertEquals(40, ok(aws("scan", "--table-name", "mystore", "--select", "COUNT")).path("Count").asInt(),
        "the failed batch wrote nothing");

    // The README's PartiQL and transaction examples, as a user would type them
    JsonNode selected = ok(aws("execute-statement", "--statement",
        "SELECT product, quantity FROM mystore WHERE clientid = ? AND created BETWEEN ? AND ?",
        "--parameters", "[{\"S\":\"client-02\"},{\"S\":\"2024-03-04\"},{\"S\":\"2024-03-17\"}]"));
    assertEquals(createdDates.size(), selected.path("Items").size());
    String first = firstCreated("client-01");
    ok(aws("transact-write-items", "--transact-items", "[{\"Update\": {\"TableName\": \"mystore\", "
        + "\"Key\": {\"clientid\": {\"S\": \"client-01\"}, \"created\": {\"S\": \"" + first + "\"}}, "
        + "\"UpdateExpression\": \"SET #s = :shipped\", \"ConditionExpression\": \"#s = :ordered\", "
        + "\"ExpressionAttributeNames\": {\"#s\": \"status\"}, "
        + "\"ExpressionAttributeValues\": {\":shipped\": {\"S\": \"shipped\"}, \":ordered\": {\"S\": \"ordered\"}}}}, "
        + "{\"Put\": {\"TableName\": \"mystore\", \"Item\": {\"clientid\": {\"S\": \"client-01\"}, "
        + "\"created\": {\"S\": \"" + first + "#shipment\"}, \"carrier\": {\"S\": \"post\"}}}}]"));
    JsonNode shipped = ok(aws("execute-statement", "--statement", "SELECT * FROM mystore WHERE clientid = 'client-01' "
        + "AND begins_with(created, '" + first + "')"));
    assertEquals(2, shipped.path("Items").size(), "the order and its shipment, written together");
    assertEquals("shipped", shipped.path("Items").get(0).path("status").path("S").asText());
    Result again = aws("transact-write-items", "--transact-items", "[{\"ConditionCheck\": {\"TableName\": "
        + "\"mystore\", \"Key\": {\"clientid\": {\"S\": \"client-01\"}, \"created\": {\"S\": \"" + first
        + "\"}}, \"ConditionExpression\": \"#s = :ordered\", \"ExpressionAttributeNames\": {\"#s\": \"status\"}, "
        + "\"ExpressionAttributeValues\": {\":ordered\": {\"S\": \"ordered\"}}}}]");
    assertNotEquals(0, again.exit());
    assertTrue(again.err().contains("TransactionCanceledException"), again.err());

    backupChapters();
  }

  /**
   * The tutorial's last chapters: point-in-time recovery turned on, a manual backup, then items
   * deleted and overwritten; restores from the backup, to a moment between the backup and the
   * changes, and to the latest time, each compared item by item.
   */
  private void backupChapters() throws Exception {
    ok(aws("update-continuous-backups", "--table-name", "mystore",
        "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true"));
    JsonNode pitr = ok(aws("describe-continuous-backups", "--table-name", "mystore"))
        .path("ContinuousBackupsDescription").path("PointInTimeRecoveryDescription");
    assertEquals("ENABLED", pitr.path("PointInTimeRecoveryStatus").asText());
    String backupArn = ok(aws("create-backup", "--table-name", "mystore", "--backup-name", "mystore-backup"))
        .path("BackupDetails").path("BackupArn").asText();
    java.util.Set<JsonNode> atBackup = items("mystore");
    Thread.sleep(20);
    String between = String.format("%.3f", System.currentTimeMillis() / 1000.0);
    Thread.sleep(20);
    String first = firstCreated("client-01");
    ok(aws("delete-item", "--table-name", "mystore", "--key",
        "{\"clientid\": {\"S\": \"client-01\"}, \"created\": {\"S\": \"" + first + "\"}}"));
    ok(aws("put-item", "--table-name", "mystore", "--item",
        "{\"clientid\": {\"S\": \"client-02\"}, \"created\": {\"S\": \"" + firstCreated("client-02")
            + "\"}, \"status\": {\"S\": \"overwritten\"}}"));
    java.util.Set<JsonNode> now = items("mystore");
    assertNotEquals(atBackup, now);

    ok(aws("restore-table-from-backup", "--target-table-name", "mystore-from-backup", "--backup-arn", backupArn));
    ok(aws("wait", "table-exists", "--table-name", "mystore-from-backup"));
    assertEquals(atBackup, items("mystore-from-backup"), "the backup's items, exactly");
    ok(aws("restore-table-to-point-in-time", "--source-table-name", "mystore", "--target-table-name", "mystore-then",
        "--restore-date-time", between));
    ok(aws("wait", "table-exists", "--table-name", "mystore-then"));
    assertEquals(atBackup, items("mystore-then"), "before the delete and the overwrite");
    ok(aws("restore-table-to-point-in-time", "--source-table-name", "mystore", "--target-table-name", "mystore-latest",
        "--use-latest-restorable-time"));
    assertEquals(now, items("mystore-latest"), "up to the last write");
    JsonNode backups = ok(aws("list-backups", "--table-name", "mystore")).path("BackupSummaries");
    assertEquals(backupArn, backups.get(0).path("BackupArn").asText());
  }

  /** Every item of a table, through the CLI's paginated scan. */
  private static java.util.Set<JsonNode> items(String table) throws Exception {
    java.util.Set<JsonNode> items = new java.util.HashSet<>();
    ok(aws("scan", "--table-name", table, "--consistent-read")).path("Items").forEach(items::add);
    return items;
  }

  /** The created dates of a client's items in the tutorial files, within [from, to], in sort order. */
  private static List<String> expectedCreated(String client, String from, String to) throws IOException {
    List<String> dates = new ArrayList<>();
    for (String file : List.of("mystore-items-1.json", "mystore-items-2.json")) {
      for (JsonNode request : JSON.readTree(DATA.resolve(file).toFile()).path("mystore")) {
        JsonNode item = request.path("PutRequest").path("Item");
        String created = item.path("created").path("S").asText();
        if (item.path("clientid").path("S").asText().equals(client) && created.compareTo(from) >= 0
            && created.compareTo(to) <= 0) {
          dates.add(created);
        }
      }
    }
    dates.sort(null);
    return dates;
  }

  private static String firstCreated(String client) throws IOException {
    return expectedCreated(client, "", "~").get(0);
  }
}
