package io.tidemark.functions.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.tidemark.ops.CallContext;
import io.tidemark.ops.Dispatcher;
import io.tidemark.recovery.Checkpointer;
import io.tidemark.storage.S3Storage;
import io.tidemark.testing.s3.S3TestServer;
import io.tidemark.view.Database;
import io.tidemark.view.TransactionDecisions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retention function through its real handler, with {@code events/retention-schedule.json}
 * decoded by the Lambda runtime's own serializer, on a store two other instances serve. The
 * minimum age is 0 here, and writers re-read the low-water mark before every append (see this
 * module's pom), so that what DESIGN.md calls "no resurrection" can be watched happen in one test.
 */
class RetentionHandlerTest {
  private static S3TestServer s3;

  @BeforeAll
  static void start() {
    s3 = S3TestServer.start();
    s3.becomeDefaultForThisJvm(); // the function builds its S3 client from the default chains
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  private static Dispatcher.Response call(Database db, String operation, String json) {
    return new Dispatcher().dispatch("DynamoDB_20120810." + operation, json.getBytes(StandardCharsets.UTF_8),
        new CallContext(db, "AKIDTEST", "us-east-1", "localhost")).join();
  }

  private static void ok(Database db, String operation, String json) {
    Dispatcher.Response r = call(db, operation, json);
    assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
  }

  private static void put(Database db, String key) {
    ok(db, "PutItem", "{\"TableName\":\"Counters\",\"Item\":{\"pk\":{\"S\":\"" + key + "\"}}}");
  }

  private static ScheduledEvent schedule() throws IOException {
    return LambdaEventSerializers.serializerFor(ScheduledEvent.class, RetentionHandlerTest.class.getClassLoader())
        .fromJson(Files.readString(Path.of("../../events/retention-schedule.json")));
  }

  @Test
  void logObjectsGoOnlyBelowAPublishedLowWaterMarkAndAStaleWriterCannotCreateThemAgain() throws IOException {
    String prefix = s3.prefix() + UUID.randomUUID() + "/";
    S3Storage storage = new S3Storage(s3.client(), s3.bucket(), prefix);
    Database writer = new Database(storage, new Database.Options(1, Long.MAX_VALUE, Database.Options.TEN_GB));
    ok(writer, "CreateTable", "{\"TableName\":\"Counters\",\"BillingMode\":\"PAY_PER_REQUEST\","
        + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
        + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}");
    for (int i = 0; i < 100; i++) {
      put(writer, "k" + i);
    }
    // a second instance, which then sleeps (as a frozen Lambda instance does) at position 100
    Database sleeper = new Database(new S3Storage(s3.client(), s3.bucket(), prefix),
        new Database.Options(1, Long.MAX_VALUE, Database.Options.TEN_GB));
    assertEquals(100, sleeper.require("Counters").itemCount());
    for (int i = 100; i < 200; i++) {
      put(writer, "k" + i);
    }
    String tableId = writer.require("Counters").descriptor().id;
    String shard = Database.shardPrefix(tableId, 0);
    assertNotNull(new Checkpointer(storage, 1).checkpointIfDue(tableId, 0, 200)); // what the checkpoint function does

    RetentionHandler retention = new RetentionHandler(Map.of(
        "TIDEMARK_STORE", "s3://" + s3.bucket() + "/" + prefix,
        "TIDEMARK_S3_ENDPOINT", s3.endpoint().toString(),
        "TIDEMARK_RETENTION_MIN_AGE_SECONDS", "0"));
    // the first pass publishes the low-water mark and deletes no log object yet
    Map<String, Object> first = retention.handleRequest(schedule(), null);
    assertEquals(0, first.get("logObjectsDeleted"));
    assertEquals(List.of(shard + "lwm/" + String.format("%020d", 200)), storage.blobs().list(shard + "lwm/"));
    assertEquals(200, storage.blobs().list(shard + "log/").size());
    // the next deletes below it: all but the object being appended to
    Map<String, Object> second = retention.handleRequest(schedule(), null);
    assertEquals(199, second.get("logObjectsDeleted"));
    assertEquals(List.of(shard + "log/" + String.format("%020d", 200)), storage.blobs().list(shard + "log/"));

    // the sleeper wakes and writes: it would create log object 101, which no reader would ever
    // look at again, and lose the write. It reads the mark, refuses, and answers a retryable error
    Dispatcher.Response refused = call(sleeper, "PutItem", "{\"TableName\":\"Counters\",\"Item\":{\"pk\":{\"S\":\"late\"}}}");
    assertEquals(500, refused.status());
    assertTrue(new String(refused.body(), StandardCharsets.UTF_8).contains("InternalServerError"));
    assertEquals(List.of(shard + "log/" + String.format("%020d", 200)), storage.blobs().list(shard + "log/"));
    // the SDK's retry finds the table opened again from storage, and the write lands at the end
    put(sleeper, "late");
    assertEquals(List.of(shard + "log/" + String.format("%020d", 200), shard + "log/" + String.format("%020d", 201)),
        storage.blobs().list(shard + "log/"));
    assertEquals(201, sleeper.require("Counters").itemCount());

    writer.close();
    sleeper.close();
    try (Database fresh = new Database(storage, Database.Options.defaults())) {
      assertEquals(201, fresh.require("Counters").itemCount());
    }
  }

  /**
   * The decision of a transaction across tables stays while a log holds one of its prepared
   * records, and goes once retention has deleted them all.
   */
  @Test
  void aTransactionsDecisionGoesWithTheLastRecordThatNeedsIt() throws IOException {
    String prefix = s3.prefix() + UUID.randomUUID() + "/";
    S3Storage storage = new S3Storage(s3.client(), s3.bucket(), prefix);
    Database db = new Database(storage, new Database.Options(1, Long.MAX_VALUE, Database.Options.TEN_GB));
    for (String table : List.of("Left", "Right")) {
      ok(db, "CreateTable", "{\"TableName\":\"" + table + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
          + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
          + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}");
    }
    ok(db, "TransactWriteItems", "{\"TransactItems\":["
        + "{\"Put\":{\"TableName\":\"Left\",\"Item\":{\"pk\":{\"S\":\"a\"}}}},"
        + "{\"Put\":{\"TableName\":\"Right\",\"Item\":{\"pk\":{\"S\":\"a\"}}}}]}");
    List<String> decisions = storage.blobs().list(TransactionDecisions.PREFIX);
    assertEquals(1, decisions.size());
    RetentionHandler retention = new RetentionHandler(Map.of(
        "TIDEMARK_STORE", "s3://" + s3.bucket() + "/" + prefix,
        "TIDEMARK_S3_ENDPOINT", s3.endpoint().toString(),
        "TIDEMARK_RETENTION_MIN_AGE_SECONDS", "0"));
    String left = db.require("Left").descriptor().id;
    String right = db.require("Right").descriptor().id;
    for (int i = 0; i < 3; i++) {
      ok(db, "PutItem", "{\"TableName\":\"Left\",\"Item\":{\"pk\":{\"S\":\"k" + i + "\"}}}");
    }
    assertNotNull(new Checkpointer(storage, 1).checkpointIfDue(left, 0, 4));
    retention.handleRequest(schedule(), null);
    retention.handleRequest(schedule(), null); // Left's record is gone; Right's is its log's last object
    assertEquals(decisions, storage.blobs().list(TransactionDecisions.PREFIX), "Right's log still holds a record");

    ok(db, "PutItem", "{\"TableName\":\"Right\",\"Item\":{\"pk\":{\"S\":\"b\"}}}");
    assertNotNull(new Checkpointer(storage, 1).checkpointIfDue(right, 0, 2));
    retention.handleRequest(schedule(), null);
    Map<String, Object> last = retention.handleRequest(schedule(), null);
    assertEquals(1, last.get("transactionDecisionsDeleted"));
    assertEquals(List.of(), storage.blobs().list(TransactionDecisions.PREFIX));
    db.close();
    try (Database fresh = new Database(storage, Database.Options.defaults())) {
      assertEquals(4, fresh.require("Left").itemCount());
      assertEquals(2, fresh.require("Right").itemCount());
    }
  }
}
