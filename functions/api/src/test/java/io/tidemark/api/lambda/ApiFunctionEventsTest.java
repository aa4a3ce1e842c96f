package io.tidemark.api.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.tidemark.api.TestServer;
import io.tidemark.testing.s3.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The api function's real handler with the API Gateway events of {@code events/}, replayed in
 * their order (events/README.md) and decoded by the Lambda runtime's own serializer; the store
 * is S3. Runs without Netty, as the deployed package does.
 */
class ApiFunctionEventsTest {
  private static final Path EVENTS = Path.of("../../events");
  private static APIGatewayV2HTTPEventFunction function;

  @BeforeAll
  static void start() {
    S3TestServer s3 = TestServer.s3();
    function = new APIGatewayV2HTTPEventFunction(ApplicationContext.run(Map.of(
        "tidemark.store", "s3://" + s3.bucket() + "/" + s3.key("api-events") + "/",
        "tidemark.s3-endpoint", s3.endpoint().toString())));
  }

  @AfterAll
  static void stop() throws Exception {
    function.close();
  }

  private record Answer(int status, Map<String, String> headers, String body) {}

  private static Answer invoke(String file) throws IOException {
    APIGatewayV2HTTPEvent event = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
        ApiFunctionEventsTest.class.getClassLoader()).fromJson(Files.readString(EVENTS.resolve(file)));
    APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
    byte[] body = response.getBody() == null ? new byte[0]
        : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
        : response.getBody().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (response.getHeaders() != null) {
      headers.putAll(response.getHeaders());
    }
    if (response.getMultiValueHeaders() != null) {
      response.getMultiValueHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
    }
    String text = new String(body, StandardCharsets.UTF_8);
    if (headers.containsKey("x-amz-crc32")) {
      // what the SDKs check on every response: the checksum of the bytes as they arrive
      CRC32 crc = new CRC32();
      crc.update(body);
      assertEquals(Long.toString(crc.getValue()), headers.get("x-amz-crc32"), file);
    }
    return new Answer(response.getStatusCode(), headers, text);
  }

  @Test
  void theSampleRequestsInOrder() throws IOException {
    Answer created = invoke("api-01-create-table.json");
    assertEquals(200, created.status(), created.body());
    assertTrue(created.body().contains("\"TableName\":\"Music\""), created.body());
    assertEquals("application/x-amz-json-1.0", created.headers().get("content-type"));
    assertTrue(created.headers().containsKey("x-amz-crc32"));

    assertTrue(invoke("api-02-describe-table.json").body().contains("\"TableStatus\":\"ACTIVE\""));
    assertEquals("{\"TableNames\":[\"Music\"]}", invoke("api-03-list-tables.json").body());
    assertEquals("{}", invoke("api-04-put-item.json").body());
    String item = "\"SongTitle\":{\"S\":\"Call Me Today\"}";
    assertTrue(invoke("api-05-get-item.json").body().contains(item));
    assertTrue(invoke("api-06-get-item-consistent.json").body().contains(item));
    assertTrue(invoke("api-get-item-plain-body.json").body().contains(item));
    Answer batch = invoke("api-07-batch-write-item.json");
    assertEquals("{\"UnprocessedItems\":{}}", batch.body());
    Answer query = invoke("api-08-query.json");
    assertTrue(query.body().contains("\"Count\":2"), query.body());
    Answer backup = invoke("api-09-create-backup.json");
    assertEquals(200, backup.status(), backup.body());
    assertTrue(backup.body().contains("\"BackupName\":\"MusicBackup\""), backup.body());

    Answer health = invoke("api-health.json");
    assertEquals(200, health.status());
    assertEquals("healthy: tidemark", health.body());
  }

  @Test
  void anErrorIsDynamoDbsTypeAndMessageWithA400() throws IOException {
    String json = Files.readString(EVENTS.resolve("api-get-item-plain-body.json"))
        .replace("\\\"TableName\\\":\\\"Music\\\"", "\\\"TableName\\\":\\\"NoSuchTable\\\"");
    assertTrue(json.contains("NoSuchTable"), "the sample's body is JSON text in a JSON string");
    APIGatewayV2HTTPEvent event = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
        getClass().getClassLoader()).fromJson(json);
    APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
    assertEquals(400, response.getStatusCode());
    String body = response.getIsBase64Encoded()
        ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8) : response.getBody();
    assertEquals("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
        + "\"message\":\"Requested resource not found\"}", body);
  }
}
