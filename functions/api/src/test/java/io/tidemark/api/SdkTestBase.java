package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** One embedded server per test class, driven through the AWS SDK for Java v2. */
abstract class SdkTestBase {
  protected static TestServer server;
  protected static DynamoDbClient ddb;
  private static final AtomicInteger TABLES = new AtomicInteger();

  @BeforeAll
  static void startServer(TestInfo info) throws java.io.IOException {
    ShardsPerTable shards = info.getTestClass().orElseThrow().getAnnotation(ShardsPerTable.class);
    server = shards == null ? new TestServer()
        : new TestServer(java.nio.file.Files.createTempDirectory("tidemark-test"),
            Map.of("tidemark.shards-per-table", shards.value()));
    ddb = server.client();
  }

  @AfterAll
  static void stopServer() {
    ddb.close();
    server.close();
  }

  static String uniqueName(String base) {
    return base + "-" + TABLES.incrementAndGet();
  }

  /** Creates an on-demand table; rangeName may be null. */
  static String createTable(String base, String hashName, ScalarAttributeType hashType, String rangeName,
      ScalarAttributeType rangeType) {
    String name = uniqueName(base);
    CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
    if (rangeName == null) {
      b.attributeDefinitions(AttributeDefinition.builder().attributeName(hashName).attributeType(hashType).build())
          .keySchema(KeySchemaElement.builder().attributeName(hashName).keyType(KeyType.HASH).build());
    } else {
      b.attributeDefinitions(AttributeDefinition.builder().attributeName(hashName).attributeType(hashType).build(),
              AttributeDefinition.builder().attributeName(rangeName).attributeType(rangeType).build())
          .keySchema(KeySchemaElement.builder().attributeName(hashName).keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName(rangeName).keyType(KeyType.RANGE).build());
    }
    ddb.createTable(b.build());
    return name;
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

  /** Builds an item from name, value pairs. */
  static Map<String, AttributeValue> item(Object... pairs) {
    Map<String, AttributeValue> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
    }
    return m;
  }

  /** Asserts the call fails with DynamoDB's error code and exact message. */
  static <T extends DynamoDbException> T assertError(Class<T> type, String code, String message, Executable call) {
    T e = assertThrows(type, call);
    assertEquals(code, e.awsErrorDetails().errorCode());
    if (message != null) {
      assertEquals(message, e.awsErrorDetails().errorMessage());
    }
    assertEquals(400, e.statusCode());
    return e;
  }
}
