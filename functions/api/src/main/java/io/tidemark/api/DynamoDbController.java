package io.tidemark.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.tidemark.ops.CallContext;
import io.tidemark.ops.Dispatcher;
import io.tidemark.view.Database;

/**
 * DynamoDB's endpoint: every operation is a POST to / with its name in X-Amz-Target. Bytes in,
 * bytes out: decoding and encoding are the engine's own codec.
 */
@Controller
public class DynamoDbController {
  private final Database database;
  private final Dispatcher dispatcher = new Dispatcher();

  public DynamoDbController(Database database) {
    this.database = database;
  }

  @Post(uri = "/", consumes = MediaType.ALL, produces = DynamoDbResponses.CONTENT_TYPE)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> call(@Nullable @Header("X-Amz-Target") String target,
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @Nullable @Body byte[] body) {
    SignatureScope scope = SignatureScope.parse(authorization);
    Dispatcher.Response response = dispatcher.dispatch(target, body == null ? new byte[0] : body,
        new CallContext(database, scope.accessKey(), scope.region()));
    return DynamoDbResponses.of(response);
  }

  /** DynamoDB answers a plain GET on its endpoint with a health line; load balancers use it. */
  @Get(uri = "/", produces = MediaType.TEXT_PLAIN)
  public HttpResponse<String> health() {
    return HttpResponse.ok("healthy: tidemark");
  }
}
