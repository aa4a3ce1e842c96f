package io.tidemark.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.tidemark.ops.CallContext;
import io.tidemark.ops.Dispatcher;
import io.tidemark.view.Database;
import jakarta.inject.Named;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * DynamoDB's endpoint: every operation is a POST to / with its name in X-Amz-Target. Bytes in,
 * bytes out: decoding and encoding are the engine's own codec.
 *
 * <p>Requests run on the event loop that read them: the engine is in memory, and item writes
 * answer from the shard's committer once durable instead of holding a thread. Only table
 * management, which writes the catalog to disk, moves to the blocking pool. Each hand-off between
 * threads costs context switches, which on a small machine are much of the CPU time per request.
 */
@Controller
public class DynamoDbController {
  private final Database database;
  private final ExecutorService blocking;
  private final Dispatcher dispatcher = new Dispatcher();

  public DynamoDbController(Database database, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.database = database;
    this.blocking = blocking;
  }

  @Post(uri = "/", consumes = MediaType.ALL, produces = DynamoDbResponses.CONTENT_TYPE)
  public CompletableFuture<MutableHttpResponse<byte[]>> call(HttpRequest<byte[]> httpRequest) {
    // Headers read directly: binding them as arguments goes through the conversion service per request
    HttpHeaders headers = httpRequest.getHeaders();
    String target = headers.get("X-Amz-Target");
    byte[] body = httpRequest.getBody().orElse(null);
    SignatureScope scope = SignatureScope.parse(headers.get(HttpHeaders.AUTHORIZATION));
    CallContext context = new CallContext(database, scope.accessKey(), scope.region(), headers.get(HttpHeaders.HOST),
        headers.get(CallContext.AS_OF_HEADER));
    byte[] request = body == null ? new byte[0] : body;
    CompletableFuture<Dispatcher.Response> response = dispatcher.blocksOnIo(target)
        ? CompletableFuture.supplyAsync(() -> dispatcher.dispatch(target, request, context), blocking)
            .thenCompose(pending -> pending)
        : dispatcher.dispatch(target, request, context);
    return response.thenApply(DynamoDbResponses::of);
  }

  /** DynamoDB answers a plain GET on its endpoint with a health line; load balancers use it. */
  @Get(uri = "/", produces = MediaType.TEXT_PLAIN)
  public HttpResponse<String> health() {
    return HttpResponse.ok("healthy: tidemark");
  }
}
