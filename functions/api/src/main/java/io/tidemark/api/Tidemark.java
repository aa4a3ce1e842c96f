package io.tidemark.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code tidemark} command line: {@code serve} starts the embedded server. */
@Command(name = "tidemark", mixinStandardHelpOptions = true, subcommands = Tidemark.Serve.class,
    description = "A DynamoDB-compatible database that remembers everything.")
public class Tidemark implements Runnable {
  public static void main(String[] args) {
    int exit = new CommandLine(new Tidemark()).execute(args);
    System.exit(exit);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Serve the DynamoDB API over HTTP, with data on local disk.")
  static class Serve implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8000", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--data", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--shards", defaultValue = "1",
        description = "Shards (separate logs) of each new table, a power of two (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--no-fsync", description = "Do not force writes to disk (tests only: a machine crash may lose acknowledged writes).")
    boolean noFsync;

    @Override
    public Integer call() throws InterruptedException {
      if (shards < 1 || Integer.bitCount(shards) != 1) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--shards must be a power of two: " + shards);
      }
      Map<String, Object> properties = new HashMap<>();
      properties.put("micronaut.server.port", port);
      properties.put("micronaut.server.host", bind);
      properties.put("tidemark.data", data);
      properties.put("tidemark.fsync", !noFsync);
      properties.put("tidemark.shards-per-table", shards);
      ApplicationContext context = Micronaut.build(new String[0]).mainClass(Tidemark.class).properties(properties)
          .banner(false).start();
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      System.out.println("Tidemark is serving DynamoDB at http://" + bind + ":" + server.getPort()
          + " (data in " + data + ")");
      // SIGTERM and Ctrl-C run Micronaut's shutdown hook, which closes the context and with it the
      // database (pending writes committed, final checkpoints written). Until then, serve.
      new CountDownLatch(1).await();
      return 0;
    }
  }
}
