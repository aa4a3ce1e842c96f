package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Query and Scan: key conditions, order, filters, paging by Limit and by 1 MB, parallel scan. */
class QueryScanTest extends SdkTestBase {
  private static String table;
  private static final int PARTITIONS = 20;
  private static final int PER_PARTITION = 30;

  @BeforeAll
  static void load() {
    table = createTable("query", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    for (int p = 0; p < PARTITIONS; p++) {
      for (int i = 0; i < PER_PARTITION; i++) {
        int pi = p;
        int ii = i;
        ddb.putItem(b -> b.tableName(table).item(item("pk", s("p" + pi), "sk", n(Integer.toString(ii)),
            "even", AttributeValue.fromBool(ii % 2 == 0), "tag", s("t" + (ii % 3)))));
      }
    }
  }

  private static List<Integer> sortKeys(List<Map<String, AttributeValue>> items) {
    return items.stream().map(i -> Integer.parseInt(i.get("sk").n())).toList();
  }

  @Test
  void keyConditionOperatorsSelectSortKeyRanges() {
    Map<String, AttributeValue> values = Map.of(":p", s("p3"), ":a", n("5"), ":b", n("9"));
    assertEquals(List.of(5, 6, 7, 8, 9), sortKeys(ddb.query(b -> b.tableName(table)
        .keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b").expressionAttributeValues(values)).items()));
    assertEquals(List.of(0, 1, 2, 3, 4), sortKeys(ddb.query(b -> b.tableName(table)
        .keyConditionExpression("pk = :p AND sk < :a")
        .expressionAttributeValues(Map.of(":p", s("p3"), ":a", n("5")))).items()));
    assertEquals(List.of(29, 28, 27, 26, 25, 24, 23, 22, 21, 20), sortKeys(ddb.query(b -> b.tableName(table)
        .keyConditionExpression("pk = :p AND sk >= :a").scanIndexForward(false)
        .expressionAttributeValues(Map.of(":p", s("p3"), ":a", n("20")))).items()));
    assertEquals(PER_PARTITION, ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", s("p3")))).count());
    assertEquals(0, ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", s("nope")))).count());
  }

  @Test
  void filterCountsScannedItemsAndSelectCount() {
    QueryResponse r = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
        .filterExpression("even = :t").expressionAttributeValues(Map.of(":p", s("p1"), ":t", AttributeValue.fromBool(true))));
    assertEquals(15, r.count());
    assertEquals(30, r.scannedCount());
    QueryResponse counted = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").select(Select.COUNT)
        .expressionAttributeValues(Map.of(":p", s("p1"))));
    assertEquals(30, counted.count());
    assertFalse(counted.hasItems() && !counted.items().isEmpty());
  }

  @Test
  void limitPagesWithLastEvaluatedKey() {
    List<Integer> seen = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    int pages = 0;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse r = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").limit(7)
          .exclusiveStartKey(from).scanIndexForward(false).expressionAttributeValues(Map.of(":p", s("p2"))));
      seen.addAll(sortKeys(r.items()));
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
      pages++;
    } while (start != null);
    assertEquals(5, pages);
    List<Integer> expected = new ArrayList<>();
    for (int i = PER_PARTITION - 1; i >= 0; i--) {
      expected.add(i);
    }
    assertEquals(expected, seen);
  }

  @Test
  void legacyKeyConditionsAndQueryFilter() {
    QueryResponse r = ddb.query(b -> b.tableName(table)
        .keyConditions(Map.of("pk", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("p4")).build(),
            "sk", Condition.builder().comparisonOperator(ComparisonOperator.GT).attributeValueList(n("24")).build()))
        .queryFilter(Map.of("tag", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("t0")).build())));
    assertEquals(List.of(27), sortKeys(r.items()));
  }

  @Test
  void queryErrors() {
    assertError(DynamoDbException.class, "ValidationException",
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
        () -> ddb.query(b -> b.tableName(table)));
    assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.query(b -> b.tableName(table).keyConditionExpression("sk = :v").expressionAttributeValues(Map.of(":v", n("1")))));
    assertError(DynamoDbException.class, "ValidationException",
        "The provided starting key is outside query boundaries based on provided conditions",
        () -> ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p AND sk > :v").scanIndexForward(false)
            .exclusiveStartKey(item("pk", s("p1"), "sk", n("3")))
            .expressionAttributeValues(Map.of(":p", s("p1"), ":v", n("5")))));
    assertError(DynamoDbException.class, "ValidationException",
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
        () -> ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p").filterExpression("sk > :v")
            .expressionAttributeValues(Map.of(":p", s("p1"), ":v", n("1")))));
    assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
            .expressionAttributeValues(Map.of(":p", n("1")))));
  }

  @Test
  void scanReadsEverythingOnceAcrossPages() {
    Set<String> keys = new HashSet<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse r = ddb.scan(b -> b.tableName(table).limit(37).exclusiveStartKey(from));
      for (Map<String, AttributeValue> i : r.items()) {
        assertTrue(keys.add(i.get("pk").s() + "/" + i.get("sk").n()), "no item twice");
      }
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    assertEquals(PARTITIONS * PER_PARTITION, keys.size());
  }

  @Test
  void parallelScanSegmentsPartitionTheTable() {
    int total = 0;
    Set<String> partitions = new HashSet<>();
    for (int seg = 0; seg < 4; seg++) {
      int segment = seg;
      ScanResponse r = ddb.scan(b -> b.tableName(table).segment(segment).totalSegments(4));
      total += r.count();
      r.items().forEach(i -> partitions.add(i.get("pk").s()));
    }
    assertEquals(PARTITIONS * PER_PARTITION, total);
    assertEquals(PARTITIONS, partitions.size());
    assertError(DynamoDbException.class, "ValidationException",
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4",
        () -> ddb.scan(b -> b.tableName(table).segment(4).totalSegments(4)));
  }

  @Test
  void scanStopsAtOneMegabyte() {
    String big = createTable("bigscan", "id", ScalarAttributeType.S, null, null);
    String payload = "x".repeat(100_000);
    for (int i = 0; i < 25; i++) {
      int ii = i;
      ddb.putItem(b -> b.tableName(big).item(item("id", s("i" + ii), "v", s(payload))));
    }
    ScanResponse first = ddb.scan(b -> b.tableName(big));
    assertTrue(first.count() < 25 && first.count() >= 10, "count " + first.count());
    assertFalse(first.lastEvaluatedKey().isEmpty());
    ScanResponse rest = ddb.scan(b -> b.tableName(big).exclusiveStartKey(first.lastEvaluatedKey()));
    ScanResponse last = rest.lastEvaluatedKey().isEmpty() ? rest
        : ddb.scan(b -> b.tableName(big).exclusiveStartKey(rest.lastEvaluatedKey()));
    assertEquals(25, first.count() + rest.count() + (last == rest ? 0 : last.count()));
  }

  @Test
  void scanFilterWithProjection() {
    ScanResponse r = ddb.scan(b -> b.tableName(table).filterExpression("sk = :z AND begins_with(pk, :p)")
        .projectionExpression("pk").expressionAttributeValues(Map.of(":z", n("0"), ":p", s("p1"))));
    // p1, p10..p19
    assertEquals(11, r.count());
    r.items().forEach(i -> assertEquals(Set.of("pk"), i.keySet()));
    assertNull(r.lastEvaluatedKey().isEmpty() ? null : r.lastEvaluatedKey());
  }
}
