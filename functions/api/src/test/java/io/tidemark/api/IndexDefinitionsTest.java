package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * CreateTable with secondary indexes: DynamoDB's checks on their definitions, and how DescribeTable
 * shows them. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
 */
class IndexDefinitionsTest extends SdkTestBase {
  private static AttributeDefinition def(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType("S").build();
  }

  private static KeySchemaElement key(String name, String type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static CreateTableRequest.Builder table(String name) {
    return CreateTableRequest.builder().tableName(name).billingMode("PAY_PER_REQUEST")
        .keySchema(key("pk", "HASH"), key("sk", "RANGE"));
  }

  private static LocalSecondaryIndex lsi(String name, String sortKey, Projection projection) {
    return LocalSecondaryIndex.builder().indexName(name).keySchema(key("pk", "HASH"), key(sortKey, "RANGE"))
        .projection(projection).build();
  }

  private static GlobalSecondaryIndex gsi(String name, String hash, Projection projection) {
    return GlobalSecondaryIndex.builder().indexName(name).keySchema(key(hash, "HASH")).projection(projection).build();
  }

  private static Projection all() {
    return Projection.builder().projectionType(ProjectionType.ALL).build();
  }

  @Test
  void indexesAreDescribed() {
    String name = uniqueName("indexed");
    ddb.createTable(table(name).attributeDefinitions(def("pk"), def("sk"), def("lsk"))
        .localSecondaryIndexes(lsi("by-lsk", "lsk", Projection.builder().projectionType(ProjectionType.INCLUDE)
            .nonKeyAttributes("a", "b").build()))
        .build());
    ddb.putItem(r -> r.tableName(name).item(item("pk", s("p"), "sk", s("1"), "lsk", s("x"), "a", s("kept"),
        "other", s("not projected"))));
    ddb.putItem(r -> r.tableName(name).item(item("pk", s("p"), "sk", s("2")))); // no lsk: not in the index
    TableDescription t = ddb.describeTable(r -> r.tableName(name)).table();
    var local = t.localSecondaryIndexes().get(0);
    assertEquals("by-lsk", local.indexName());
    assertEquals(List.of("a", "b"), local.projection().nonKeyAttributes());
    assertEquals(t.tableArn() + "/index/by-lsk", local.indexArn());
    assertEquals(1L, local.itemCount());
    assertEquals(15L, local.indexSizeBytes(), "pk, sk, lsk and a: (2+1) + (2+1) + (3+1) + (1+4)");
  }

  @Test
  void globalIndexOfAProvisionedTableHasItsOwnThroughput() {
    String name = uniqueName("gsi-provisioned");
    ddb.createTable(CreateTableRequest.builder().tableName(name).keySchema(key("pk", "HASH"), key("sk", "RANGE"))
        .attributeDefinitions(def("pk"), def("sk"), def("g"))
        .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g").keySchema(key("g", "HASH"))
            .projection(all()).provisionedThroughput(t -> t.readCapacityUnits(3L).writeCapacityUnits(2L)).build())
        .build());
    var index = ddb.describeTable(r -> r.tableName(name)).table().globalSecondaryIndexes().get(0);
    assertEquals("ACTIVE", index.indexStatusAsString());
    assertEquals(3L, index.provisionedThroughput().readCapacityUnits());
    assertEquals(2L, index.provisionedThroughput().writeCapacityUnits());
    assertEquals("ALL", index.projection().projectionTypeAsString());
  }

  @Test
  void definitionsAreCheckedAsDynamoDbDoes() {
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required "
            + "when specifying a LocalSecondaryIndex",
        () -> ddb.createTable(CreateTableRequest.builder().tableName(uniqueName("x")).billingMode("PAY_PER_REQUEST")
            .keySchema(key("pk", "HASH")).attributeDefinitions(def("pk"), def("lsk"))
            .localSecondaryIndexes(lsi("l1x", "lsk", all())).build()));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified",
        () -> ddb.createTable(table(uniqueName("x")).attributeDefinitions(def("pk"), def("sk"), def("g"))
            .globalSecondaryIndexes(gsi("g1x", "g", Projection.builder().projectionType(ProjectionType.INCLUDE).build()))
            .build()));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Duplicate index name: same",
        () -> ddb.createTable(table(uniqueName("x")).attributeDefinitions(def("pk"), def("sk"), def("lsk"), def("g"))
            .localSecondaryIndexes(lsi("same", "lsk", all())).globalSecondaryIndexes(gsi("same", "g", all())).build()));
    assertError(DynamoDbException.class, "ValidationException",
        "2 validation errors detected: Value 'g1' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy "
            + "constraint: Member must have length greater than or equal to 3; Value 'l1' at "
            + "'localSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length "
            + "greater than or equal to 3",
        () -> ddb.createTable(table(uniqueName("x")).attributeDefinitions(def("pk"), def("sk"), def("lsk"), def("g"))
            .localSecondaryIndexes(lsi("l1", "lsk", all())).globalSecondaryIndexes(gsi("g1", "g", all())).build()));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: "
            + "[pk, sk, g, unused], keys used: [pk, sk, g]",
        () -> ddb.createTable(table(uniqueName("x")).attributeDefinitions(def("pk"), def("sk"), def("g"), def("unused"))
            .globalSecondaryIndexes(gsi("g1x", "g", all())).build()));
  }

  @Test
  void definitionsSurviveRestart() throws Exception {
    java.nio.file.Path data = java.nio.file.Files.createTempDirectory("tidemark-indexdefs");
    TestServer first = new TestServer(data);
    try (var client = first.client()) {
      client.createTable(table("kept").attributeDefinitions(def("pk"), def("sk"), def("lsk"))
          .localSecondaryIndexes(lsi("by-lsk", "lsk", all())).build());
    }
    first.stop();
    TestServer again = new TestServer(data);
    try (var client = again.client()) {
      assertEquals("by-lsk", client.describeTable(r -> r.tableName("kept")).table().localSecondaryIndexes().get(0)
          .indexName());
    } finally {
      again.close();
    }
  }
}
