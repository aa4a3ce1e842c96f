package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Eight Tidemark servers in processes of their own (as separate Lambda instances are) on one
 * table in one bucket, one of them frozen (SIGSTOP) in the middle of the load and thawed after the
 * others moved on and aborted what it left undecided: no update is lost or applied twice, and
 * every condition held.
 */
class SharedLogProcessesTest {
  private static final int PROCESSES = 8;

  @Test
  void processesSharingALogLoseNoUpdateEvenWhenOneIsFrozenMidLoad() throws Exception {
    Assumptions.assumeTrue(TestServer.onS3(), "only S3 storage is shared between processes");
    Path place = Files.createTempDirectory("tidemark-processes"); // names one place in the bucket for all
    TestServer creator = new TestServer(place);
    try (DynamoDbClient ddb = creator.client()) {
      SharedStoreWorkload.createTable(ddb, SharedStoreWorkload.TABLE);
    }
    creator.stop();
    ExecutorService starter = Executors.newFixedThreadPool(PROCESSES);
    List<Process> servers = new ArrayList<>();
    try {
      List<Future<Process>> starting = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        starting.add(starter.submit(() -> ChildServer.start(place, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"))));
      }
      for (Future<Process> f : starting) {
        servers.add(f.get());
      }
      List<URI> endpoints = servers.stream().map(ChildServer::endpointOf).toList();
      Process frozen = servers.get(0);
      SharedStoreWorkload.run(endpoints, 2, 10, () -> {
        Thread.sleep(300); // the load is under way
        signal("STOP", frozen);
        // the others move the log on past whatever it was about to append, and wait out the
        // transaction timeout (3 s) for any transaction across tables it had prepared and not decided
        Thread.sleep(4000);
        signal("CONT", frozen);
      });
    } finally {
      starter.shutdownNow();
      for (Process server : servers) {
        server.destroyForcibly().waitFor();
      }
      TestServer.deleteRecursively(place);
    }
  }

  private static void signal(String signal, Process process) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal);
  }
}
