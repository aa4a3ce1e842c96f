package io.tidemark.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tidemark.testing.s3.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
    if (onS3()) {
      // the same data directory (a restart) means the same place in the bucket
      S3TestServer s3 = s3();
      properties.put("tidemark.store", "s3://" + s3.bucket() + "/" + s3.key(data.getFileName().toString()) + "/");
      properties.put("tidemark.s3-endpoint", s3.endpoint().toString());
    }
    properties.putAll(settings);
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
    this.context = server.getApplicationContext();
    this.endpoint = URI.create("http://127.0.0.1:" + server.getPort());
  }

  /**
   * Whether the suite runs on S3 storage ({@code mvn test -Ps3}, or {@code -Dtidemark.test.store=s3}):
   * the S3-compatible server the tests start, or the one {@code TIDEMARK_TEST_S3_ENDPOINT} names.
   */
  public static boolean onS3() {
    return "s3".equals(System.getProperty("tidemark.test.store"));
  }

  private static S3TestServer s3;

  /** The S3 server of this test run, started on first use and stopped when the JVM ends. */
  public static synchronized S3TestServer s3() {
    if (s3 == null) {
      s3 = S3TestServer.start();
      // what the server's S3 client finds through the default credential and region chains
      s3.becomeDefaultForThisJvm();
      S3TestServer started = s3;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return s3;
  }

  /** The storage a server with this data directory uses (to inspect or change it while the server is stopped). */
  public static io.tidemark.storage.Storage storageFor(Path data) {
    if (!onS3()) {
      return new io.tidemark.storage.LocalStorage(data, true);
    }
    return new io.tidemark.storage.S3Storage(s3().client(), s3().bucket(), s3().key(data.getFileName().toString()) + "/");
  }

  /** The command-line options that name where a server with this data directory keeps its data. */
  public static List<String> storeOptions(Path data) {
    if (!onS3()) {
      return List.of("--data", data.toString());
    }
    return List.of("--store", "s3://" + s3().bucket() + "/" + s3().key(data.getFileName().toString()) + "/",
        "--s3-endpoint", s3().endpoint().toString());
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
