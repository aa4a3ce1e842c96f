package io.tidemark.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Tidemark benchmark: one repeatable workload over HTTP with the AWS SDK for Java v2 against
 * Tidemark, Amazon DynamoDB Local and a fixed-response stub (the client's own ceiling), one target
 * after the other, then a summary with ratios. See bench/README.md.
 */
@Command(name = "bench/run", mixinStandardHelpOptions = true, sortOptions = false,
        version = "tidemark-bench 0.1.0",
        description = {
            "Runs one workload over HTTP (AWS SDK for Java v2) against Tidemark, DynamoDB Local and a"
                    + " fixed-response stub (the client's ceiling), one after the other: create a table (pk S, sk S)"
                    + " with a global secondary index gsi1 (g S, sk S), load --items items of ~1 KB with"
                    + " BatchWriteItem, then timed phases of GetItem, PutItem, UpdateItem (SET #c = #c + :one if"
                    + " attribute_exists(pk)), Query (a sort-key range of --query-items items), Query of gsi1 (one index"
                    + " partition of about --query-items items) and the GSI lag (acknowledged PutItem until a Query of"
                    + " gsi1 finds it, under PutItem load).",
            "",
            "Prints per phase ops/s, p50, p99 and the server's CPU time per operation (/proc/PID/stat), then a"
                    + " markdown summary with the ratios between targets. See bench/README.md.",
            "",
            "--backup-bench: instead, Tidemark's backups and restores (CreateBackup, RestoreTableFromBackup,"
                    + " RestoreTableToPointInTime over a growing history); see the --backup-* options.",
            "",
            "--s3-cost-bench: instead, the S3 requests and request cost per DynamoDB operation of a Tidemark whose"
                    + " data is in S3 (an in-process S3Proxy counting requests), next to DynamoDB on-demand prices;"
                    + " see the --s3-cost-* options.",
            "",
            "--cold-start: instead, the api function's cold start in process (new JVMs constructing its Lambda"
                    + " handler from tidemark-lambda.jar and answering a first request from S3).",
            ""})
public final class Bench implements Callable<Integer> {

    @Option(names = "--targets", split = ",", defaultValue = "tidemark,ddblocal,ceiling",
            description = "Targets, in the order to run them: tidemark, ddblocal, ceiling (default: ${DEFAULT-VALUE}).")
    List<String> targets;

    @Option(names = "--items", defaultValue = "100000", description = "Items to load (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--concurrency", defaultValue = "16",
            description = "Client threads, each with one request in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds per phase (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--ops", defaultValue = "0",
            description = "Operations per phase instead of --seconds (total over all threads; gsilag: PutItems of its"
                    + " load; 0 = use --seconds).")
    long ops;

    @Option(names = "--warmup-seconds", defaultValue = "5",
            description = "Unmeasured seconds before each phase (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--client-warmup-seconds", defaultValue = "60",
            description = "JIT warm-up of the client before the first target: every operation against an in-process"
                    + " stub, with --jit-warmup-threads threads, in 2-second windows until 3 windows in a row are within"
                    + " 10%% of each other, for at most this long (default: ${DEFAULT-VALUE}; 0 = off).")
    double clientWarmupSeconds;

    @Option(names = "--server-warmup-seconds", defaultValue = "60",
            description = "The same JIT warm-up for each server after its load (mixed GetItem, PutItem, UpdateItem,"
                    + " Query and, with the index, Query of gsi1), for at most this long (default: ${DEFAULT-VALUE};"
                    + " 0 = off).")
    double serverWarmupSeconds;

    @Option(names = "--jit-warmup-threads", defaultValue = "2",
            description = "Threads of the JIT warm-ups: few, so that the JIT compiler threads get CPU on a small"
                    + " machine (default: ${DEFAULT-VALUE}).")
    int jitWarmupThreads;

    @Option(names = "--phases", split = ",", defaultValue = "get,put,update,query,gsiquery,gsilag",
            description = "Phases after the load: get, put, update, query, gsiquery (Query of gsi1), gsilag (time from"
                    + " an acknowledged PutItem to its visibility in gsi1, under PutItem load); gsiquery and gsilag"
                    + " need the index and are left out by --no-gsi (default: ${DEFAULT-VALUE}).")
    List<String> phases;

    @Option(names = "--items-per-partition", defaultValue = "1000",
            description = "Items per partition key (default: ${DEFAULT-VALUE}).")
    int itemsPerPartition;

    @Option(names = "--query-items", defaultValue = "100",
            description = "Items a Query's sort-key range returns (default: ${DEFAULT-VALUE}).")
    int queryItems;

    @Option(names = "--item-bytes", defaultValue = "1024", description = "Item size in bytes (default: ${DEFAULT-VALUE}).")
    int itemBytes;

    @Option(names = "--consistent-read",
            description = "Strongly consistent GetItem and Query (not the Queries of gsi1: a GSI has no strongly"
                    + " consistent reads).")
    boolean consistentRead;

    @Option(names = "--gsi", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Items have a string g and the table a global secondary index gsi1 (g HASH, sk RANGE,"
                    + " projection ALL) that every write maintains (default: on). --no-gsi: neither, as in runs"
                    + " before the index existed; the phases gsiquery and gsilag are then left out.")
    boolean gsi;

    @Option(names = "--table", defaultValue = "tidemark_bench", description = "Table name (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tidemark-endpoint", description = "Use an already-running Tidemark at this URL.")
    URI tidemarkEndpoint;

    @Option(names = "--tidemark-pid", description = "PID of that server, for its CPU time (/proc/PID/stat).")
    Long tidemarkPid;

    @Option(names = "--tidemark-jar",
            description = "Tidemark server jar to start (default: functions/api/target/tidemark-all.jar under the repo root).")
    Path tidemarkJar;

    @Option(names = "--tidemark-args", defaultValue = "",
            description = "Extra arguments for the Tidemark it starts, after `serve --port P --bind 127.0.0.1 --data DIR`"
                    + " (e.g. \"--no-fsync\" to compare with an in-memory DynamoDB Local; default: none).")
    String tidemarkArgs;

    @Option(names = "--ddblocal-endpoint", description = "Use an already-running DynamoDB Local at this URL.")
    URI ddblocalEndpoint;

    @Option(names = "--ddblocal-pid", description = "PID of that DynamoDB Local, for its CPU time.")
    Long ddblocalPid;

    @Option(names = "--ddblocal-dir",
            description = "DynamoDB Local's lib/ and native/ (default: bench/target/ddblocal under the repo root).")
    Path ddblocalDir;

    @Option(names = "--server-jvm-opts", defaultValue = "",
            description = "JVM options for every server this run starts, e.g. \"-Xmx2g\" (default: none).")
    String serverJvmOpts;

    @Option(names = "--startup-timeout-seconds", defaultValue = "120",
            description = "How long a started server may take to answer ListTables (default: ${DEFAULT-VALUE}).")
    int startupTimeoutSeconds;

    @Option(names = "--repo-root", description = "Repository root (default: found from the bench jar's location).")
    Path repoRoot;

    @Option(names = "--work-dir", description = "Where servers' data and logs go (default: a new temp directory).")
    Path workDir;

    @Option(names = "--keep-work-dir", description = "Keep server logs and data after the run.")
    boolean keepWorkDir;

    @Option(names = "--summary-file", description = "Also write the markdown summary to this file.")
    Path summaryFile;

    @CommandLine.Mixin
    BackupBench.Options backup = new BackupBench.Options();

    @CommandLine.Mixin
    S3CostBench.Options s3Cost = new S3CostBench.Options();

    @Option(names = "--cold-start", description = "Measure the api function's cold start instead (see above).")
    boolean coldStart;

    @Option(names = "--cold-start-runs", defaultValue = "5", description = "New JVMs to start (default: ${DEFAULT-VALUE}).")
    int coldStartRuns;

    private static final Set<String> TARGETS = Set.of("tidemark", "ddblocal", "ceiling");
    private static final Set<String> PHASES = Set.of("get", "put", "update", "query", "gsiquery", "gsilag");
    private static final Set<String> GSI_PHASES = Set.of("gsiquery", "gsilag");

    @Spec
    CommandSpec spec;

    private final List<PhaseResult> results = new ArrayList<>();
    private final List<GsiLag.Result> lagResults = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    public static void main(String[] args) {
        int code = new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }

    record Endpoint(String name, URI uri, Long pid, Servers.Started started) {}

    @Override
    public Integer call() throws Exception {
        for (String t : targets) {
            if (!TARGETS.contains(t)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown target: " + t);
            }
        }
        for (String p : phases) {
            if (!PHASES.contains(p)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown phase: " + p);
            }
        }
        if (!gsi && phases.stream().anyMatch(GSI_PHASES::contains)) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--phases")) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "the phases gsiquery and gsilag need the index: drop --no-gsi or those phases");
            }
            phases = phases.stream().filter(p -> !GSI_PHASES.contains(p)).toList();
        }
        if (backup.enabled && s3Cost.enabled) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--backup-bench or --s3-cost-bench, not both");
        }
        if (s3Cost.enabled) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--targets") && !targets.equals(List.of("tidemark"))) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--s3-cost-bench measures Tidemark only: drop --targets (or use --targets tidemark)");
            }
            if (tidemarkEndpoint != null) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--s3-cost-bench starts its own Tidemark on its own S3: drop --tidemark-endpoint");
            }
            targets = List.of("tidemark");
            if (!spec.commandLine().getParseResult().hasMatchedOption("--server-jvm-opts")) {
                serverJvmOpts = S3CostBench.DEFAULT_SERVER_JVM_OPTS;
            }
            s3Cost.check(new CommandLine(this));
        }
        if (backup.enabled) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--targets") && !targets.equals(List.of("tidemark"))) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--backup-bench measures Tidemark only: drop --targets (or use --targets tidemark)");
            }
            targets = List.of("tidemark");
            if (!spec.commandLine().getParseResult().hasMatchedOption("--server-jvm-opts")) {
                serverJvmOpts = BackupBench.DEFAULT_SERVER_JVM_OPTS;
            }
            backup.check(new CommandLine(this));
        }
        if (concurrency < 1 || items < 1 || (ops <= 0 && seconds <= 0)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--concurrency and --items must be positive, and --seconds or --ops must be set");
        }
        if (repoRoot == null) {
            repoRoot = findRepoRoot();
        }
        if (coldStart) {
            return new ColdStart(repoRoot, coldStartRuns, items).run();
        }
        boolean tempWork = workDir == null;
        Path runDir = tempWork ? Files.createTempDirectory("tidemark-bench-") : Files.createDirectories(workDir);
        if (tempWork && !keepWorkDir) {
            Servers.deleteOnExit(runDir);
        }

        if (backup.enabled) {
            return new BackupBench(this, backup).run(runDir, tempWork);
        }
        if (s3Cost.enabled) {
            return new S3CostBench(this, s3Cost).run(runDir, tempWork);
        }

        Workload wl = new Workload(table, items, itemsPerPartition, queryItems, itemBytes, consistentRead, gsi,
                seed);
        String header = header(wl);
        System.out.println(header);
        System.out.println();

        clientWarmup(wl);

        for (String target : targets) {
            try {
                runTarget(target, wl, Files.createDirectories(runDir.resolve(target)));
            } catch (Exception e) {
                String msg = "[" + target + "] FAILED: " + e;
                failures.add(msg);
                System.out.println(msg);
                if (!(e instanceof IOException)) {
                    e.printStackTrace(System.out);
                }
            }
            System.out.println();
        }

        for (String line : Report.ratioLines(results)) {
            System.out.println(line);
        }
        String summary = Report.summary(header, results, lagResults);
        if (!failures.isEmpty()) {
            summary += "\nFailed targets:\n\n";
            for (String f : failures) {
                summary += "- " + f.lines().findFirst().orElse(f) + "\n";
            }
        }
        System.out.println();
        System.out.println(summary);
        if (summaryFile != null) {
            Files.writeString(summaryFile, summary, StandardCharsets.UTF_8);
        }
        if (keepWorkDir || !tempWork) {
            System.out.println("server logs: " + runDir);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private void runTarget(String target, Workload wl, Path work) throws Exception {
        System.out.println("=== " + target + " ===");
        Endpoint ep = switch (target) {
            case "tidemark" -> tidemark(work);
            case "ddblocal" -> ddbLocal(work);
            default -> ceiling(work, wl);
        };
        try (DynamoDbClient client = client(ep.uri(), false);
             DynamoDbClient admin = client(ep.uri(), true)) {
            if (ep.pid() == null) {
                System.out.println("[" + target + "] no server PID: server CPU will be n/a");
            } else {
                System.out.println("[" + target + "] " + ep.uri() + ", server pid " + ep.pid());
            }
            Runner runner = new Runner(concurrency);
            List<Workload.Op> mix = new ArrayList<>(List.of(wl.getItem(), wl.putItem(), wl.updateItem(), wl.query()));
            if (wl.gsi) {
                mix.add(wl.gsiQuery());
            }
            if (target.equals("ceiling")) {
                if (serverWarmupSeconds > 0) {
                    jitWarmup(target, "of client and stub", client, mix, serverWarmupSeconds, "--server-warmup-seconds");
                }
                phase(runner, target, "GetItem", Runner.of(wl.getItem(), client), ep.pid());
                return;
            }
            wl.createTable(admin, Duration.ofSeconds(60));
            System.out.println("[" + target + "] table " + wl.table + " created; loading " + wl.describe());
            PhaseResult load = load(runner, target, wl, admin, ep.pid(), seed);
            record(load);
            System.out.printf(Locale.ROOT, "[%s] loaded %d items in %.2f s = %.0f items/s (25 items per BatchWriteItem)%n",
                    target, wl.items, load.seconds(), wl.items / load.seconds());
            if (load.errors() > 0) {
                System.out.println("[" + target + "] WARNING: the load had errors; later phases may see missing items");
            }
            if (wl.gsi) {
                // An index maintained asynchronously may still be catching up: wait for it, so the GSI
                // phases do not count its backlog as mismatches.
                double waited = wl.awaitIndexLoaded(admin, Duration.ofSeconds(120));
                System.out.println(waited < 0
                        ? "[" + target + "] WARNING: " + Workload.GSI + " does not hold every loaded item after 120 s"
                        : String.format(Locale.ROOT, "[%s] %s holds every loaded item (%d index partitions counted"
                                + " with Select=COUNT in %.2f s)", target, Workload.GSI, wl.gsiPartitions, waited));
            }
            if (serverWarmupSeconds > 0) {
                jitWarmup(target, "of client and server", client, mix, serverWarmupSeconds, "--server-warmup-seconds");
            }
            for (String p : phases) {
                switch (p) {
                    case "get" -> phase(runner, target, "GetItem", Runner.of(wl.getItem(), client), ep.pid());
                    case "put" -> phase(runner, target, "PutItem", Runner.of(wl.putItem(), client), ep.pid());
                    case "update" -> phase(runner, target, "UpdateItem", Runner.of(wl.updateItem(), client), ep.pid());
                    case "query" -> phase(runner, target, "Query", Runner.of(wl.query(), client), ep.pid());
                    case "gsiquery" -> phase(runner, target, "Query (gsi1)", Runner.of(wl.gsiQuery(), client), ep.pid());
                    case "gsilag" -> lagPhase(target, new GsiLag(wl, client), ep.pid());
                    default -> throw new IllegalStateException(p);
                }
            }
            if (ep.started() == null) {
                wl.deleteTableIfExists(admin, Duration.ofSeconds(60));
            }
        } finally {
            if (ep.started() != null) {
                ep.started().stop();
                System.out.println("[" + target + "] stopped pid " + ep.started().pid());
            }
        }
    }

    /**
     * Loads the data set: {@link Workload#batches()} BatchWriteItem requests of 25 items, spread over
     * the runner's threads, with {@code admin} (SDK retries on).
     */
    static PhaseResult load(Runner runner, String target, Workload wl, DynamoDbClient admin, Long pid, long seed)
            throws InterruptedException {
        AtomicInteger nextBatch = new AtomicInteger();
        int batches = wl.batches();
        return runner.run(target, "BatchWriteItem", rnd -> {
            int b = nextBatch.getAndIncrement();
            if (b < batches) {
                wl.loadBatch(admin, b);
            }
            return true;
        }, 0, batches, pid, seed);
    }

    /** Warms the client's JIT on every operation against an in-process fixed-response stub. */
    private void clientWarmup(Workload wl) throws Exception {
        if (clientWarmupSeconds <= 0) {
            return;
        }
        CeilingServer stub = CeilingServer.start(0, 2, itemBytes, wl.gsi ? wl.g(0) : null);
        try (DynamoDbClient c = client(URI.create("http://127.0.0.1:" + stub.port()), false)) {
            List<Workload.Op> all = new ArrayList<>(List.of(wl.getItem(), wl.putItem(), wl.updateItem(), wl.query(),
                    (cl, rnd) -> {
                        try {
                            wl.loadBatch(cl, rnd.nextInt(wl.batches()));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return true;
                    }));
            if (wl.gsi) {
                all.add(wl.gsiQuery());
            }
            jitWarmup("client", "against an in-process stub", c, all, clientWarmupSeconds, "--client-warmup-seconds");
        } finally {
            stub.close();
        }
        System.out.println();
    }

    /**
     * Runs a random mix of {@code ops} with few threads (so that, on a small machine, the JIT
     * compiler threads of the client and of the server get CPU) in 2-second windows, until the
     * throughput of 3 windows in a row is within 10% of each other or {@code maxSeconds} have passed.
     */
    private void jitWarmup(String label, String what, DynamoDbClient c, List<Workload.Op> ops, double maxSeconds,
                           String flag) throws InterruptedException {
        Runner runner = new Runner(Math.max(1, Math.min(concurrency, jitWarmupThreads)));
        List<Double> rates = new ArrayList<>();
        long total = 0;
        long errors = 0;
        double elapsed = 0;
        boolean stable = false;
        while (elapsed < maxSeconds && !stable) {
            double window = Math.min(2.0, maxSeconds - elapsed);
            PhaseResult r = runner.run(label, "jit-warm-up",
                    rnd -> ops.get(rnd.nextInt(ops.size())).run(c, rnd), window, 0, null, seed + rates.size());
            rates.add(r.opsPerSecond());
            total += r.ops();
            errors += r.errors();
            elapsed += r.seconds();
            if (rates.size() >= 3) {
                List<Double> last = rates.subList(rates.size() - 3, rates.size());
                stable = last.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                        <= 1.10 * last.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (double rate : rates) {
            sb.append(sb.length() == 0 ? "" : " ").append(Math.round(rate));
        }
        System.out.printf(Locale.ROOT, "[%s] JIT warm-up %s (%d threads, mixed operations): %d ops in %.1f s, %s%s;"
                        + " ops/s per 2 s window: %s%n", label, what, runner.threads(), total, elapsed,
                stable ? "stable" : "NOT stable yet (raise " + flag + ")",
                errors > 0 ? ", " + errors + " errors" : "", sb);
    }

    private void phase(Runner runner, String target, String op, Runner.Task task, Long pid) throws InterruptedException {
        if (warmupSeconds > 0) {
            PhaseResult w = runner.run(target, op, task, warmupSeconds, 0, pid, seed + 7);
            System.out.printf(Locale.ROOT, "[%s] %-14s warm-up %.1f s: %d ops%s%n", target, op, w.seconds(), w.ops(),
                    w.errors() > 0 ? ", " + w.errors() + " errors " + w.errorTypes() : "");
        }
        PhaseResult r = runner.run(target, op, task, seconds, ops, pid, seed + op.hashCode());
        record(r);
    }

    /**
     * The GSI lag: {@code concurrency - 2} threads (at least 1) of PutItem load and 2 probe threads,
     * {@code --warmup-seconds} unmeasured, then {@code --seconds} (or {@code --ops} PutItems of the load).
     */
    private void lagPhase(String target, GsiLag lag, Long pid) throws InterruptedException {
        Runner loaders = new Runner(GsiLag.loaders(concurrency));
        if (warmupSeconds > 0) {
            GsiLag.Result w = lag.run(target, loaders, warmupSeconds, 0, pid, seed + 7);
            System.out.printf(Locale.ROOT, "[%s] %-14s warm-up %.1f s: %d probes, %d load ops%s%n", target, "GSI lag",
                    w.seconds(), w.probes(), w.load().ops(),
                    w.errors() + w.load().errors() > 0 ? ", " + (w.errors() + w.load().errors()) + " errors" : "");
        }
        GsiLag.Result r = lag.run(target, loaders, seconds, ops, pid, seed + "gsilag".hashCode());
        lagResults.add(r);
        System.out.println(Report.lagLine(r));
    }

    private void record(PhaseResult r) {
        results.add(r);
        System.out.println(Report.line(r));
    }

    // ---- targets -------------------------------------------------------------------------------

    Endpoint tidemark(Path work) throws IOException, InterruptedException {
        if (tidemarkEndpoint != null) {
            return external("tidemark", tidemarkEndpoint, tidemarkPid);
        }
        Path jar = tidemarkJar != null ? tidemarkJar : repoRoot.resolve("functions/api/target/tidemark-all.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("Tidemark server jar not found: " + jar + " (build it with `mvn -q -B -DskipTests"
                    + " package` at the repo root, or pass --tidemark-endpoint URL --tidemark-pid PID)");
        }
        Path data = Files.createDirectories(work.resolve("data"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Servers.javaExecutable());
        cmd.addAll(jvmOpts());
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve",
                "--port", "{PORT}", "--bind", "127.0.0.1", "--data", data.toString()));
        cmd.addAll(words(tidemarkArgs));
        return started(Servers.start("tidemark", cmd, work, startupTimeout(), this::answers));
    }

    private Endpoint ddbLocal(Path work) throws IOException, InterruptedException {
        if (ddblocalEndpoint != null) {
            return external("ddblocal", ddblocalEndpoint, ddblocalPid);
        }
        Path dir = ddblocalDirectory();
        Path lib = dir.resolve("lib");
        Path nat = dir.resolve("native");
        if (!Files.isDirectory(lib) || !Files.isDirectory(nat)) {
            throw new IOException("DynamoDB Local not found in " + dir + " (fetch it with `mvn -q -B -f"
                    + " bench/fetch-ddblocal/pom.xml package`, which `bench/run` does)");
        }
        Path launcher = Servers.extractClass(DdbLocalLauncher.class, work.resolve("launcher"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Servers.javaExecutable());
        cmd.addAll(jvmOpts());
        cmd.add("-Djava.library.path=" + nat.toAbsolutePath());
        cmd.add("-Dsqlite4java.library.path=" + nat.toAbsolutePath());
        cmd.addAll(List.of("-cp", lib.toAbsolutePath() + "/*:" + launcher.toAbsolutePath(),
                DdbLocalLauncher.class.getName(), "-inMemory", "-port", "{PORT}", "-disableTelemetry"));
        return started(Servers.start("ddblocal", cmd, work, startupTimeout(), this::answers));
    }

    private Endpoint ceiling(Path work, Workload wl) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Servers.javaExecutable());
        cmd.addAll(jvmOpts());
        cmd.addAll(List.of("-cp", absoluteClassPath(), CeilingServer.class.getName(),
                "{PORT}", Integer.toString(Runtime.getRuntime().availableProcessors()), Integer.toString(itemBytes)));
        if (wl.gsi) {
            cmd.add(wl.g(0)); // the item it returns has g, as the data set's do
        }
        return started(Servers.start("ceiling", cmd, work, startupTimeout(), this::answers));
    }

    /** This JVM's classpath with absolute entries (servers run in their own work directory). */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private Endpoint external(String name, URI uri, Long pid) {
        if (pid != null && !ProcStat.readable(pid)) {
            System.out.println("[" + name + "] cannot read /proc/" + pid + "/stat: server CPU will be n/a");
            pid = null;
        }
        if (!answers(uri)) {
            throw new IllegalStateException(name + " at " + uri + " does not answer ListTables");
        }
        return new Endpoint(name, uri, pid, null);
    }

    private static Endpoint started(Servers.Started s) {
        return new Endpoint(s.name, s.endpoint, s.pid(), s);
    }

    /** Readiness: the endpoint answers ListTables. */
    boolean answers(URI endpoint) {
        try (DynamoDbClient probe = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            probe.listTables();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("benchkey", "benchsecret"));

    /**
     * The SDK client: Apache HTTP client with a pool larger than the concurrency, no
     * Expect: 100-continue; no retries for the measured client ({@code retries == false}), so an
     * error is counted, never hidden.
     */
    DynamoDbClient client(URI endpoint, boolean retries) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(Math.max(2 * concurrency, 32))
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                        .expectContinueEnabled(false)
                        .tcpKeepAlive(true))
                .overrideConfiguration(o -> o
                        .retryStrategy(retries ? AwsRetryStrategy.standardRetryStrategy() : AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(120)))
                .build();
    }

    // ---- helpers -------------------------------------------------------------------------------

    Duration startupTimeout() {
        return Duration.ofSeconds(startupTimeoutSeconds);
    }

    List<String> jvmOpts() {
        return words(serverJvmOpts);
    }

    static List<String> words(String s) {
        String t = s == null ? "" : s.trim();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }

    private Path ddblocalDirectory() {
        return ddblocalDir != null ? ddblocalDir : repoRoot.resolve("bench/target/ddblocal");
    }

    private String ddbLocalVersion() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ddblocalDirectory().resolve("lib"), "DynamoDBLocal-*.jar")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                return n.substring("DynamoDBLocal-".length(), n.length() - ".jar".length());
            }
        } catch (IOException ignored) {
            // not fetched
        }
        return "?";
    }

    private String header(Workload wl) {
        String measure = ops > 0 ? ops + " ops per phase" : fmt(seconds) + " s per phase";
        return String.format(Locale.ROOT,
                "%s; targets %s; %s after %s s warm-up; concurrency %d; %s; %s reads; "
                        + "machine: %d cores, Java %s; DynamoDB Local %s; CPU = user+system from /proc/PID/stat (CLK_TCK %d)",
                Instant.now().toString().substring(0, 19) + "Z", String.join(",", targets), measure, fmt(warmupSeconds),
                concurrency, wl.describe(), consistentRead ? "strongly consistent" : "eventually consistent",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), ddbLocalVersion(),
                ProcStat.CLK_TCK);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** bench/target/tidemark-bench.jar or bench/target/classes -> the repository root; else the cwd. */
    private static Path findRepoRoot() {
        try {
            Path here = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            Path root = here.getParent() != null && here.getParent().getParent() != null
                    ? here.getParent().getParent().getParent() : null;
            if (root != null && Files.isDirectory(root.resolve("bench")) && Files.isRegularFile(root.resolve("pom.xml"))) {
                return root;
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through
        }
        return Path.of("").toAbsolutePath();
    }
}
