package io.tidemark.bench;

import io.tidemark.testing.s3.S3TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run --cold-start}: the api function's cold start, in process (no SnapStart, no
 * Lambda sandbox): each run is a new JVM that constructs the handler from tidemark-lambda.jar
 * and answers a strongly consistent GetItem from a table in S3 (S3Proxy in this process), then a
 * second one, warm. The table is created and loaded by a first JVM, so each measured start opens
 * it from storage as a new Lambda instance would.
 */
final class ColdStart {
  private final Path repoRoot;
  private final int runs;
  private final int items;

  ColdStart(Path repoRoot, int runs, int items) {
    this.repoRoot = repoRoot;
    this.runs = runs;
    this.items = items;
  }

  int run() throws Exception {
    Path jar = repoRoot.resolve("functions/api/target/tidemark-lambda.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IOException(jar + " not found (mvn -pl functions/api -am package builds it)");
    }
    Path probeClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!Files.isDirectory(probeClasses)) {
      // running from the bench's jar: the probe class alone goes on the probe's classpath
      Path dir = Files.createTempDirectory("tidemark-cold-start");
      Path target = dir.resolve("io/tidemark/bench/ColdStartProbe.class");
      Files.createDirectories(target.getParent());
      try (var in = ColdStartProbe.class.getResourceAsStream("ColdStartProbe.class")) {
        Files.copy(in, target);
      }
      probeClasses = dir;
    }
    try (S3TestServer s3 = S3TestServer.startInProcess()) {
      Map<String, String> env = Map.of(
          "TIDEMARK_STORE", "s3://" + s3.bucket() + "/" + s3.key("cold-start") + "/",
          "TIDEMARK_S3_ENDPOINT", s3.endpoint().toString(),
          "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey(), "AWS_REGION", s3.region());
      String classpath = jar.toAbsolutePath() + File.pathSeparator + probeClasses.toAbsolutePath();
      probe(classpath, env, "prepare", Integer.toString(items));
      System.out.println("api function cold start, in process: " + runs + " new JVMs, each a GetItem (ConsistentRead) of a"
          + " table of " + items + " items in S3, then a second one");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String line = probe(classpath, env);
        lines.add(line);
        System.out.println("  " + line);
      }
      System.out.println("JVM: " + Servers.javaExecutable() + " -XX:TieredStopAtLevel=1 (as Lambda's java21 runtime)");
      return lines.size() == runs ? 0 : 1;
    }
  }

  private static String probe(String classpath, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Servers.javaExecutable(), "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1", "-cp", classpath, ColdStartProbe.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("cold start probe failed: " + out);
    }
    return out;
  }
}
