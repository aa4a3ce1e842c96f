package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.storage.LocalStorage;
import io.tidemark.view.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bin/tidemark invoke}: each function of template.yaml, run in process with a sample event
 * against a local store, prints its response on standard output.
 */
class InvokeCommandTest {
  private static final Path ROOT = Path.of("../..");

  /** Runs the command and returns what it printed (or fails with what it said on standard error). */
  private static String invoke(Path data, String function, String event) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ByteArrayOutputStream complained = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(complained, true, StandardCharsets.UTF_8));
      exit = new CommandLine(new Tidemark()).execute("invoke", function,
          "--event", ROOT.resolve("events").resolve(event).toString(),
          "--template", ROOT.resolve("template.yaml").toString(),
          "--data", data.toString());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertEquals(0, exit, complained.toString(StandardCharsets.UTF_8));
    return printed.toString(StandardCharsets.UTF_8).trim();
  }

  @Test
  void everyFunctionOfTheTemplateRunsWithItsSampleEvent() throws Exception {
    Path data = Files.createTempDirectory("tidemark-invoke");
    try {
      String created = invoke(data, "ApiFunction", "api-01-create-table.json");
      assertTrue(created.startsWith("{") && created.contains("\"statusCode\":200"), created);
      String put = invoke(data, "ApiFunction", "api-04-put-item.json");
      assertTrue(put.contains("\"statusCode\":200"), put);
      String got = invoke(data, "ApiFunction", "api-get-item-plain-body.json");
      assertTrue(got.contains("\"statusCode\":200"), got);

      // the sample names a table this store does not have: nothing to checkpoint
      assertEquals("[]", invoke(data, "CheckpointFunction", "s3-log-object-created.json"));
      assertEquals("{\"checkpointsDeleted\":0,\"logObjectsDeleted\":0,\"transactionDecisionsDeleted\":0}",
          invoke(data, "RetentionFunction", "retention-schedule.json"));

      try (Database db = new Database(new LocalStorage(data, true), Database.Options.defaults())) {
        assertEquals(1, db.require("Music").itemCount());
      }
    } finally {
      TestServer.deleteRecursively(data);
    }
  }

  @Test
  void anUnknownFunctionIsNamedWithTheOnesThereAre() throws Exception {
    Path data = Files.createTempDirectory("tidemark-invoke");
    PrintStream err = System.err;
    ByteArrayOutputStream complained = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(complained, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new Tidemark()).execute("invoke", "NoSuchFunction",
          "--event", ROOT.resolve("events/api-health.json").toString(),
          "--template", ROOT.resolve("template.yaml").toString(), "--data", data.toString());
      assertEquals(1, exit);
    } finally {
      System.setErr(err);
      TestServer.deleteRecursively(data);
    }
    String message = complained.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("no function NoSuchFunction in the template; its functions are [ApiFunction, "
        + "CheckpointFunction, RetentionFunction]"), message);
  }
}
