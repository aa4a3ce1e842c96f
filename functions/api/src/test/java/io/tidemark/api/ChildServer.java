package io.tidemark.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Tidemark servers in processes of their own, for tests that kill, pause or multiply them. */
final class ChildServer {
  private static final Map<Process, URI> ENDPOINTS = new java.util.concurrent.ConcurrentHashMap<>();

  private ChildServer() {}

  static URI endpointOf(Process p) {
    return ENDPOINTS.get(p);
  }

  /**
   * Starts the real command line ({@code tidemark serve}) in its own JVM, with fsync on, where
   * servers of the test run keep their data (a data directory, or its place in the S3 bucket when
   * the suite runs on S3), and waits until it answers. JVM options (system properties) reach the
   * server's configuration.
   */
  static Process start(Path data, List<String> jvmOptions, String... extraArgs)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = data.resolveSibling(data.getFileName() + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    if (TestServer.onS3()) { // the S3 server of this test run, and its credentials, for the child's default chains
      TestServer.s3();
      for (String property : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region")) {
        command.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Tidemark.class.getName(),
        "serve", "--port", Integer.toString(port), "--bind", "127.0.0.1"));
    command.addAll(TestServer.storeOptions(data));
    command.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    ENDPOINTS.put(p, endpoint);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (DynamoDbClient ddb = TestServer.client(endpoint)) {
      while (true) {
        try {
          ddb.listTables();
          return p;
        } catch (RuntimeException e) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError("server did not start: " + Files.readString(log), e);
          }
          Thread.sleep(100);
        }
      }
    }
  }
}
