package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Query and Scan through a local secondary index.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html
 */
class LocalIndexQueryTest extends SdkTestBase {
  private static final String TABLE = "lsi-reads";

  @BeforeAll
  static void table() {
    ddb.createTable(b -> b.tableName(TABLE).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build(),
            AttributeDefinition.builder().attributeName("sk").attributeType("S").build(),
            AttributeDefinition.builder().attributeName("rank").attributeType("N").build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build(),
            KeySchemaElement.builder().attributeName("sk").keyType("RANGE").build())
        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-rank")
            .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build(),
                KeySchemaElement.builder().attributeName("rank").keyType("RANGE").build())
            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));
    String[][] items = {{"a", "30"}, {"b", "10"}, {"c", null}, {"d", "20"}, {"e", "20"}};
    for (String[] i : items) {
      Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of("pk", s("p"), "sk", s(i[0]),
          "payload", s("data-" + i[0])));
      if (i[1] != null) {
        item.put("rank", n(i[1]));
      }
      ddb.putItem(b -> b.tableName(TABLE).item(item));
    }
  }

  private static List<String> sortKeys(List<Map<String, AttributeValue>> items) {
    List<String> keys = new ArrayList<>();
    items.forEach(i -> keys.add(i.get("sk").s()));
    return keys;
  }

  @Test
  void queryFollowsTheIndexSortKeyAndIsSparse() {
    QueryResponse all = ddb.query(b -> b.tableName(TABLE).indexName("by-rank").keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", s("p"))));
    assertEquals(List.of("b", "d", "e", "a"), sortKeys(all.items()), "by rank, ties by table key; c has no rank");
    assertEquals(Map.of("pk", s("p"), "sk", s("b"), "rank", n("10")), all.items().get(0), "KEYS_ONLY projection");
    QueryResponse range = ddb.query(b -> b.tableName(TABLE).indexName("by-rank").consistentRead(true)
        .keyConditionExpression("pk = :p AND #r BETWEEN :lo AND :hi").expressionAttributeNames(Map.of("#r", "rank"))
        .expressionAttributeValues(Map.of(":p", s("p"), ":lo", n("15"), ":hi", n("30"))).scanIndexForward(false));
    assertEquals(List.of("a", "e", "d"), sortKeys(range.items()));
    QueryResponse full = ddb.query(b -> b.tableName(TABLE).indexName("by-rank").select("ALL_ATTRIBUTES")
        .keyConditionExpression("pk = :p AND #r = :r").expressionAttributeNames(Map.of("#r", "rank"))
        .expressionAttributeValues(Map.of(":p", s("p"), ":r", n("30"))));
    assertEquals(s("data-a"), full.items().get(0).get("payload"), "a local index fetches the rest from the table");
  }

  @Test
  void pagesCarryTheIndexKeyAndTheTableKey() {
    List<String> seen = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page = ddb.query(b -> b.tableName(TABLE).indexName("by-rank").limit(1)
          .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p"))).exclusiveStartKey(from));
      seen.addAll(sortKeys(page.items()));
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
      if (start != null) {
        assertEquals(java.util.Set.of("pk", "sk", "rank"), start.keySet());
      }
    } while (start != null);
    assertEquals(List.of("b", "d", "e", "a"), seen, "equal index keys (d, e) page one by one");
  }

  @Test
  void partiQlReadsThroughTheIndex() {
    var byRank = ddb.executeStatement(b -> b.statement("SELECT sk FROM \"" + TABLE + "\".\"by-rank\" WHERE pk = 'p' "
        + "AND rank >= 20")).items();
    assertEquals(List.of("d", "e", "a"), sortKeys(byRank));
    assertEquals(4, ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + TABLE + "\".\"by-rank\"")).items().size(),
        "a scan of the index: the sparse item is not in it");
  }

  @Test
  void scanReadsTheIndexAndErrorsAreDynamoDbs() {
    assertEquals(List.of("b", "d", "e", "a"), sortKeys(ddb.scan(b -> b.tableName(TABLE).indexName("by-rank")).items()));
    assertError(DynamoDbException.class, "ValidationException", "The table does not have the specified index: nope",
        () -> ddb.query(b -> b.tableName(TABLE).indexName("nope").keyConditionExpression("pk = :p")
            .expressionAttributeValues(Map.of(":p", s("p")))));
    assertNull(ddb.query(b -> b.tableName(TABLE).indexName("by-rank").keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", s("nobody")))).lastEvaluatedKey().get("pk"));
  }
}
