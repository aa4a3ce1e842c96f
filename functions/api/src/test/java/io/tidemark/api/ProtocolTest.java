package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The JSON 1.0 protocol as raw HTTP: headers, error shapes, framework-level failures. */
class ProtocolTest extends SdkTestBase {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> post(String target, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.endpoint().resolve("/"))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      b.header("X-Amz-Target", target);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertCrc(HttpResponse<String> r) {
    CRC32 crc = new CRC32();
    crc.update(r.body().getBytes(StandardCharsets.UTF_8));
    assertEquals(Long.toString(crc.getValue()), r.headers().firstValue("x-amz-crc32").orElseThrow());
    assertNotNull(r.headers().firstValue("x-amzn-RequestId").orElse(null));
    assertEquals("application/x-amz-json-1.0", r.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void successfulResponsesCarryRequestIdAndCrc() throws Exception {
    HttpResponse<String> r = post("DynamoDB_20120810.ListTables", "application/x-amz-json-1.0", "{}");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().startsWith("{\"TableNames\":["), r.body());
    assertCrc(r);
  }

  /**
   * The SDKs check x-amz-crc32 against the bytes they receive, so the server must not compress a
   * body after the checksum was computed, even when the client accepts gzip.
   */
  @Test
  void largeResponsesAreNotCompressedBehindTheChecksum() throws Exception {
    String table = "{\"TableName\":\"protocol_large\",\"AttributeDefinitions\":[{\"AttributeName\":\"id\","
        + "\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
        + "\"BillingMode\":\"PAY_PER_REQUEST\"}";
    assertEquals(200, post("DynamoDB_20120810.CreateTable", "application/x-amz-json-1.0", table).statusCode());
    String item = "{\"id\":{\"S\":\"big\"},\"text\":{\"S\":\"" + "compressible ".repeat(2000) + "\"}}";
    assertEquals(200, post("DynamoDB_20120810.PutItem", "application/x-amz-json-1.0",
        "{\"TableName\":\"protocol_large\",\"Item\":" + item + "}").statusCode());
    HttpRequest get = HttpRequest.newBuilder(server.endpoint().resolve("/"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"TableName\":\"protocol_large\",\"Key\":{\"id\":{\"S\":\"big\"}}}"))
        .header("X-Amz-Target", "DynamoDB_20120810.GetItem")
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("Accept-Encoding", "gzip, deflate")
        .build();
    HttpResponse<String> r = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals("identity", r.headers().firstValue("Content-Encoding").orElse("identity"));
    assertTrue(r.body().contains("compressible compressible"));
    assertCrc(r);
  }

  /** DynamoDB's request ids are 52 characters, upper-case letters and digits. */
  @Test
  void requestIdsLookLikeDynamoDbs() throws Exception {
    HttpResponse<String> first = post("DynamoDB_20120810.ListTables", "application/x-amz-json-1.0", "{}");
    HttpResponse<String> second = post("DynamoDB_20120810.ListTables", "application/x-amz-json-1.0", "{}");
    String id = first.headers().firstValue("x-amzn-RequestId").orElseThrow();
    assertTrue(id.matches("[A-Z0-9]{52}"), id);
    assertTrue(!id.equals(second.headers().firstValue("x-amzn-RequestId").orElseThrow()), "ids are unique");
  }

  @Test
  void unknownOperation() throws Exception {
    HttpResponse<String> r = post("DynamoDB_20120810.Frobnicate", "application/x-amz-json-1.0", "{}");
    assertEquals(400, r.statusCode());
    assertEquals("{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}", r.body());
    assertCrc(r);
    assertEquals(400, post(null, "application/x-amz-json-1.0", "{}").statusCode());
  }

  @Test
  void malformedJsonIsASerializationException() throws Exception {
    HttpResponse<String> r = post("DynamoDB_20120810.ListTables", "application/x-amz-json-1.0", "{\"Limit\": ");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().startsWith("{\"__type\":\"com.amazon.coral.service#SerializationException\""), r.body());
    assertCrc(r);
  }

  @Test
  void wrongJsonTypeIsASerializationException() throws Exception {
    HttpResponse<String> r = post("DynamoDB_20120810.DescribeTable", "application/x-amz-json-1.0", "{\"TableName\": 5}");
    assertEquals(400, r.statusCode());
    assertEquals("{\"__type\":\"com.amazon.coral.service#SerializationException\","
        + "\"message\":\"NUMBER_VALUE cannot be converted to String\"}", r.body());
  }

  @Test
  void validationErrorsUseDynamoDbShape() throws Exception {
    HttpResponse<String> r = post("DynamoDB_20120810.DescribeTable", "application/x-amz-json-1.0", "{}");
    assertEquals(400, r.statusCode());
    assertEquals("{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"1 validation error "
        + "detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null\"}", r.body());
  }

  @Test
  void otherContentTypesAndPathsStillAnswerInDynamoDbShape() throws Exception {
    assertEquals(200, post("DynamoDB_20120810.ListTables", "application/json", "{}").statusCode());
    assertEquals(200, post("DynamoDB_20120810.ListTables", "text/plain", "{}").statusCode());
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/nowhere"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("UnknownOperationException"), r.body());
    assertCrc(r);
  }

  @Test
  void healthCheck() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.endpoint().resolve("/")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
  }
}
