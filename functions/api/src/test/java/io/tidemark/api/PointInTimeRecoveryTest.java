package io.tidemark.api;

import static io.tidemark.api.GlobalIndexQueryTest.attribute;
import static io.tidemark.api.GlobalIndexQueryTest.eventually;
import static io.tidemark.api.GlobalIndexQueryTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.InvalidRestoreTimeException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * Point-in-time recovery: the window, and restores into new tables that equal the source as it
 * was at the chosen moment.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
 */
class PointInTimeRecoveryTest extends SdkTestBase {

  private static String table() {
    String name = uniqueName("pitr");
    ddb.createTable(b -> b.tableName(name).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(attribute("pk", "S"), attribute("g", "S")).keySchema(key("pk", "HASH"))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g").keySchema(key("g", "HASH"))
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
    return name;
  }

  private static void enable(String table) {
    ddb.updateContinuousBackups(b -> b.tableName(table)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
  }

  private static Map<String, Map<String, AttributeValue>> contents(String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    ddb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> items.put(i.get("pk").s(), i));
    return items;
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void windowIsDescribedFromWhenRecoveryWasTurnedOnToNow() {
    String table = table();
    ContinuousBackupsDescription off = ddb.describeContinuousBackups(b -> b.tableName(table))
        .continuousBackupsDescription();
    assertEquals("ENABLED", off.continuousBackupsStatusAsString());
    assertEquals("DISABLED", off.pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString());
    assertNull(off.pointInTimeRecoveryDescription().earliestRestorableDateTime());
    Instant before = Instant.now();
    ContinuousBackupsDescription on = ddb.updateContinuousBackups(b -> b.tableName(table)
        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)))
        .continuousBackupsDescription();
    var pitr = on.pointInTimeRecoveryDescription();
    assertEquals("ENABLED", pitr.pointInTimeRecoveryStatusAsString());
    assertEquals(7, pitr.recoveryPeriodInDays());
    assertTrue(!pitr.earliestRestorableDateTime().isBefore(before.minusMillis(1)), "from when it was turned on");
    assertTrue(!pitr.latestRestorableDateTime().isBefore(pitr.earliestRestorableDateTime()));
    assertError(TableNotFoundException.class, "TableNotFoundException", null,
        () -> ddb.describeContinuousBackups(b -> b.tableName("no-such-table")));
  }

  @Test
  void restoreToAMomentGivesTheTableAsItWasThen() {
    String table = table();
    enable(table);
    for (int i = 0; i < 50; i++) {
      int n = i;
      ddb.putItem(b -> b.tableName(table).item(item("pk", s("k" + n), "g", s("g" + (n % 5)), "v", n("1"))));
    }
    pause();
    Map<String, Map<String, AttributeValue>> then = contents(table);
    Instant moment = Instant.now();
    pause();
    for (int i = 0; i < 50; i += 2) {
      int n = i;
      ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("k" + n))));
      ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("k" + (n + 1)))).updateExpression("SET v = :v")
          .expressionAttributeValues(Map.of(":v", n("2"))));
    }
    String restored = uniqueName("pitr-then");
    TableDescription answer = ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(restored)
        .restoreDateTime(moment)).tableDescription();
    assertEquals(restored, answer.tableName());
    assertEquals(table, answer.restoreSummary().sourceTableArn().substring(answer.restoreSummary().sourceTableArn()
        .lastIndexOf('/') + 1));
    assertEquals(then, contents(restored), "every item as it was at the moment");
    assertEquals(10, eventually(() -> ddb.query(b -> b.tableName(restored).indexName("by-g")
        .keyConditionExpression("g = :g").expressionAttributeValues(Map.of(":g", s("g1")))), q -> q.count() == 10)
        .count(), "indexes come with the table");
    String latest = uniqueName("pitr-latest");
    ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(latest).useLatestRestorableTime(true));
    assertEquals(contents(table), contents(latest), "the latest restorable time is the last acknowledged write");
    ddb.putItem(b -> b.tableName(latest).item(item("pk", s("new"), "g", s("g9"))));
    assertTrue(ddb.getItem(b -> b.tableName(latest).key(Map.of("pk", s("new")))).hasItem(),
        "the restored table takes writes");
    assertTrue(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("new")))).item().isEmpty(), "apart from its source");
  }

  @Test
  void readsAsOfAPastMomentSeeTheTableAsItWas() {
    String table = table();
    ddb.putItem(b -> b.tableName(table).item(item("pk", s("a"), "g", s("g1"), "v", n("1"))));
    ddb.putItem(b -> b.tableName(table).item(item("pk", s("b"), "g", s("g1"), "v", n("1"))));
    pause();
    String moment = Instant.now().toString();
    pause();
    ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("a"))).updateExpression("SET v = :v, g = :g")
        .expressionAttributeValues(Map.of(":v", n("2"), ":g", s("g2"))));
    ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("b"))));
    String header = "X-Tidemark-As-Of";
    assertEquals(n("1"), ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a")))
        .overrideConfiguration(o -> o.putHeader(header, moment))).item().get("v"));
    assertEquals(n("2"), ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a")))).item().get("v"), "now");
    assertEquals(2, ddb.scan(b -> b.tableName(table).overrideConfiguration(o -> o.putHeader(header, moment))).count());
    assertEquals(2, ddb.query(b -> b.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
        .expressionAttributeValues(Map.of(":g", s("g1"))).overrideConfiguration(o -> o.putHeader(header, moment)))
        .count(), "a global index as it was");
    assertError(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class, "ValidationException", null,
        () -> ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a")))
            .overrideConfiguration(o -> o.putHeader(header, "yesterday"))));
    assertError(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class, "ValidationException", null,
        () -> ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("a")))
            .overrideConfiguration(o -> o.putHeader(header, "1000000000"))));
  }

  @Test
  void restoresAreRefusedAsDynamoDbRefusesThem() {
    String table = table();
    assertError(PointInTimeRecoveryUnavailableException.class, "PointInTimeRecoveryUnavailableException", null,
        () -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(uniqueName("x"))
            .useLatestRestorableTime(true)));
    enable(table);
    assertError(TableAlreadyExistsException.class, "TableAlreadyExistsException", null,
        () -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(table)
            .useLatestRestorableTime(true)));
    assertError(InvalidRestoreTimeException.class, "InvalidRestoreTimeException", null,
        () -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(uniqueName("x"))
            .restoreDateTime(Instant.now().minusSeconds(3600))));
    assertError(TableNotFoundException.class, "TableNotFoundException", null,
        () -> ddb.restoreTableToPointInTime(b -> b.sourceTableName("no-such-table").targetTableName(uniqueName("x"))
            .useLatestRestorableTime(true)));
  }
}
