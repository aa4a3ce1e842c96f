package io.tidemark.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/** An embedded Tidemark on a free port of 127.0.0.1 with a fresh data directory, and SDK clients for it. */
public final class TestServer implements AutoCloseable {
  private final Path data;
  private final ApplicationContext context;
  private final URI endpoint;

  public TestServer() {
    this(newDataDir());
  }

  public TestServer(Path data) {
    this(data, Map.of());
  }

  /** @param settings extra configuration, e.g. {@code tidemark.checkpoint-every} */
  public TestServer(Path data, Map<String, Object> settings) {
    this.data = data;
    Map<String, Object> properties = new java.util.HashMap<>(Map.of(
        "micronaut.server.port", -1,
        "micronaut.server.host", "127.0.0.1",
        "tidemark.data", data.toString(),
        "tidemark.fsync", Boolean.getBoolean("tidemark.test.fsync")));
    properties.putAll(settings);
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
    this.context = server.getApplicationContext();
    this.endpoint = URI.create("http://127.0.0.1:" + server.getPort());
  }

  private static Path newDataDir() {
    try {
      return Files.createTempDirectory("tidemark-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public Path data() {
    return data;
  }

  public ApplicationContext context() {
    return context;
  }

  public DynamoDbClient client() {
    return client(endpoint);
  }

  public static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
        .build();
  }

  /** Stops the server and keeps the data directory (for restart tests). */
  public void stop() {
    context.close();
  }

  @Override
  public void close() {
    if (context.isRunning()) {
      context.close();
    }
    deleteRecursively(data);
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
