package io.tidemark.bench;

import io.tidemark.testing.s3.S3Request;
import io.tidemark.testing.s3.S3RequestCounts;
import io.tidemark.testing.s3.S3RequestKind;
import io.tidemark.testing.s3.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code bench/run --s3-cost-bench}: the S3 requests, and what they cost, per DynamoDB operation
 * of a Tidemark whose data is in S3.
 *
 * <p>S3 is the in-process S3TestServer (S3Proxy), which counts the requests it serves by kind at
 * the server: nothing Tidemark says about itself is used. Tidemark runs as a child process
 * ({@code serve --store s3://... --s3-endpoint ...}), once per {@code --s3-cost-shards} value, and
 * is driven with the AWS SDK over HTTP, one request at a time (except the concurrent PutItem run),
 * so that every count divides by a number of operations. Before each measurement the bench waits
 * until S3 has been quiet for a moment, then resets the counts; after it, it waits again and reads
 * them. The server's per-request log (kind, path, status) gives the details: statuses, which
 * shards' logs got an object, how many objects a concurrent run created.
 */
final class S3CostBench {
    /** JVM options of the started servers when {@code --server-jvm-opts} is not given. */
    static final String DEFAULT_SERVER_JVM_OPTS = "-Xmx1g";

    /** The mode's options (a mixin of {@link Bench}). */
    static final class Options {
        @Option(names = "--s3-cost-bench",
                description = "Run the S3 request-cost benchmark instead (Tidemark only): Tidemark on an in-process S3"
                        + " (S3Proxy) that counts requests by kind; requests and request cost per DynamoDB operation on"
                        + " S3 Standard and S3 Express One Zone next to DynamoDB on demand. Uses --tidemark-jar,"
                        + " --tidemark-args, --server-jvm-opts (default here: " + DEFAULT_SERVER_JVM_OPTS + "),"
                        + " --startup-timeout-seconds, --work-dir, --keep-work-dir, --summary-file, --seed.")
        boolean enabled;

        @Option(names = "--s3-cost-ops", defaultValue = "300",
                description = "--s3-cost-bench: measured operations per operation type (default: ${DEFAULT-VALUE}).")
        int ops;

        @Option(names = "--s3-cost-warmup-ops", defaultValue = "20",
                description = "--s3-cost-bench: unmeasured operations before each measurement (default: ${DEFAULT-VALUE}).")
        int warmupOps;

        @Option(names = "--s3-cost-shards", split = ",", defaultValue = "1,4",
                description = "--s3-cost-bench: one server run per value, `serve --shards N` (default: ${DEFAULT-VALUE}).")
        List<Integer> shards;

        @Option(names = "--s3-cost-threads", defaultValue = "16",
                description = "--s3-cost-bench: client threads of the concurrent PutItem run (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--s3-cost-item-bytes", defaultValue = "100",
                description = "--s3-cost-bench: item size, DynamoDB's measure (default: ${DEFAULT-VALUE}).")
        int itemBytes;

        @Option(names = "--s3-cost-query-items", defaultValue = "10",
                description = "--s3-cost-bench: items per partition key, all of which a Query returns"
                        + " (default: ${DEFAULT-VALUE}).")
        int queryItems;

        @Option(names = "--s3-cost-second-instance", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "--s3-cost-bench: also start a second Tidemark on the same store for the cross-instance"
                        + " rows (default: on).")
        boolean secondInstance;

        @Option(names = "--s3-cost-json",
                description = "--s3-cost-bench: where the JSON report goes (default: bench/target/s3-cost-bench.json).")
        Path json;

        @Option(names = "--s3-cost-request-log",
                description = "--s3-cost-bench: also write every S3 request of the measurements (row, kind, method, path,"
                        + " status) to this file, tab-separated.")
        Path requestLog;

        void check(CommandLine cl) {
            if (ops < 1 || warmupOps < 0 || threads < 1 || itemBytes < 40 || itemBytes > 1024 || queryItems < 1
                    || shards.isEmpty() || shards.stream().anyMatch(s -> s < 1 || Integer.bitCount(s) != 1)) {
                throw new CommandLine.ParameterException(cl, "--s3-cost-ops and --s3-cost-threads must be positive,"
                        + " --s3-cost-warmup-ops not negative, --s3-cost-item-bytes 40..1024 (one write unit),"
                        + " --s3-cost-query-items positive, --s3-cost-shards powers of two");
            }
        }
    }

    /** What the per-request log says about one measurement. */
    record Details(Map<String, Long> byKindAndStatus, double shardsTouchedPerOp, long maxPutsPerOp,
                   long logObjectsCreated, Map<Long, Long> opsByPuts) {
    }

    /** One measured operation type on one server configuration. */
    record Row(int shards, String operation, long ops, long errors, long mismatches, String firstError,
               double seconds, S3RequestCounts counts, Details details, double wruPerOp, double rruPerOp,
               String note) {
        double perOp(S3RequestKind kind) {
            return counts.get(kind) / (double) ops;
        }

        double standardPerMillion() {
            return RequestPrices.S3_STANDARD.dollars(counts) / ops * 1e6;
        }

        double expressPerMillion() {
            return RequestPrices.S3_EXPRESS.dollars(counts) / ops * 1e6;
        }

        /** NaN when DynamoDB does not bill the operation by request units (control plane). */
        double dynamoDbPerMillion() {
            return RequestPrices.dynamoDbDollars(wruPerOp, rruPerOp) * 1e6;
        }
    }

    /** Collects the server's per-request log; {@link #drain} hands over what arrived so far. */
    private static final class Recorder implements Consumer<S3Request> {
        private final ConcurrentLinkedQueue<S3Request> queue = new ConcurrentLinkedQueue<>();
        private final AtomicLong seen = new AtomicLong();
        private volatile String label = "";
        private final List<String> log; // null: no request log file

        Recorder(boolean keepLog) {
            this.log = keepLog ? new ArrayList<>() : null;
        }

        @Override
        public void accept(S3Request r) {
            queue.add(r);
            seen.incrementAndGet();
            if (log != null) {
                String line = label + "\t" + r.kind() + "\t" + r.method() + "\t" + r.path()
                        + (r.query() == null ? "" : "?" + r.query()) + "\t" + r.status();
                synchronized (log) {
                    log.add(line);
                }
            }
        }

        long seen() {
            return seen.get();
        }

        List<S3Request> drain() {
            List<S3Request> out = new ArrayList<>();
            S3Request r;
            while ((r = queue.poll()) != null) {
                out.add(r);
            }
            return out;
        }

        void reset(String newLabel) {
            queue.clear();
            seen.set(0);
            label = newLabel;
        }
    }

    /** One operation; {@code i} counts from 0 (negative: warm-up). False: the answer was not the expected one. */
    interface Call {
        boolean run(int i) throws Exception;
    }

    private static final Pattern LOG_OBJECT = Pattern.compile(".*/tables/([^/]+)/s(\\d+)/log/\\d{20}$");
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

    private final Bench bench;
    private final Options o;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** Found about the server, not failures of the run. */
    private final List<String> warnings = new ArrayList<>();
    private final Map<Integer, Double> idlePerSecond = new TreeMap<>();
    private final AtomicLong newKeys = new AtomicLong();
    private S3TestServer s3;
    private Recorder recorder;
    private String payload;
    private int preloadPartitions;

    S3CostBench(Bench bench, Options o) {
        this.bench = bench;
        this.o = o;
    }

    int run(Path runDir, boolean tempWork) throws Exception {
        String header = header();
        System.out.println(header);
        System.out.println(RequestPrices.describe());
        System.out.println();
        preloadPartitions = Math.max(1, (500 + o.queryItems - 1) / o.queryItems);
        payload = payload(o.itemBytes);
        s3 = S3TestServer.startInProcess();
        recorder = new Recorder(o.requestLog != null);
        s3.onRequest(recorder);
        System.out.println("[s3] in-process S3Proxy at " + s3.endpoint() + ", bucket " + s3.bucket() + ", prefix "
                + s3.prefix() + " (requests counted at the server)");
        try {
            for (int shards : o.shards) {
                try {
                    runConfiguration(shards, Files.createDirectories(runDir.resolve("shards-" + shards)));
                } catch (Exception e) {
                    String msg = "[shards " + shards + "] FAILED: " + e;
                    problems.add(msg);
                    System.out.println(msg);
                    e.printStackTrace(System.out);
                }
                System.out.println();
            }
        } finally {
            s3.onRequest(null);
            s3.close();
        }

        String summary = summary(header);
        System.out.println(summary);
        if (bench.summaryFile != null) {
            Files.writeString(bench.summaryFile, summary, StandardCharsets.UTF_8);
        }
        Path json = o.json != null ? o.json : bench.repoRoot.resolve("bench/target/s3-cost-bench.json");
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, json(header), StandardCharsets.UTF_8);
        System.out.println("JSON report: " + json);
        if (o.requestLog != null) {
            Files.write(o.requestLog, recorder.log, StandardCharsets.UTF_8);
            System.out.println("S3 request log: " + o.requestLog);
        }
        if (bench.keepWorkDir || !tempWork) {
            System.out.println("server logs: " + runDir);
        }
        return problems.isEmpty() ? 0 : 1;
    }

    // ---- one server configuration ----------------------------------------------------------------

    private void runConfiguration(int shards, Path work) throws Exception {
        String store = "s3://" + s3.bucket() + "/" + s3.prefix() + "shards-" + shards;
        String table = "cost_s" + shards;
        String tag = "[shards " + shards + "]";
        System.out.println("=== " + shards + " shard" + (shards == 1 ? "" : "s") + " per table, store " + store + " ===");

        startMeasuring("start");
        Instant t0 = Instant.now();
        Servers.Started a = startTidemark("tidemark", shards, store, work);
        Servers.Started b = null;
        try (DynamoDbClient client = bench.client(a.endpoint, false);
             DynamoDbClient admin = bench.client(a.endpoint, true)) {
            record(oneOff(shards, "serve start on an empty prefix (until ListTables answers)", t0), tag);

            startMeasuring("CreateTable");
            t0 = Instant.now();
            createTable(admin, table);
            record(oneOff(shards, "CreateTable (and DescribeTable until ACTIVE)", t0), tag);

            preload(admin, table);
            System.out.printf(Locale.ROOT, "%s table %s: %d items of ~%d B preloaded (%d partitions of %d), unmeasured%n",
                    tag, table, preloadPartitions * o.queryItems, itemSize("p00000", "s0000"), preloadPartitions,
                    o.queryItems);

            startMeasuring("idle (2 s)");
            Thread.sleep(2000);
            double idle = s3.requestCounts().total() / 2.0;
            unmeasured("after idle");
            idlePerSecond.put(shards, idle);
            System.out.printf(Locale.ROOT, "%s idle: %.1f S3 requests per second (%s in 2 s)%n", tag, idle,
                    s3.requestCounts());

            double readUnits = Math.ceil(itemSize("p00000", "s0000") / 4096.0);
            double queryUnits = Math.ceil(o.queryItems * (double) itemSize("p00000", "s0000") / 4096.0);
            SplittableRandom rnd = new SplittableRandom(bench.seed + shards);

            record(sequential(shards, "PutItem (new item)", null,
                    i -> put(client, table, newKey()), 1, 0, ""), tag);
            record(sequential(shards, "UpdateItem (SET c = c + 1, condition attribute_exists)", null,
                    i -> update(client, table, rnd), 1, 0, ""), tag);
            record(sequential(shards, "GetItem (eventually consistent)", null,
                    i -> get(client, table, rnd, false), 0, 0.5 * readUnits, ""), tag);
            record(sequential(shards, "GetItem (ConsistentRead, nothing new)", null,
                    i -> get(client, table, rnd, true), 0, readUnits, ""), tag);
            record(sequential(shards, "Query (eventually consistent, " + o.queryItems + " items)", null,
                    i -> query(client, table, rnd, false), 0, 0.5 * queryUnits, ""), tag);
            record(sequential(shards, "Query (ConsistentRead, " + o.queryItems + " items)", null,
                    i -> query(client, table, rnd, true), 0, queryUnits, ""), tag);
            record(sequential(shards, "BatchWriteItem (25 new items)", null,
                    i -> batch(client, table, 25), 25, 0, "target: one PUT per shard touched"), tag);
            record(sequential(shards, "TransactWriteItems (2 new items)", null,
                    i -> transact(client, table), 2 * 2, 0, ""), tag);
            record(concurrentPuts(shards, client, table), tag);

            if (o.secondInstance) {
                startMeasuring("second instance start");
                t0 = Instant.now();
                b = startTidemark("tidemark-b", shards, store, work);
                record(oneOff(shards, "serve start of a second instance on the same store (opens the table)", t0),
                        tag);
                try (DynamoDbClient other = bench.client(b.endpoint, false)) {
                    String[] last = new String[1];
                    record(sequential(shards, "GetItem (ConsistentRead) of an item another instance just put", i -> {
                        last[0] = newKey();
                        return put(other, table, last[0]);
                    }, i -> getKey(client, table, last[0], true), 0, readUnits,
                            "the other instance's PutItem not counted; the read must return the item"), tag);
                    record(sequential(shards, "PutItem, two instances taking turns", null, i -> put(i % 2 == 0 ? client : other, table, newKey()), 1, 0, ""), tag);
                }
            }
        } finally {
            if (b != null) {
                b.stop();
                System.out.println(tag + " stopped the second instance, pid " + b.pid());
            }
            a.stop();
            System.out.println(tag + " stopped pid " + a.pid());
        }
    }

    private Servers.Started startTidemark(String name, int shards, String store, Path work) throws Exception {
        Path jar = bench.tidemarkJar != null ? bench.tidemarkJar
                : bench.repoRoot.resolve("functions/api/target/tidemark-all.jar");
        if (!Files.isRegularFile(jar)) {
            throw new java.io.IOException("Tidemark server jar not found: " + jar + " (bench/run builds it)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Servers.javaExecutable());
        cmd.addAll(bench.jvmOpts());
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        cmd.addAll(List.of("serve", "--port", "{PORT}", "--bind", "127.0.0.1",
                "--shards", Integer.toString(shards), "--store", store, "--s3-endpoint", s3.endpoint().toString()));
        cmd.addAll(Bench.words(bench.tidemarkArgs));
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
                "AWS_REGION", s3.region());
        return Servers.start(name, cmd, env, Files.createDirectories(work.resolve(name)), bench.startupTimeout(),
                bench::answers);
    }

    // ---- measuring -------------------------------------------------------------------------------

    /** Waits until S3 has had no request for 300 ms (at most 5 s). */
    private void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long last = s3.requestCounts().total() + recorder.seen();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = s3.requestCounts().total() + recorder.seen();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= 300_000_000L) {
                return;
            }
        }
    }

    private void startMeasuring(String label) throws InterruptedException {
        awaitQuiet();
        s3.resetRequestCounts();
        recorder.reset(label);
    }

    /** Labels what the request log gets from now on as not measured (warm-ups, preloading). */
    private void unmeasured(String label) {
        recorder.label = "(unmeasured) " + label;
    }

    /**
     * The counts now, once the per-request log has caught up with them (a request is counted as it
     * arrives and logged once answered).
     */
    private S3RequestCounts settle() {
        S3RequestCounts c = s3.requestCounts();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (recorder.seen() < c.total() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000);
        }
        return c;
    }

    /** A one-off measurement (server start, CreateTable) since the last {@link #startMeasuring}. */
    private Row oneOff(int shards, String operation, Instant since) throws InterruptedException {
        awaitQuiet();
        S3RequestCounts c = settle();
        List<S3Request> requests = recorder.drain();
        unmeasured("after " + operation);
        return new Row(shards, operation, 1, 0, 0, null, Duration.between(since, Instant.now()).toMillis() / 1000.0, c,
                details(List.of(requests), 1), Double.NaN, Double.NaN, "once; DynamoDB bills no request units for it");
    }

    private Row sequential(int shards, String operation, Call before, Call call, double wru, double rru, String note)
            throws InterruptedException {
        return sequential(shards, operation, before, call, wru, rru, note, o.ops, o.warmupOps);
    }

    /**
     * {@code ops} calls one after the other after {@code warmup} unmeasured ones. Without
     * {@code before}, the row has every request S3 received from the reset until it was quiet
     * again; with it, only those between the return of {@code before} (not counted) and the return
     * of {@code call}, summed.
     */
    private Row sequential(int shards, String operation, Call before, Call call, double wru, double rru, String note,
                           int ops, int warmup) throws InterruptedException {
        long errors = 0;
        long mismatches = 0;
        String firstError = null;
        unmeasured("warm-up of " + operation);
        for (int i = 1; i <= warmup; i++) {
            try {
                if (before != null) {
                    before.run(-i);
                }
                call.run(-i);
            } catch (Exception e) {
                errors++;
                firstError = firstError == null ? "warm-up: " + Runner.errorType(e) + ": " + e.getMessage() : firstError;
            }
        }
        startMeasuring(operation);
        List<List<S3Request>> perOp = new ArrayList<>(ops);
        S3RequestCounts between = S3RequestCounts.none();
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            if (before != null) {
                recorder.label = "(not counted) before " + operation + " #" + i;
                try {
                    if (!before.run(i)) {
                        mismatches++;
                    }
                } catch (Exception e) {
                    errors++;
                    firstError = firstError == null ? Runner.errorType(e) + ": " + e.getMessage() : firstError;
                }
            }
            S3RequestCounts c0 = settle();
            recorder.drain();
            recorder.label = operation + " #" + i;
            try {
                if (!call.run(i)) {
                    mismatches++;
                }
            } catch (Exception e) {
                errors++;
                firstError = firstError == null ? Runner.errorType(e) + ": " + e.getMessage() : firstError;
            }
            between = between.plus(settle().minus(c0));
            perOp.add(recorder.drain());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        awaitQuiet();
        S3RequestCounts counts = between;
        if (before == null) {
            counts = settle(); // everything since the reset, also what came after the last answer
            List<S3Request> late = recorder.drain();
            if (!late.isEmpty()) {
                perOp.get(perOp.size() - 1).addAll(late);
            }
        }
        unmeasured("after " + operation);
        return new Row(shards, operation, ops, errors, mismatches, firstError, seconds, counts, details(perOp, ops),
                wru, rru, note);
    }

    /** {@code --s3-cost-ops} PutItems of new items by {@code --s3-cost-threads} threads at once. */
    private Row concurrentPuts(int shards, DynamoDbClient client, String table) throws InterruptedException {
        String operation = "PutItem (new item), " + o.threads + " client threads at once";
        Runner runner = new Runner(o.threads);
        Runner.Task task = r -> put(client, table, newKey());
        unmeasured("warm-up of " + operation);
        if (o.warmupOps > 0) {
            runner.run("tidemark", operation, task, 0, Math.max(o.warmupOps, o.threads), null, bench.seed);
        }
        startMeasuring(operation);
        PhaseResult r = runner.run("tidemark", operation, task, 0, o.ops, null, bench.seed + 1);
        awaitQuiet();
        S3RequestCounts counts = settle();
        List<S3Request> all = recorder.drain();
        unmeasured("after " + operation);
        Details d = details(List.of(all), r.ops() + r.errors());
        long ops = r.ops() + r.errors();
        return new Row(shards, operation, ops, r.errors(), r.mismatches(), r.firstError(), r.seconds(), counts,
                new Details(d.byKindAndStatus(), Double.NaN, -1, d.logObjectsCreated(), Map.of()), 1, 0,
                String.format(Locale.ROOT, "%d PutItems in %d log objects (group commit)", ops, d.logObjectsCreated()));
    }

    /** Statuses by kind, and the shards whose log got a new object, per operation. */
    private static Details details(List<List<S3Request>> perOp, long ops) {
        Map<String, Long> byKindAndStatus = new TreeMap<>();
        long touched = 0;
        long maxPuts = 0;
        long created = 0;
        Map<Long, Long> opsByPuts = new TreeMap<>();
        for (List<S3Request> requests : perOp) {
            Set<String> shards = new HashSet<>();
            long puts = 0;
            for (S3Request r : requests) {
                byKindAndStatus.merge(r.kind() + " " + r.status(), 1L, Long::sum);
                if (r.kind() == S3RequestKind.PUT) {
                    puts++;
                    Matcher m = LOG_OBJECT.matcher(r.path());
                    if (r.status() / 100 == 2 && m.matches()) {
                        shards.add(m.group(1) + "/" + m.group(2));
                        created++;
                    }
                }
            }
            touched += shards.size();
            maxPuts = Math.max(maxPuts, puts);
            opsByPuts.merge(puts, 1L, Long::sum);
        }
        boolean each = perOp.size() == ops;
        return new Details(byKindAndStatus, each ? touched / (double) ops : Double.NaN, maxPuts, created,
                each ? opsByPuts : Map.of());
    }

    private void record(Row r, String tag) {
        rows.add(r);
        if (r.errors() > 0) {
            problems.add(tag + " " + r.operation() + ": " + r.errors() + " errors (first: " + r.firstError() + ")");
        }
        if (r.mismatches() > 0) {
            problems.add(tag + " " + r.operation() + ": " + r.mismatches() + " unexpected answers");
        }
        System.out.printf(Locale.ROOT, "%s %-70s %4d ops %6.2f s  per op: PUT %.2f GET %.2f HEAD %.2f LIST %.2f DELETE %.2f"
                        + " OTHER %.2f  $/M ops: S3 Standard %s, S3 Express %s, DynamoDB %s  %s%s%n",
                tag, r.operation(), r.ops(), r.seconds(), r.perOp(S3RequestKind.PUT), r.perOp(S3RequestKind.GET),
                r.perOp(S3RequestKind.HEAD), r.perOp(S3RequestKind.LIST), r.perOp(S3RequestKind.DELETE),
                r.perOp(S3RequestKind.OTHER), dollars(r.standardPerMillion()), dollars(r.expressPerMillion()),
                dollars(r.dynamoDbPerMillion()), notes(r),
                r.errors() + r.mismatches() > 0 ? "  ERRORS " + r.errors() + " MISMATCHES " + r.mismatches()
                        + (r.firstError() == null ? "" : " (first: " + r.firstError() + ")") : "");
    }

    // ---- the operations --------------------------------------------------------------------------

    private String newKey() {
        return String.format("n%08d", newKeys.incrementAndGet());
    }

    private static String sk(int i) {
        return String.format("s%04d", i);
    }

    private static String pk(int partition) {
        return String.format("p%05d", partition);
    }

    /** DynamoDB's item size: attribute names and values (a one-digit number taken as 2 bytes). */
    private int itemSize(String pk, String sk) {
        return 2 + pk.length() + 2 + sk.length() + 1 + 2 + 4 + payload.length();
    }

    private static String payload(int itemBytes) {
        int fixed = 2 + 6 + 2 + 5 + 1 + 2 + 4; // pk p00000, sk s0000, c 0, the name data
        return "x".repeat(Math.max(1, itemBytes - fixed));
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        Map<String, AttributeValue> m = new HashMap<>(8);
        m.put("pk", AttributeValue.fromS(pk));
        m.put("sk", AttributeValue.fromS(sk));
        m.put("c", AttributeValue.fromN("0"));
        m.put("data", AttributeValue.fromS(payload));
        return m;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private void createTable(DynamoDbClient admin, String table) throws InterruptedException {
        admin.createTable(b -> b.tableName(table)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (admin.describeTable(b -> b.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + table + " not ACTIVE after " + ADMIN_TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    private void preload(DynamoDbClient admin, String table) throws InterruptedException {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int p = 0; p < preloadPartitions; p++) {
            for (int s = 0; s < o.queryItems; s++) {
                items.add(item(pk(p), sk(s)));
            }
        }
        for (int from = 0; from < items.size(); from += 25) {
            writeBatch(admin, table, items.subList(from, Math.min(items.size(), from + 25)));
        }
    }

    private boolean put(DynamoDbClient client, String table, String pk) {
        client.putItem(b -> b.tableName(table).item(item(pk, sk(0))));
        return true;
    }

    private boolean update(DynamoDbClient client, String table, SplittableRandom rnd) {
        client.updateItem(b -> b.tableName(table)
                .key(key(pk(rnd.nextInt(preloadPartitions)), sk(rnd.nextInt(o.queryItems))))
                .updateExpression("SET #c = #c + :one")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#c", "c"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        return true;
    }

    private boolean get(DynamoDbClient client, String table, SplittableRandom rnd, boolean consistent) {
        return getKey(client, table, pk(rnd.nextInt(preloadPartitions)), consistent, sk(rnd.nextInt(o.queryItems)));
    }

    private boolean getKey(DynamoDbClient client, String table, String pk, boolean consistent) {
        return getKey(client, table, pk, consistent, sk(0));
    }

    private boolean getKey(DynamoDbClient client, String table, String pk, boolean consistent, String sk) {
        GetItemResponse r = client.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(consistent));
        return r.hasItem() && !r.item().isEmpty();
    }

    private boolean query(DynamoDbClient client, String table, SplittableRandom rnd, boolean consistent) {
        String pk = pk(rnd.nextInt(preloadPartitions));
        QueryResponse r = client.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                .consistentRead(consistent));
        return r.count() != null && r.count() == o.queryItems;
    }

    private boolean batch(DynamoDbClient client, String table, int n) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(item(newKey(), sk(0)));
        }
        List<WriteRequest> writes = new ArrayList<>(n);
        for (Map<String, AttributeValue> it : items) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(it).build()).build());
        }
        BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
        return !r.hasUnprocessedItems() || r.unprocessedItems().isEmpty();
    }

    private void writeBatch(DynamoDbClient admin, String table, List<Map<String, AttributeValue>> items)
            throws InterruptedException {
        List<WriteRequest> writes = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> it : items) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(it).build()).build());
        }
        Map<String, List<WriteRequest>> pending = Map.of(table, writes);
        for (int attempt = 0; attempt < 50; attempt++) {
            Map<String, List<WriteRequest>> req = pending;
            BatchWriteItemResponse r = admin.batchWriteItem(b -> b.requestItems(req));
            if (!r.hasUnprocessedItems() || r.unprocessedItems().isEmpty()) {
                return;
            }
            pending = r.unprocessedItems();
            Thread.sleep(10);
        }
        throw new IllegalStateException("BatchWriteItem left items unprocessed after 50 calls");
    }

    private boolean transact(DynamoDbClient client, String table) {
        List<TransactWriteItem> writes = new ArrayList<>(2);
        for (int i = 0; i < 2; i++) {
            Map<String, AttributeValue> it = item(newKey(), sk(0));
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(it)).build());
        }
        client.transactWriteItems(b -> b.transactItems(writes));
        return true;
    }

    // ---- output ----------------------------------------------------------------------------------

    private String header() {
        String args = bench.tidemarkArgs == null ? "" : bench.tidemarkArgs.trim();
        return String.format(Locale.ROOT,
                "%s; S3 request-cost benchmark, Tidemark only, store on an in-process S3Proxy counting requests at the"
                        + " server; shards per table %s; %d measured operations per row after %d warm-up ones, one"
                        + " request at a time (the concurrent row: %d threads); items of ~%d B, %d per partition key;"
                        + " server %s, JVM options \"%s\", extra serve arguments \"%s\"; machine: %d cores, Java %s",
                Instant.now().toString().substring(0, 19) + "Z", o.shards, o.ops, o.warmupOps, o.threads, o.itemBytes,
                o.queryItems,
                bench.tidemarkJar != null ? bench.tidemarkJar : bench.repoRoot.resolve("functions/api/target/tidemark-all.jar"),
                bench.serverJvmOpts, args, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    private static String dollars(double d) {
        if (Double.isNaN(d)) {
            return "–";
        }
        return d >= 1 ? String.format(Locale.ROOT, "%.2f", d) : String.format(Locale.ROOT, "%.4f", d);
    }

    /** Statuses other than plain successes, shards touched, objects created: what the counts do not say. */
    private static String notes(Row r) {
        List<String> parts = new ArrayList<>();
        r.details().byKindAndStatus().forEach((kindStatus, n) -> {
            if (!kindStatus.endsWith(" 200")) {
                parts.add(String.format(Locale.ROOT, "%s %.2f/op", kindStatus, n / (double) r.ops()));
            }
        });
        if (r.details().shardsTouchedPerOp() > 0) {
            parts.add(String.format(Locale.ROOT, "log shards written %.2f/op, PUTs per shard written %.2f",
                    r.details().shardsTouchedPerOp(), r.perOp(S3RequestKind.PUT) / r.details().shardsTouchedPerOp()));
        }
        if (r.details().opsByPuts().size() > 1) {
            List<String> h = new ArrayList<>();
            r.details().opsByPuts().forEach((puts, n) -> h.add(n + "×" + puts));
            parts.add("ops by PUTs: " + String.join(", ", h));
        }
        if (r.note() != null && !r.note().isEmpty()) {
            parts.add(r.note());
        }
        return String.join("; ", parts);
    }

    private String summary(String header) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Tidemark S3 request-cost summary\n\n").append(header).append("\n\n");
        sb.append("Prices (us-east-1, request charges only):\n\n");
        for (String line : RequestPrices.describe().split("\n")) {
            sb.append("- ").append(line.strip()).append('\n');
        }
        sb.append("\nRequests per operation, counted at the S3 server; $ per million operations. The S3 columns are the"
                + " request charges of those counts; DynamoDB's is its on-demand price for the same operation (item of"
                + " ~").append(o.itemBytes).append(" B).\n\n");
        sb.append("| shards | operation | PUT | GET | HEAD | LIST | DELETE | OTHER | S3 Standard $/M | S3 Express One Zone $/M"
                + " | DynamoDB on-demand $/M | notes |\n");
        sb.append("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                    r.shards(), r.operation() + (r.ops() > 1 ? " ×" + r.ops() : ""), perOp(r, S3RequestKind.PUT),
                    perOp(r, S3RequestKind.GET), perOp(r, S3RequestKind.HEAD), perOp(r, S3RequestKind.LIST),
                    perOp(r, S3RequestKind.DELETE), perOp(r, S3RequestKind.OTHER), dollars(r.standardPerMillion()),
                    dollars(r.expressPerMillion()), dollars(r.dynamoDbPerMillion()),
                    (notes(r) + (r.errors() + r.mismatches() > 0
                            ? "; ERRORS " + r.errors() + ", MISMATCHES " + r.mismatches() : "")).replace("|", "/")));
        }
        sb.append("\nIdle (no client requests), S3 requests per second:");
        idlePerSecond.forEach((shards, rate) -> sb.append(String.format(Locale.ROOT, " %d shard(s): %.1f;", shards, rate)));
        sb.append('\n');
        if (!warnings.isEmpty()) {
            sb.append("\nWarnings:\n\n");
            for (String w : warnings) {
                sb.append("- ").append(w).append('\n');
            }
        }
        if (!problems.isEmpty()) {
            sb.append("\nProblems:\n\n");
            for (String p : problems) {
                sb.append("- ").append(p.lines().findFirst().orElse(p)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String perOp(Row r, S3RequestKind kind) {
        double v = r.perOp(kind);
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.2f", v);
    }

    private String json(String header) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"mode\": \"s3-cost-bench\",\n  \"header\": ").append(str(header)).append(",\n");
        sb.append("  \"prices\": {\n");
        sb.append("    \"region\": \"us-east-1\",\n");
        sb.append("    \"s3StandardPutCopyPostListPer1000\": ").append(RequestPrices.S3_STANDARD_PUT_PER_1000).append(",\n");
        sb.append("    \"s3StandardGetHeadAndOtherPer1000\": ").append(RequestPrices.S3_STANDARD_GET_PER_1000).append(",\n");
        sb.append("    \"s3StandardSource\": \"https://c3x.dev/blog/s3-request-fees-explained (looked up 2026-11-25)\",\n");
        sb.append("    \"s3ExpressPutPer1000\": ").append(RequestPrices.S3_EXPRESS_PUT_PER_1000).append(",\n");
        sb.append("    \"s3ExpressGetPer1000\": ").append(RequestPrices.S3_EXPRESS_GET_PER_1000).append(",\n");
        sb.append("    \"s3ExpressSource\": \"https://aws.amazon.com/s3/faqs/ S3 Express One Zone example 1, us-east-1"
                + " (looked up 2026-11-25); LIST as PUT and HEAD as GET assumed\",\n");
        sb.append("    \"dynamoDbPerMillionWru\": ").append(RequestPrices.DYNAMODB_PER_MILLION_WRU).append(",\n");
        sb.append("    \"dynamoDbPerMillionRru\": ").append(RequestPrices.DYNAMODB_PER_MILLION_RRU).append(",\n");
        sb.append("    \"otherRequestsPricedAs\": \"PUT\",\n    \"deleteRequests\": \"free\"\n  },\n");
        sb.append("  \"idleRequestsPerSecond\": {");
        List<String> idle = new ArrayList<>();
        idlePerSecond.forEach((shards, rate) -> idle.add("\"" + shards + "\": " + num(rate)));
        sb.append(String.join(", ", idle)).append("},\n");
        sb.append("  \"rows\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append("    {\"shards\": ").append(r.shards())
                    .append(", \"operation\": ").append(str(r.operation()))
                    .append(", \"ops\": ").append(r.ops())
                    .append(", \"errors\": ").append(r.errors())
                    .append(", \"mismatches\": ").append(r.mismatches())
                    .append(", \"seconds\": ").append(num(r.seconds()))
                    .append(", \"requests\": {");
            List<String> kinds = new ArrayList<>();
            for (S3RequestKind k : S3RequestKind.values()) {
                kinds.add("\"" + k + "\": " + r.counts().get(k));
            }
            sb.append(String.join(", ", kinds)).append("}, \"requestsPerOp\": {");
            kinds.clear();
            for (S3RequestKind k : S3RequestKind.values()) {
                kinds.add("\"" + k + "\": " + num(r.perOp(k)));
            }
            sb.append(String.join(", ", kinds)).append("}, \"byKindAndStatus\": {");
            List<String> statuses = new ArrayList<>();
            r.details().byKindAndStatus().forEach((ks, n) -> statuses.add(str(ks) + ": " + n));
            sb.append(String.join(", ", statuses)).append('}')
                    .append(", \"logShardsWrittenPerOp\": ").append(num(r.details().shardsTouchedPerOp()))
                    .append(", \"logObjectsCreated\": ").append(r.details().logObjectsCreated())
                    .append(", \"opsByPutCount\": {").append(String.join(", ", r.details().opsByPuts().entrySet().stream()
                            .map(e -> "\"" + e.getKey() + "\": " + e.getValue()).toList())).append('}')
                    .append(", \"dollarsPerMillionOps\": {\"s3Standard\": ").append(num(r.standardPerMillion()))
                    .append(", \"s3ExpressOneZone\": ").append(num(r.expressPerMillion()))
                    .append(", \"dynamoDbOnDemand\": ").append(num(r.dynamoDbPerMillion())).append('}')
                    .append(", \"dynamoDbWruPerOp\": ").append(num(r.wruPerOp()))
                    .append(", \"dynamoDbRruPerOp\": ").append(num(r.rruPerOp()))
                    .append(", \"note\": ").append(str(notes(r)))
                    .append(", \"firstError\": ").append(r.firstError() == null ? "null" : str(r.firstError()))
                    .append(i < rows.size() - 1 ? "},\n" : "}\n");
        }
        sb.append("  ],\n  \"problems\": [");
        List<String> ps = new ArrayList<>();
        for (String p : problems) {
            ps.add(str(p.lines().findFirst().orElse(p)));
        }
        sb.append(String.join(", ", ps)).append("],\n  \"warnings\": [");
        List<String> ws = new ArrayList<>();
        for (String w : warnings) {
            ws.add(str(w));
        }
        sb.append(String.join(", ", ws)).append("]\n}\n");
        return sb.toString();
    }

    private static String num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? "null" : String.format(Locale.ROOT, "%.6g", d);
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
