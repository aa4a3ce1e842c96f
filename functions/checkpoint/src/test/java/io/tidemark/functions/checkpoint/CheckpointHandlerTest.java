package io.tidemark.functions.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.tidemark.ops.CallContext;
import io.tidemark.ops.Dispatcher;
import io.tidemark.storage.S3Storage;
import io.tidemark.testing.s3.S3TestServer;
import io.tidemark.view.Database;
import java.io.ByteArrayInputStream;
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
 * The checkpoint function through its real handler, with the sample events of {@code events/}
 * decoded by the Lambda runtime's own serializer; the bucket and key in each event are replaced
 * by the objects this test's writes created.
 */
class CheckpointHandlerTest {
  private static final Path EVENTS = Path.of("../../events");
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

  /** A fresh store, a database serving it (which never checkpoints by itself here), and the function for it. */
  private record Store(String prefix, S3Storage storage, Database database, CheckpointHandler function) {
    static Store create(long functionCheckpointEvery) {
      String prefix = s3.prefix() + UUID.randomUUID() + "/";
      S3Storage storage = new S3Storage(s3.client(), s3.bucket(), prefix);
      Database db = new Database(storage, new Database.Options(1, Long.MAX_VALUE, Database.Options.TEN_GB));
      CheckpointHandler function = new CheckpointHandler(Map.of(
          "TIDEMARK_STORE", "s3://" + s3.bucket() + "/" + prefix,
          "TIDEMARK_S3_ENDPOINT", s3.endpoint().toString(),
          "TIDEMARK_CHECKPOINT_EVERY", Long.toString(functionCheckpointEvery)));
      return new Store(prefix, storage, db, function);
    }

    String call(String operation, String json) {
      Dispatcher.Response r = new Dispatcher().dispatch("DynamoDB_20120810." + operation,
          json.getBytes(StandardCharsets.UTF_8), new CallContext(database, "AKIDTEST", "us-east-1", "localhost")).join();
      String body = new String(r.body(), StandardCharsets.UTF_8);
      assertEquals(200, r.status(), body);
      return body;
    }

    void createTableWithItems(String table, int items) {
      call("CreateTable", "{\"TableName\":\"" + table + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
          + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
          + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}");
      for (int i = 0; i < items; i++) {
        call("PutItem", "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"k" + i + "\"},\"n\":{\"N\":\"" + i + "\"}}}");
      }
    }

    String shardPrefix(String table) {
      return Database.shardPrefix(database.require(table).descriptor().id, 0);
    }

    /** The sample event, naming {@code key} (within the store) in the tests' bucket. */
    S3Event event(String sample, String key) throws IOException {
      return event(sample, s3.bucket(), key);
    }

    S3Event event(String sample, String bucket, String key) throws IOException {
      String json = Files.readString(EVENTS.resolve(sample))
          .replaceAll("\"name\"\\s*:\\s*\"[^\"]*\"", "\"name\": \"" + bucket + "\"")
          .replaceAll("\"key\"\\s*:\\s*\"[^\"]*\"", "\"key\": \"" + prefix + key + "\"");
      return LambdaEventSerializers.serializerFor(S3Event.class, getClass().getClassLoader())
          .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void aLogObjectPastTheIntervalGetsACheckpointAtTheLogsEnd() throws IOException {
    Store store = Store.create(100);
    store.createTableWithItems("Orders", 150);
    String shard = store.shardPrefix("Orders");
    List<String> logObjects = store.storage().blobs().list(shard + "log/");
    assertEquals(150, logObjects.size(), "one object per write here: nothing was waiting to share a PUT");

    // the 50th object is not 100 events past "no checkpoint yet"; the 150th is
    assertEquals(List.of(), store.function().handleRequest(store.event("s3-log-object-created.json", logObjects.get(49)), null));
    List<String> written = store.function().handleRequest(store.event("s3-log-object-created.json", logObjects.get(149)), null);
    assertEquals(List.of(shard + "ckpt/" + String.format("%020d", 150)), written);
    // the same event again (Lambda retries) writes nothing new
    assertEquals(List.of(), store.function().handleRequest(store.event("s3-log-object-created.json", logObjects.get(149)), null));
    // neither does the event of the checkpoint itself, which lands under tables/ too
    assertEquals(List.of(), store.function().handleRequest(store.event("s3-log-object-created.json", written.get(0)), null));

    // another instance opening the store starts from the checkpoint and sees every item
    store.database().close();
    try (Database reopened = new Database(store.storage(), Database.Options.defaults())) {
      assertEquals(150, reopened.require("Orders").itemCount());
      assertEquals(150, reopened.require("Orders").shards()[0].committedPosition()[0]);
    }
  }

  @Test
  void aNewBackupGetsACheckpointAtExactlyItsPosition() throws IOException {
    Store store = Store.create(1_000_000);
    store.createTableWithItems("Ledger", 40);
    String created = store.call("CreateBackup", "{\"TableName\":\"Ledger\",\"BackupName\":\"before-more\"}");
    String arn = created.replaceAll(".*\"BackupArn\":\"([^\"]+)\".*", "$1");
    String backupId = arn.substring(arn.lastIndexOf('/') + 1);
    for (int i = 40; i < 60; i++) {
      store.call("PutItem", "{\"TableName\":\"Ledger\",\"Item\":{\"pk\":{\"S\":\"k" + i + "\"}}}");
    }
    String shard = store.shardPrefix("Ledger");
    // the serving database writes it too, in the background: remove it to see the function's
    store.database().awaitBackupCheckpoint(backupId);
    store.storage().blobs().delete(shard + "ckpt/" + String.format("%020d", 40));

    List<String> written = store.function().handleRequest(store.event("s3-backup-created.json", "backups/" + backupId), null);
    assertEquals(List.of(shard + "ckpt/" + String.format("%020d", 40)), written);
    assertNotNull(store.storage().blobs().get(written.get(0)));

    store.call("RestoreTableFromBackup", "{\"BackupArn\":\"" + arn + "\",\"TargetTableName\":\"LedgerRestored\"}");
    assertEquals(40, store.database().require("LedgerRestored").itemCount());
    store.database().close();
  }

  @Test
  void objectsOutsideTheStoreAreIgnored() throws IOException {
    Store store = Store.create(1);
    store.createTableWithItems("Elsewhere", 3);
    String shard = store.shardPrefix("Elsewhere");
    S3Event event = store.event("s3-log-object-created.json", "another-bucket", shard + "log/" + String.format("%020d", 3));
    assertEquals(List.of(), store.function().handleRequest(event, null));
    assertTrue(store.storage().blobs().list(shard + "ckpt/").isEmpty());
    store.database().close();
  }
}
