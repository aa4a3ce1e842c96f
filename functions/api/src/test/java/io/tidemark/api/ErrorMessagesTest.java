package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * DynamoDB's exact answers to bad requests, one case per entry of {@code error-messages.json}: the
 * operation, the raw request, the error type and message (or only part of it, where DynamoDB's
 * wording varies by region), or no error at all. The expectations are what DynamoDB itself answers
 * (captured against the service by public conformance suites, cross-checked with the API
 * reference); raw HTTP, because many of these requests cannot be built with an SDK.
 */
class ErrorMessagesTest extends SdkTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void tables() {
    createNamed("ptab", "pk", null);
    createNamed("ctab", "pk", "sk");
    ddb.putItem(r -> r.tableName("ptab").item(item("pk", s("a"), "data", s("x"))));
  }

  private static void createNamed(String name, String hash, String range) {
    ddb.createTable(b -> {
      b.tableName(name).billingMode("PAY_PER_REQUEST");
      List<software.amazon.awssdk.services.dynamodb.model.AttributeDefinition> defs = new ArrayList<>();
      List<software.amazon.awssdk.services.dynamodb.model.KeySchemaElement> keys = new ArrayList<>();
      defs.add(software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder().attributeName(hash)
          .attributeType(ScalarAttributeType.S).build());
      keys.add(software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder().attributeName(hash)
          .keyType("HASH").build());
      if (range != null) {
        defs.add(software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder().attributeName(range)
            .attributeType(ScalarAttributeType.S).build());
        keys.add(software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder().attributeName(range)
            .keyType("RANGE").build());
      }
      b.attributeDefinitions(defs).keySchema(keys);
    });
  }

  @TestFactory
  Stream<DynamicTest> dynamoDbAnswers() throws Exception {
    JsonNode cases;
    try (InputStream in = ErrorMessagesTest.class.getResourceAsStream("/error-messages.json")) {
      cases = JSON.readTree(in);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      tests.add(DynamicTest.dynamicTest(c.get("operation").asText() + ": " + c.get("name").asText(), () -> check(c)));
    }
    return tests.stream();
  }

  private static void check(JsonNode c) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(server.endpoint().resolve("/"))
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(c.get("request"))))
        .header("X-Amz-Target", "DynamoDB_20120810." + c.get("operation").asText())
        .header("Content-Type", "application/x-amz-json-1.0")
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    if (c.get("type").isNull()) {
      assertEquals(200, response.statusCode(), response.body());
      return;
    }
    assertEquals(400, response.statusCode(), response.body());
    String type = body.get("__type").asText();
    assertEquals(c.get("type").asText(), type.substring(type.indexOf('#') + 1));
    if (!c.get("message").isNull()) {
      String message = body.get("message").asText();
      if (c.path("contains").asBoolean()) {
        assertTrue(message.contains(c.get("message").asText()), message);
      } else {
        assertEquals(c.get("message").asText(), message);
      }
    }
  }
}
