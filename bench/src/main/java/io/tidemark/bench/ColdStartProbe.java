package io.tidemark.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * One cold start of the api function, in a JVM of its own whose classpath is the deployed package
 * (tidemark-lambda.jar) and this class: constructs Micronaut's handler as Lambda does (store from
 * the environment), then handles requests as API Gateway events. Prints one line of JSON with the
 * milliseconds of each step. {@link ColdStart} starts it; with {@code prepare} it creates a table
 * and loads it instead.
 */
public final class ColdStartProbe {
  public static void main(String[] args) throws Exception {
    long mainStarted = ManagementFactory.getRuntimeMXBean().getUptime();
    long t0 = System.nanoTime();
    APIGatewayV2HTTPEventFunction function = new APIGatewayV2HTTPEventFunction();
    long constructed = System.nanoTime();
    if (args.length > 0 && args[0].equals("prepare")) {
      call(function, "CreateTable", "{\"TableName\":\"Cold\",\"BillingMode\":\"PAY_PER_REQUEST\","
          + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
          + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}");
      int items = Integer.parseInt(args[1]);
      for (int i = 0; i < items; i += 25) {
        StringBuilder batch = new StringBuilder("{\"RequestItems\":{\"Cold\":[");
        for (int j = i; j < Math.min(items, i + 25); j++) {
          batch.append(j > i ? "," : "").append("{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"k").append(j)
              .append("\"},\"payload\":{\"S\":\"").append("x".repeat(100)).append("\"}}}}");
        }
        call(function, "BatchWriteItem", batch.append("]}}").toString());
      }
      function.close();
      return;
    }
    String get = "{\"TableName\":\"Cold\",\"Key\":{\"pk\":{\"S\":\"k7\"}},\"ConsistentRead\":true}";
    call(function, "GetItem", get);
    long first = System.nanoTime();
    call(function, "GetItem", get);
    long second = System.nanoTime();
    System.out.printf("{\"jvmToMainMs\":%d,\"constructMs\":%.1f,\"firstRequestMs\":%.1f,\"secondRequestMs\":%.1f}%n",
        mainStarted, (constructed - t0) / 1e6, (first - constructed) / 1e6, (second - first) / 1e6);
    function.close();
  }

  private static void call(APIGatewayV2HTTPEventFunction function, String operation, String json) {
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0").withRouteKey("POST /").withRawPath("/").withRawQueryString("")
        .withHeaders(Map.of("content-type", "application/x-amz-json-1.0",
            "x-amz-target", "DynamoDB_20120810." + operation,
            "authorization", "AWS4-HMAC-SHA256 Credential=AKIDCOLD/20261125/us-east-1/dynamodb/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0"))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/")
                .withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
            .withRouteKey("POST /").withStage("$default").build())
        .withBody(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
        .withIsBase64Encoded(true)
        .build();
    APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
    if (response.getStatusCode() != 200) {
      throw new IllegalStateException(operation + " answered " + response.getStatusCode() + ": " + response.getBody());
    }
  }
}
