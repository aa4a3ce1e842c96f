package io.tidemark.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tidemark.ops.Replay;
import io.tidemark.storage.LocalStorage;
import io.tidemark.storage.StoreLocation;
import io.tidemark.storage.Storage;
import io.tidemark.table.ItemKey;
import io.tidemark.view.Database;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.JsonReader;
import io.tidemark.wire.JsonText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code tidemark} command line: {@code serve} starts the embedded server; {@code replay} and
 * {@code history} read a stopped server's data directory.
 */
@Command(name = "tidemark", mixinStandardHelpOptions = true,
    subcommands = {Tidemark.Serve.class, Tidemark.ReplayCommand.class, Tidemark.History.class, Tidemark.Invoke.class},
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
      description = "Serve the DynamoDB API over HTTP, with data on local disk or in S3.")
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

    @Option(names = "--retention-days", defaultValue = "0",
        description = "History every table keeps for replay and reads as of a moment, beyond what point-in-time "
            + "recovery and backups need: days, or -1 for all of it (default: ${DEFAULT-VALUE}).")
    double retentionDays;

    @Option(names = "--no-fsync", description = "Do not force writes to disk (tests only: a machine crash may lose acknowledged writes).")
    boolean noFsync;

    @Option(names = "--store", description = "Keep the data in S3 instead, at s3://BUCKET[/PREFIX] (credentials and region"
        + " from the standard AWS environment and profile chain); --data then holds nothing.")
    String store;

    @Option(names = "--s3-endpoint", description = "With --store: another S3-compatible endpoint, e.g. http://127.0.0.1:9000.")
    String s3Endpoint;

    @Override
    public Integer call() throws InterruptedException {
      if (s3Endpoint != null && store == null) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--s3-endpoint needs --store");
      }
      if (shards < 1 || Integer.bitCount(shards) != 1) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--shards must be a power of two: " + shards);
      }
      Map<String, Object> properties = new HashMap<>();
      properties.put("micronaut.server.port", port);
      properties.put("micronaut.server.host", bind);
      properties.put("tidemark.data", data);
      properties.put("tidemark.fsync", !noFsync);
      properties.put("tidemark.shards-per-table", shards);
      properties.put("tidemark.retention-days", retentionDays);
      if (store != null) {
        properties.put("tidemark.store", store);
      }
      if (s3Endpoint != null) {
        properties.put("tidemark.s3-endpoint", s3Endpoint);
      }
      ApplicationContext context = Micronaut.build(new String[0]).mainClass(Tidemark.class).properties(properties)
          .banner(false).start();
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      System.out.println("Tidemark is serving DynamoDB at http://" + bind + ":" + server.getPort()
          + " (data in " + (store != null ? store : data) + ")");
      // SIGTERM and Ctrl-C run Micronaut's shutdown hook, which closes the context and with it the
      // database (pending writes committed, final checkpoints written). Until then, serve.
      new CountDownLatch(1).await();
      return 0;
    }
  }

  /** Where a stopped server's data is: its data directory, or its S3 location. */
  static class Location {
    @Option(names = "--data", defaultValue = "./data", description = "Data directory of a stopped server (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--store", description = "The server's data is in S3 instead, at s3://BUCKET[/PREFIX].")
    String store;

    @Option(names = "--s3-endpoint", description = "With --store: another S3-compatible endpoint.")
    String s3Endpoint;

    /** Opens it (two processes must never write one directory, nor one embedded store). */
    Database open() {
      Storage storage = store == null ? new LocalStorage(Path.of(data), true)
          : StoreLocation.parse(store).open(s3Endpoint == null ? null : java.net.URI.create(s3Endpoint));
      return new Database(storage, Database.Options.defaults());
    }

    @Override
    public String toString() {
      return store != null ? store : data;
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = "Restore a table as it was at a moment into a new table, offline (any moment the log holds).")
  static class ReplayCommand implements Callable<Integer> {
    @Mixin
    Location location;

    @Option(names = "--table", required = true, description = "The table to restore.")
    String table;

    @Option(names = "--to", required = true,
        description = "The moment: ISO-8601 (2026-11-24T21:50:01.123456Z) or epoch seconds.")
    String to;

    @Option(names = "--into", required = true, description = "The new table's name.")
    String into;

    @Override
    public Integer call() {
      try (Database db = location.open()) {
        TableView restored = Replay.restore(db, table, Replay.micros(to), into);
        System.out.println("Restored " + table + " as of " + Replay.iso(Replay.micros(to)) + " into " + into + ": "
            + restored.itemCount() + " items");
      }
      return 0;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "Print every version of an item with its commit time and the operation that made it, offline.")
  static class History implements Callable<Integer> {
    @Mixin
    Location location;

    @Option(names = "--table", required = true, description = "The table.")
    String table;

    @Option(names = "--key", required = true,
        description = "The item's key in DynamoDB JSON, e.g. '{\"pk\": {\"S\": \"a\"}}'.")
    String key;

    @Override
    public Integer call() throws Exception {
      try (Database db = location.open()) {
        TableView view = db.table(table);
        if (view == null) {
          System.err.println("No table " + table + " in " + location);
          return 1;
        }
        ItemKey itemKey = Replay.key(view, AttributeValues.decodeItem(JsonReader.readObject(
            key.getBytes(StandardCharsets.UTF_8))));
        view.shardFor(itemKey.hash()).history(itemKey, e -> {
          String image = e.newImage() == null ? "(deleted)" : JsonText.item(e.newImage());
          System.out.println(Replay.iso(e.commitTime()) + "  " + e.operation() + "  by " + e.principal()
              + (e.txId() != null ? "  in transaction " + e.txId() : "") + "  " + image);
        });
      }
      return 0;
    }
  }

  @Command(name = "invoke", mixinStandardHelpOptions = true,
      description = "Run a function of the SAM template in this process with an event file, against a local or S3 "
          + "store, and print its response: what 'sam local invoke' does, without Docker.")
  static class Invoke implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FUNCTION_LOGICAL_ID", description = "The function's logical id, e.g. ApiFunction.")
    String function;

    @Option(names = "--event", required = true, description = "The event, a JSON file (see events/).")
    Path event;

    @Option(names = "--template", defaultValue = "template.yaml", description = "The SAM template (default: ${DEFAULT-VALUE}).")
    Path template;

    @Mixin
    Location location;

    @Override
    public Integer call() throws Exception {
      SamTemplate.Function declared = SamTemplate.read(template).function(function);
      Map<String, String> environment = new java.util.LinkedHashMap<>(declared.environment());
      // where the data is comes from this command's options, not from the deployment's parameters
      environment.put("TIDEMARK_STORE", location.store != null ? location.store : location.data);
      if (location.s3Endpoint != null) {
        environment.put("TIDEMARK_S3_ENDPOINT", location.s3Endpoint);
      }
      System.out.println(LocalInvoker.invoke(declared, environment, java.nio.file.Files.readString(event)));
      return 0;
    }
  }
}
