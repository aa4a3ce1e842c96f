package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable, per the DynamoDB API reference. */
class TableOperationsTest extends SdkTestBase {

  private static CreateTableResponse createMystore(String name) {
    return ddb.createTable(b -> b.tableName(name)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("clientid").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("created").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("clientid").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("created").keyType(KeyType.RANGE).build())
        .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(1L).writeCapacityUnits(1L).build())
        .sseSpecification(SSESpecification.builder().enabled(true).build())
        .tags(Tag.builder().key("team").value("tide").build()));
  }

  @Test
  void createDescribeAndDeleteAProvisionedEncryptedTable() {
    String name = uniqueName("mystore");
    TableDescription created = createMystore(name).tableDescription();
    assertEquals(TableStatus.CREATING, created.tableStatus());
    assertEquals(name, created.tableName());
    assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/" + name, created.tableArn());
    assertNotNull(created.tableId());
    assertNotNull(created.creationDateTime());

    TableDescription described = ddb.describeTable(b -> b.tableName(name)).table();
    assertEquals(TableStatus.ACTIVE, described.tableStatus());
    assertEquals(1L, described.provisionedThroughput().readCapacityUnits());
    assertEquals(1L, described.provisionedThroughput().writeCapacityUnits());
    assertEquals("ENABLED", described.sseDescription().statusAsString());
    assertEquals("KMS", described.sseDescription().sseTypeAsString());
    assertEquals(0L, described.itemCount());
    assertEquals(0L, described.tableSizeBytes());
    assertEquals(List.of("clientid", "created"),
        described.keySchema().stream().map(KeySchemaElement::attributeName).toList());
    assertNull(described.billingModeSummary());

    ddb.putItem(b -> b.tableName(name).item(item("clientid", s("a"), "created", s("2024"), "x", s("hello"))));
    TableDescription withItem = ddb.describeTable(b -> b.tableName(name)).table();
    assertEquals(1L, withItem.itemCount());
    assertEquals("clientid".length() + 1 + "created".length() + 4 + 1 + 5, withItem.tableSizeBytes());

    DeleteTableResponse deleted = ddb.deleteTable(b -> b.tableName(name));
    assertEquals(TableStatus.DELETING, deleted.tableDescription().tableStatus());
    assertError(ResourceNotFoundException.class, "ResourceNotFoundException",
        "Requested resource not found: Table: " + name + " not found", () -> ddb.describeTable(b -> b.tableName(name)));
  }

  @Test
  void onDemandTableHasABillingModeSummary() {
    String name = createTable("ondemand", "id", ScalarAttributeType.N, null, null);
    TableDescription d = ddb.describeTable(b -> b.tableName(name)).table();
    assertEquals(BillingMode.PAY_PER_REQUEST, d.billingModeSummary().billingMode());
    assertEquals(0L, d.provisionedThroughput().readCapacityUnits());
  }

  @Test
  void createExistingTableIsResourceInUse() {
    String name = createTable("dup", "id", ScalarAttributeType.S, null, null);
    assertError(ResourceInUseException.class, "ResourceInUseException", "Table already exists: " + name,
        () -> ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType("S").build())
            .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())));
  }

  @Test
  void createTableValidation() {
    assertError(DynamoDbException.class, "ValidationException",
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
        () -> ddb.createTable(b -> b.tableName("ab").billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType("S").build())
            .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
        () -> ddb.createTable(b -> b.tableName("needs-throughput")
            .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType("S").build())
            .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())));
    assertError(DynamoDbException.class, "ValidationException",
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [id], AttributeDefinitions: [other]",
        () -> ddb.createTable(b -> b.tableName("undefined-key").billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(AttributeDefinition.builder().attributeName("other").attributeType("S").build())
            .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())));
    assertError(DynamoDbException.class, "ValidationException",
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        () -> ddb.createTable(b -> b.tableName("range-first").billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType("S").build())
            .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.RANGE).build())));
    assertError(DynamoDbException.class, "ValidationException",
        "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
        () -> ddb.createTable(b -> b.tableName("zero-capacity")
            .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType("S").build())
            .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
            .provisionedThroughput(p -> p.readCapacityUnits(0L).writeCapacityUnits(1L))));
    assertFalse(ddb.listTables().tableNames().contains("zero-capacity"));
  }

  @Test
  void listTablesPagesInNameOrder() {
    List<String> mine = List.of(createTable("list-c", "id", ScalarAttributeType.S, null, null),
        createTable("list-a", "id", ScalarAttributeType.S, null, null),
        createTable("list-b", "id", ScalarAttributeType.S, null, null));
    List<String> all = ddb.listTables().tableNames();
    assertTrue(all.containsAll(mine));
    assertEquals(all.stream().sorted().toList(), all);
    ListTablesResponse first = ddb.listTables(b -> b.limit(1));
    assertEquals(1, first.tableNames().size());
    assertEquals(first.tableNames().get(0), first.lastEvaluatedTableName());
    ListTablesResponse next = ddb.listTables(b -> b.exclusiveStartTableName(first.lastEvaluatedTableName()).limit(100));
    assertEquals(all.subList(1, all.size()), next.tableNames());
    assertNull(next.lastEvaluatedTableName());
    assertError(DynamoDbException.class, "ValidationException",
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
        () -> ddb.listTables(b -> b.limit(0)));
  }

  @Test
  void updateTableChangesCapacityAndBillingMode() {
    String name = uniqueName("update");
    createMystore(name);
    TableDescription updated = ddb.updateTable(b -> b.tableName(name)
        .provisionedThroughput(p -> p.readCapacityUnits(4L).writeCapacityUnits(2L))).tableDescription();
    assertEquals(4L, updated.provisionedThroughput().readCapacityUnits());
    assertNotNull(updated.provisionedThroughput().lastIncreaseDateTime());
    assertError(DynamoDbException.class, "ValidationException", null, () -> ddb.updateTable(b -> b.tableName(name)
        .provisionedThroughput(p -> p.readCapacityUnits(4L).writeCapacityUnits(2L))));
    ddb.updateTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST));
    TableDescription d = ddb.describeTable(b -> b.tableName(name)).table();
    assertEquals(BillingMode.PAY_PER_REQUEST, d.billingModeSummary().billingMode());
    assertError(ResourceNotFoundException.class, "ResourceNotFoundException", "Requested resource not found",
        () -> ddb.updateTable(b -> b.tableName("no-such-table").billingMode(BillingMode.PAY_PER_REQUEST)));
  }

  @Test
  void deletionProtectionBlocksDeleteTable() {
    String name = createTable("protected", "id", ScalarAttributeType.S, null, null);
    ddb.updateTable(b -> b.tableName(name).deletionProtectionEnabled(true));
    assertTrue(ddb.describeTable(b -> b.tableName(name)).table().deletionProtectionEnabled());
    assertError(DynamoDbException.class, "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
        () -> ddb.deleteTable(b -> b.tableName(name)));
    ddb.updateTable(b -> b.tableName(name).deletionProtectionEnabled(false));
    ddb.deleteTable(b -> b.tableName(name));
  }

  @Test
  void tablesAndItemsSurviveARestart() {
    TestServer first = new TestServer();
    String name = uniqueName("restart");
    try (var client = first.client()) {
      createMystoreWith(client, name);
      client.putItem(b -> b.tableName(name).item(item("clientid", s("k"), "created", s("1"), "v", n("1"))));
    }
    first.stop();
    try (TestServer second = new TestServer(first.data()); var client = second.client()) {
      assertTrue(client.listTables().tableNames().contains(name));
      TableDescription d = client.describeTable(b -> b.tableName(name)).table();
      assertEquals(1L, d.provisionedThroughput().readCapacityUnits());
      assertEquals("ENABLED", d.sseDescription().statusAsString());
      assertEquals(n("1"), client.getItem(b -> b.tableName(name)
          .key(item("clientid", s("k"), "created", s("1")))).item().get("v"));
    }
  }

  private static void createMystoreWith(software.amazon.awssdk.services.dynamodb.DynamoDbClient client, String name) {
    client.createTable(b -> b.tableName(name)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("clientid").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("created").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("clientid").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("created").keyType(KeyType.RANGE).build())
        .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(1L).writeCapacityUnits(1L).build())
        .sseSpecification(SSESpecification.builder().enabled(true).build()));
  }
}
