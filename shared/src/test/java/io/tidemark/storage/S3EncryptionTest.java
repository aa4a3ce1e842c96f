package io.tidemark.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidemark.ops.CallContext;
import io.tidemark.ops.Dispatcher;
import io.tidemark.recovery.Backup;
import io.tidemark.testing.s3.S3TestServer;
import io.tidemark.view.Database;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Server-side encryption of what Tidemark writes to S3, judged by the PutObject requests its S3
 * client sends (an SDK interceptor records their headers; the server's own handling of them is not
 * what is tested). A table's log objects and checkpoints follow its SSESpecification (the mapping
 * is {@link Encryption}'s): SSE disabled or absent (DynamoDB: an AWS owned key) is SSE-S3;
 * enabled with a KMSMasterKeyId is SSE-KMS with that key; enabled without one is SSE-KMS with S3's
 * AWS managed key, alias/aws/s3
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSESpecification.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
 */
class S3EncryptionTest {
  private static final String SSE = "x-amz-server-side-encryption";
  private static final String SSE_KMS_KEY = "x-amz-server-side-encryption-aws-kms-key-id";
  private static final String KEY_A = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String KEY_B = "alias/tidemark-test";

  private static S3TestServer s3;

  @BeforeAll
  static void start() {
    s3 = S3TestServer.start();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  /** One PutObject as sent: the key under the database's prefix and the two encryption headers (null if absent). */
  private record Put(String key, String sse, String kmsKeyId) {
  }

  /** Records every PutObject request as it is about to go on the wire. */
  private static final class PutRecorder implements ExecutionInterceptor {
    private final String prefix;
    private final List<Put> puts = new ArrayList<>();

    PutRecorder(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if (context.request() instanceof PutObjectRequest put) {
        var http = context.httpRequest();
        synchronized (this) {
          puts.add(new Put(put.key().substring(prefix.length()), http.firstMatchingHeader(SSE).orElse(null),
              http.firstMatchingHeader(SSE_KMS_KEY).orElse(null)));
        }
      }
    }

    synchronized List<Put> matching(Predicate<String> key) {
      return puts.stream().filter(p -> key.test(p.key())).toList();
    }

    /** The PUTs of keys that pass, waiting up to 10 seconds for at least one (checkpoints are written in the background). */
    List<Put> await(Predicate<String> key) throws InterruptedException {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (matching(key).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      return matching(key);
    }
  }

  private String prefix;
  private PutRecorder recorder;
  private S3Client client;
  private Database db;
  private final Dispatcher dispatcher = new Dispatcher();

  @BeforeEach
  void open() {
    prefix = s3.prefix() + UUID.randomUUID() + "/";
    recorder = new PutRecorder(prefix);
    client = s3.clientBuilder().overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();
    db = new Database(new S3Storage(client, s3.bucket(), prefix), Database.Options.defaults());
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
    client.close();
  }

  private String call(String operation, String json) {
    Dispatcher.Response r = dispatcher.dispatch("DynamoDB_20120810." + operation,
        json.getBytes(StandardCharsets.UTF_8), new CallContext(db, "test", "us-east-1", "localhost")).join();
    String body = new String(r.body(), StandardCharsets.UTF_8);
    if (r.status() != 200) {
      fail(operation + " failed: " + body);
    }
    return body;
  }

  /** Creates a table with this SSESpecification (JSON, or null for none) and returns its id. */
  private String createTable(String name, String sseSpecification) {
    call("CreateTable", "{\"TableName\":\"" + name + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
        + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
        + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]"
        + (sseSpecification == null ? "" : ",\"SSESpecification\":" + sseSpecification) + "}");
    return db.require(name).descriptor().id;
  }

  private void putItem(String table, String pk) {
    call("PutItem", "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"v\":{\"S\":\"secret\"}}}");
  }

  private static Predicate<String> logOf(String tableId) {
    return key -> key.startsWith("tables/" + tableId + "/") && key.contains("/log/");
  }

  private static Predicate<String> checkpointsOf(String tableId) {
    return key -> key.startsWith("tables/" + tableId + "/") && key.contains("/ckpt/");
  }

  private static void assertSseS3(List<Put> puts, String what) {
    assertFalse(puts.isEmpty(), "no PUT of " + what);
    for (Put p : puts) {
      assertEquals("AES256", p.sse(), what + ": " + p);
      assertEquals(null, p.kmsKeyId(), what + ": " + p);
    }
  }

  private static void assertSseKms(List<Put> puts, String keyId, String what) {
    assertFalse(puts.isEmpty(), "no PUT of " + what);
    for (Put p : puts) {
      assertEquals("aws:kms", p.sse(), what + ": " + p);
      assertEquals(keyId, p.kmsKeyId(), what + ": " + p);
    }
  }

  @Test
  void aTableWithoutSseSpecificationIsWrittenWithSseS3AsDynamoDbUsesAnAwsOwnedKey() {
    String id = createTable("plain", null);
    putItem("plain", "a");
    String disabled = createTable("disabled", "{\"Enabled\":false}");
    putItem("disabled", "a");
    assertSseS3(recorder.matching(logOf(id)), "the log of a table without SSESpecification");
    assertSseS3(recorder.matching(logOf(disabled)), "the log of a table with SSE disabled");
    assertSseS3(recorder.matching(key -> key.startsWith("catalog/")), "catalog entries");
  }

  @Test
  void aKmsTableWithAKeyIdIsWrittenWithSseKmsAndThatKey() {
    String id = createTable("kms", "{\"Enabled\":true,\"SSEType\":\"KMS\",\"KMSMasterKeyId\":\"" + KEY_A + "\"}");
    putItem("kms", "a");
    putItem("kms", "b");
    assertEquals(2, recorder.matching(logOf(id)).size(), "one object per commit batch");
    assertSseKms(recorder.matching(logOf(id)), KEY_A, "the log of a KMS table");
    // the catalog entry holds the table's definition, no items: S3's own keys
    assertSseS3(recorder.matching(key -> key.equals("catalog/kms")), "its catalog entry");
  }

  /** DynamoDB's AWS managed key (alias/aws/dynamodb) is for DynamoDB alone: S3's own (aws/s3) stands in for it. */
  @Test
  void aKmsTableWithoutAKeyIdUsesS3sAwsManagedKeyForDynamoDbsAwsManagedKey() {
    String id = createTable("managed", "{\"Enabled\":true}");
    putItem("managed", "a");
    assertSseKms(recorder.matching(logOf(id)), "alias/aws/s3", "the log of a table with DynamoDB's AWS managed key");
  }

  /** DynamoDB switches a table's key while it stays in use: what is written next uses the new one, nothing is rewritten. */
  @Test
  void afterUpdateTableChangesTheSseSpecificationNewObjectsUseTheNewSetting() {
    String id = createTable("switching", null);
    putItem("switching", "a");
    List<Put> before = recorder.matching(logOf(id));
    assertSseS3(before, "the log before UpdateTable");

    call("UpdateTable", "{\"TableName\":\"switching\",\"SSESpecification\":{\"Enabled\":true,\"SSEType\":\"KMS\","
        + "\"KMSMasterKeyId\":\"" + KEY_B + "\"}}");
    putItem("switching", "b");
    List<Put> afterKms = recorder.matching(logOf(id));
    assertEquals(before.size() + 1, afterKms.size(), "no log object rewritten: " + afterKms);
    assertSseKms(afterKms.subList(before.size(), afterKms.size()), KEY_B, "the log after switching to a KMS key");

    call("UpdateTable", "{\"TableName\":\"switching\",\"SSESpecification\":{\"Enabled\":false}}");
    putItem("switching", "c");
    List<Put> afterOff = recorder.matching(logOf(id));
    assertEquals(afterKms.size() + 1, afterOff.size());
    assertSseS3(afterOff.subList(afterKms.size(), afterOff.size()), "the log after switching back to an AWS owned key");
  }

  @Test
  void aCheckpointIsWrittenWithTheTablesCurrentSetting() {
    String id = createTable("checkpointed", "{\"Enabled\":true,\"KMSMasterKeyId\":\"" + KEY_A + "\"}");
    putItem("checkpointed", "a");
    call("UpdateTable", "{\"TableName\":\"checkpointed\",\"SSESpecification\":{\"Enabled\":true,\"KMSMasterKeyId\":\""
        + KEY_B + "\"}}");
    putItem("checkpointed", "b");
    assertTrue(recorder.matching(checkpointsOf(id)).isEmpty());
    db.close(); // a clean shutdown checkpoints every shard whose log moved
    db = null;
    assertSseKms(recorder.matching(checkpointsOf(id)), KEY_B, "the checkpoint of a KMS table");
  }

  @Test
  void aBackupsCheckpointIsEncryptedAsItsTableAndItsManifestWithSseS3() throws InterruptedException {
    String id = createTable("backedUp", "{\"Enabled\":true,\"KMSMasterKeyId\":\"" + KEY_A + "\"}");
    putItem("backedUp", "a");
    call("CreateBackup", "{\"TableName\":\"backedUp\",\"BackupName\":\"first\"}");
    Backup backup = db.backups().list().get(0);
    db.awaitBackupCheckpoint(backup.id());
    assertSseKms(recorder.await(checkpointsOf(id)), KEY_A, "the backup's checkpoint");
    // the manifest names the table's definition and log positions, no items: S3's own keys
    assertSseS3(recorder.matching(key -> key.startsWith("backups/")), "the backup manifest");
  }

  /**
   * A backup outlives its table: a checkpoint written for it after the table was deleted (here when
   * the database opens again and finds the backup lacking one) takes the table's setting as the
   * backup recorded it.
   */
  @Test
  void aBackupsCheckpointWrittenAfterItsTableWasDeletedUsesTheSettingTheBackupRecorded()
      throws InterruptedException {
    String id = createTable("gone", "{\"Enabled\":true,\"KMSMasterKeyId\":\"" + KEY_A + "\"}");
    putItem("gone", "a");
    call("CreateBackup", "{\"TableName\":\"gone\",\"BackupName\":\"last\"}");
    Backup backup = db.backups().list().get(0);
    db.awaitBackupCheckpoint(backup.id());
    String checkpoint = recorder.await(checkpointsOf(id)).get(0).key();
    client.deleteObject(b -> b.bucket(s3.bucket()).key(prefix + checkpoint)); // as if a crash had come first
    call("DeleteTable", "{\"TableName\":\"gone\"}");
    db.close();
    int before = recorder.matching(checkpointsOf(id)).size();

    db = new Database(new S3Storage(client, s3.bucket(), prefix), Database.Options.defaults());
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (recorder.matching(checkpointsOf(id)).size() == before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<Put> all = recorder.matching(checkpointsOf(id));
    assertEquals(before + 1, all.size(), "the backup's checkpoint written again: " + all);
    assertEquals(checkpoint, all.get(before).key());
    assertSseKms(all.subList(before, all.size()), KEY_A, "the checkpoint of a deleted table's backup");
  }

  /**
   * A transaction's items are stored only in its tables' logs, each encrypted as its table is:
   * on one shard as that log's next object, across tables as each table's prepared record. What
   * else it writes holds no items, so S3's own keys: the record kept for its client token, and
   * across shards its decision object.
   */
  @Test
  void transactionsAreEncryptedAsEachOfTheirTables() {
    String left = createTable("left", "{\"Enabled\":true,\"KMSMasterKeyId\":\"" + KEY_A + "\"}");
    String other = createTable("other", null);
    Predicate<String> records = key -> key.startsWith("txlog/") && key.contains("/r/");
    Predicate<String> decisions = key -> key.startsWith("txd/");

    call("TransactWriteItems", "{\"ClientRequestToken\":\"t1\",\"TransactItems\":["
        + "{\"Put\":{\"TableName\":\"left\",\"Item\":{\"pk\":{\"S\":\"a\"}}}}]}");
    assertSseKms(recorder.matching(logOf(left)), KEY_A, "a transaction on one shard");
    assertSseS3(recorder.matching(records), "the token record of a transaction on one shard");

    int leftBefore = recorder.matching(logOf(left)).size();
    call("TransactWriteItems", "{\"ClientRequestToken\":\"t2\",\"TransactItems\":["
        + "{\"Put\":{\"TableName\":\"left\",\"Item\":{\"pk\":{\"S\":\"c\"}}}},"
        + "{\"Put\":{\"TableName\":\"other\",\"Item\":{\"pk\":{\"S\":\"c\"}}}}]}");
    List<Put> leftLog = recorder.matching(logOf(left));
    assertEquals(leftBefore + 1, leftLog.size());
    assertSseKms(leftLog, KEY_A, "the prepared record of a transaction across tables, in a table with a key");
    assertSseS3(recorder.matching(logOf(other)), "the prepared record in a table without one");
    assertEquals(1, recorder.matching(decisions).size());
    assertSseS3(recorder.matching(decisions), "the decision of a transaction across tables");
    assertEquals(2, recorder.matching(records).size());
    assertSseS3(recorder.matching(records), "the token records");
  }

  @Test
  void theMappingFromDynamoDbsSseSpecification() {
    assertEquals(Encryption.STORE_KEYS, Encryption.forTable(false, null));
    assertEquals(new Encryption(Encryption.Kind.KMS, null), Encryption.forTable(true, null));
    assertEquals(new Encryption(Encryption.Kind.KMS, KEY_A), Encryption.forTable(true, KEY_A));
  }
}
