package io.tidemark.api.lambda;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.tidemark.api.TestServer;
import io.tidemark.testing.s3.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The api function behind a stand-in for API Gateway, on a free port of 127.0.0.1: the JDK's HTTP
 * server hands each request to the handler of micronaut-function-aws-api-proxy-test, which turns it
 * into an HTTP API payload 2.0 event, calls {@code APIGatewayV2HTTPEventFunction} (in an
 * application context of its own, as Lambda would) and turns the response event back into HTTP.
 * The store is a fresh place in the tests' S3 server.
 */
final class LambdaProxyServer implements AutoCloseable {
  private final ApplicationContext context;
  private final HttpServer http;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);

  LambdaProxyServer(String storeName) {
    S3TestServer s3 = TestServer.s3();
    context = ApplicationContext.run(Map.of(
        "tidemark.store", "s3://" + s3.bucket() + "/" + s3.key(storeName) + "/",
        "tidemark.s3-endpoint", s3.endpoint().toString()));
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      context.close();
      throw new UncheckedIOException(e);
    }
    http.createContext("/", context.getBean(HttpHandler.class));
    http.setExecutor(threads);
    http.start();
  }

  ApplicationContext context() {
    return context;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  DynamoDbClient client() {
    return TestServer.client(endpoint());
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
    context.close();
  }
}
