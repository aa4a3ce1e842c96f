package io.tidemark.api;

import static io.tidemark.api.GlobalIndexQueryTest.attribute;
import static io.tidemark.api.GlobalIndexQueryTest.eventually;
import static io.tidemark.api.GlobalIndexQueryTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * On-demand backups: taken at once whatever the table's size, restored into new tables that equal
 * the source as it was, kept after the source is deleted.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/BackupRestore.html
 */
class BackupsTest extends SdkTestBase {

  private static String table() {
    String name = uniqueName("backed");
    ddb.createTable(b -> b.tableName(name).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(attribute("pk", "S"), attribute("g", "S")).keySchema(key("pk", "HASH"))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g").keySchema(key("g", "HASH"))
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
    for (int i = 0; i < 30; i++) {
      int n = i;
      ddb.putItem(b -> b.tableName(name).item(item("pk", s("k" + n), "g", s("g" + (n % 3)), "v", n("1"))));
    }
    return name;
  }

  private static io.tidemark.view.Database db() {
    return server.context().getBean(io.tidemark.view.Database.class);
  }

  private static Map<String, Map<String, AttributeValue>> contents(String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    ddb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> items.put(i.get("pk").s(), i));
    return items;
  }

  @Test
  void backupRestoresTheTableAsItWasWhenTaken() {
    String table = table();
    Map<String, Map<String, AttributeValue>> atBackup = contents(table);
    BackupDetails created = ddb.createBackup(b -> b.tableName(table).backupName("before-changes")).backupDetails();
    assertTrue(created.backupArn().matches(".*:table/" + table + "/backup/\\d{14}-[0-9a-f]{8}"), created.backupArn());
    assertEquals("USER", created.backupTypeAsString());
    for (int i = 0; i < 30; i += 3) {
      int n = i;
      ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("k" + n))));
      ddb.putItem(b -> b.tableName(table).item(item("pk", s("new" + n), "g", s("g0"))));
    }
    BackupDescription described = ddb.describeBackup(b -> b.backupArn(created.backupArn())).backupDescription();
    assertEquals("AVAILABLE", described.backupDetails().backupStatusAsString());
    assertEquals(30L, described.sourceTableDetails().itemCount());
    assertEquals(table, described.sourceTableDetails().tableName());
    assertEquals("by-g", described.sourceTableFeatureDetails().globalSecondaryIndexes().get(0).indexName());

    String restored = uniqueName("from-backup");
    TableDescription answer = ddb.restoreTableFromBackup(b -> b.backupArn(created.backupArn())
        .targetTableName(restored)).tableDescription();
    assertEquals(created.backupArn(), answer.restoreSummary().sourceBackupArn());
    assertEquals(atBackup, contents(restored));
    assertEquals(10, eventually(() -> ddb.query(b -> b.tableName(restored).indexName("by-g")
        .keyConditionExpression("g = :g").expressionAttributeValues(Map.of(":g", s("g1")))), q -> q.count() == 10)
        .count());
    assertError(TableAlreadyExistsException.class, "TableAlreadyExistsException", "Table already exists: " + restored,
        () -> ddb.restoreTableFromBackup(b -> b.backupArn(created.backupArn()).targetTableName(restored)));
  }

  /** Beyond DynamoDB's API: each backup gets a checkpoint at exactly its position, so a restore loads it and replays nothing. */
  @Test
  void aBackupGetsItsOwnCheckpointAndRestoresFromIt() throws Exception {
    String table = table();
    Map<String, Map<String, AttributeValue>> atBackup = contents(table);
    String arn = ddb.createBackup(b -> b.tableName(table).backupName("checkpointed")).backupDetails().backupArn();
    for (int i = 0; i < 30; i++) {
      int n = i;
      ddb.putItem(b -> b.tableName(table).item(item("pk", s("k" + n), "g", s("g2"), "v", n("2"))));
    }
    io.tidemark.recovery.Backup backup = db().backups().get(arn);
    db().awaitBackupCheckpoint(backup.id());
    for (int shard = 0; shard < backup.positions().size(); shard++) {
      long seq = backup.positions().get(shard)[0];
      String checkpoint = io.tidemark.view.Shard.checkpointKey(
          io.tidemark.view.Database.shardPrefix(backup.source().id, shard), seq);
      assertTrue(seq == 0 || db().storage().blobs().head(checkpoint, 1) != null, "no checkpoint at " + checkpoint);
    }
    String restored = uniqueName("from-checkpoint");
    ddb.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(restored));
    assertEquals(atBackup, contents(restored));
  }

  @Test
  void backupsOutliveTheirTableUntilDeleted() {
    String table = table();
    Map<String, Map<String, AttributeValue>> atBackup = contents(table);
    String arn = ddb.createBackup(b -> b.tableName(table).backupName("keep")).backupDetails().backupArn();
    String tableId = ddb.describeTable(b -> b.tableName(table)).table().tableId();
    ddb.deleteTable(b -> b.tableName(table));
    assertEquals(List.of(arn), ddb.listBackups(b -> b.tableName(table)).backupSummaries().stream()
        .map(BackupSummary::backupArn).toList());
    String restored = uniqueName("after-delete");
    ddb.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(restored));
    assertEquals(atBackup, contents(restored), "restored from the deleted table's checkpoints and log");
    BackupDescription deleted = ddb.deleteBackup(b -> b.backupArn(arn)).backupDescription();
    assertEquals("DELETED", deleted.backupDetails().backupStatusAsString());
    assertError(BackupNotFoundException.class, "BackupNotFoundException", "Backup not found: " + arn,
        () -> ddb.describeBackup(b -> b.backupArn(arn)));
    assertEquals(atBackup, contents(restored), "a restored table needs nothing of its backup");
    ddb.getItem(b -> b.tableName(restored).key(Map.of("pk", s("k1")))); // (its first checkpoint is written by now)
    assertTrue(!java.nio.file.Files.exists(server.data().resolve("tables").resolve(tableId))
        || db().isReferenced(tableId), "the deleted table's files go with its last backup, unless a restore still starts from them");
  }

  @Test
  void listPagesThroughBackupsOldestFirst() throws Exception {
    String table = table();
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      arns.add(ddb.createBackup(b -> b.tableName(table).backupName("backup-" + n)).backupDetails().backupArn());
      Thread.sleep(2); // distinct creation milliseconds
    }
    List<String> seen = new ArrayList<>();
    String start = null;
    do {
      String from = start;
      ListBackupsResponse page = ddb.listBackups(b -> b.tableName(table).limit(2).exclusiveStartBackupArn(from));
      page.backupSummaries().forEach(s -> seen.add(s.backupArn()));
      start = page.lastEvaluatedBackupArn();
    } while (start != null);
    assertEquals(arns, seen);
    assertEquals(0, ddb.listBackups(b -> b.tableName(table).backupType("SYSTEM")).backupSummaries().size());
  }

  @Test
  void deletingATableWithPointInTimeRecoveryLeavesASystemBackup() {
    String table = table();
    Map<String, Map<String, AttributeValue>> last = contents(table);
    ddb.updateContinuousBackups(b -> b.tableName(table)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    ddb.deleteTable(b -> b.tableName(table));
    assertEquals(0, ddb.listBackups(b -> b.tableName(table)).backupSummaries().size(), "USER backups by default");
    List<BackupSummary> system = ddb.listBackups(b -> b.tableName(table).backupType("SYSTEM")).backupSummaries();
    assertEquals(1, system.size());
    BackupSummary kept = system.get(0);
    assertEquals(table + "$DeletedTableBackup", kept.backupName());
    assertEquals("SYSTEM", kept.backupTypeAsString());
    assertTrue(kept.backupArn().endsWith("-00000000"), kept.backupArn());
    assertEquals(35 * 86_400, kept.backupExpiryDateTime().getEpochSecond() - kept.backupCreationDateTime().getEpochSecond(),
        1, "kept 35 days");
    assertEquals(1, ddb.listBackups(b -> b.tableName(table).backupType("ALL")).backupSummaries().size());
    String restored = uniqueName("from-system-backup");
    ddb.restoreTableFromBackup(b -> b.backupArn(kept.backupArn()).targetTableName(restored));
    assertEquals(last, contents(restored), "the table as it was deleted");
    DynamoDbException refused = assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.deleteBackup(b -> b.backupArn(kept.backupArn())));
    assertTrue(refused.awsErrorDetails().errorMessage().startsWith("Invalid Request: User is not allowed to delete the "
        + "system backup with arn " + kept.backupArn()), refused.awsErrorDetails().errorMessage());
  }

  /**
   * While a restore runs, its target name and its backup are in use, as in DynamoDB while the
   * target is CREATING (a restore here runs inside its call, so the test holds one open).
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableFromBackup.html
   */
  @Test
  void aRestoreUnderWayHoldsItsTargetNameAndItsBackup() {
    String table = table();
    String arn = ddb.createBackup(b -> b.tableName(table).backupName("in-use")).backupDetails().backupArn();
    String other = ddb.createBackup(b -> b.tableName(table).backupName("other")).backupDetails().backupArn();
    io.tidemark.recovery.Backup backup = db().backups().get(arn);
    String target = uniqueName("being-restored");
    try (io.tidemark.view.Database.RestoreReservation running =
        db().reserveRestore(target, arn, backup.id(), backup.source().id)) {
      assertError(software.amazon.awssdk.services.dynamodb.model.TableInUseException.class, "TableInUseException",
          "Table: " + target + " is already being restored from backup: " + arn,
          () -> ddb.restoreTableFromBackup(b -> b.backupArn(other).targetTableName(target)));
      assertError(software.amazon.awssdk.services.dynamodb.model.BackupInUseException.class, "BackupInUseException",
          "Backup is being used to restore another table: " + arn,
          () -> ddb.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(uniqueName("second"))));
      assertError(software.amazon.awssdk.services.dynamodb.model.BackupInUseException.class, "BackupInUseException",
          "Backup is being used to restore table: " + arn, () -> ddb.deleteBackup(b -> b.backupArn(arn)));
      assertError(software.amazon.awssdk.services.dynamodb.model.ResourceInUseException.class, "ResourceInUseException",
          "Table already exists: " + target, () -> ddb.createTable(b -> b.tableName(target)
              .billingMode("PAY_PER_REQUEST").attributeDefinitions(attribute("pk", "S")).keySchema(key("pk", "HASH"))));
      ddb.updateContinuousBackups(b -> b.tableName(table).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
      assertError(software.amazon.awssdk.services.dynamodb.model.TableInUseException.class, "TableInUseException",
          "Table: " + target + " is already being restored from backup: " + arn,
          () -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(target)
              .useLatestRestorableTime(true)));
    }
    Map<String, Map<String, AttributeValue>> atBackup = contents(uniqueRestore(arn));
    assertEquals(30, atBackup.size(), "once the restore is over, the backup and the name are free");
    ddb.deleteBackup(b -> b.backupArn(arn));
  }

  private static String uniqueRestore(String arn) {
    String restored = uniqueName("after-in-use");
    ddb.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(restored));
    return restored;
  }

  @Test
  void errorsAreDynamoDbs() {
    assertError(TableNotFoundException.class, "TableNotFoundException", "Table not found: nowhere",
        () -> ddb.createBackup(b -> b.tableName("nowhere").backupName("x-backup")));
    String missing = "arn:aws:dynamodb:us-east-1:000000000000:table/nowhere/backup/01700000000000-0000abcd";
    assertError(BackupNotFoundException.class, "BackupNotFoundException", "Backup not found: " + missing,
        () -> ddb.describeBackup(b -> b.backupArn(missing)));
    assertError(DynamoDbException.class, "ValidationException", "Invalid Backup ARN",
        () -> ddb.describeBackup(b -> b.backupArn("arn:aws:dynamodb:us-east-1:000000000000:table/nowhere")));
    assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.createBackup(b -> b.tableName("nowhere").backupName("x")));
  }
}
