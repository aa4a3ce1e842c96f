package io.tidemark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * {@code bench/run --backup-bench}: Tidemark's on-demand backups and point-in-time restores, on
 * one server (fsync on, unless {@code --tidemark-args --no-fsync}).
 *
 * <ol>
 *   <li>an unmeasured warm-up of every call on a one-batch table;
 *   <li>a table (pk S, sk S, on demand, no index) with point-in-time recovery enabled
 *       (UpdateContinuousBackups), loaded with {@code --backup-items} small items by BatchWriteItem;
 *   <li>CreateBackup, {@code --backup-creates} times: the latency of each call;
 *   <li>RestoreTableFromBackup of the first backup, {@code --backup-restores} times: from the call
 *       until DescribeTable says ACTIVE and a GetItem returns a known item as it was; ItemCount
 *       checked;
 *   <li>rounds of history: {@code H} overwrites of existing items (BatchWriteItem of whole items,
 *       one log event each), then RestoreTableToPointInTime to the moment the round ended (after one
 *       more write, so that moment is in the past and the restore goes through checkpoint and log),
 *       timed the same way and checked the same way (the probe item must carry the round's value).
 * </ol>
 * Every restored table is deleted after it is measured.
 */
final class BackupBench {
    /** JVM options of the started server when {@code --server-jvm-opts} is not given. */
    static final String DEFAULT_SERVER_JVM_OPTS = "-Xmx6g";

    /** The mode's own options (a mixin of {@link Bench}). */
    static final class Options {
        @Option(names = "--backup-bench",
                description = "Run the backup benchmark instead (Tidemark only): load a table with point-in-time"
                        + " recovery on, time CreateBackup, RestoreTableFromBackup and RestoreTableToPointInTime after"
                        + " growing history. Uses --concurrency, --items-per-partition, --table, --seed, --tidemark-*,"
                        + " --server-jvm-opts (default here: " + DEFAULT_SERVER_JVM_OPTS + "), --work-dir,"
                        + " --keep-work-dir, --summary-file; ignores the others.")
        boolean enabled;

        @Option(names = "--backup-items", defaultValue = "1000000",
                description = "--backup-bench: items to load (default: ${DEFAULT-VALUE}).")
        int items;

        @Option(names = "--backup-item-bytes", defaultValue = "100",
                description = "--backup-bench: item size in bytes (default: ${DEFAULT-VALUE}).")
        int itemBytes;

        @Option(names = "--backup-creates", defaultValue = "5",
                description = "--backup-bench: CreateBackup calls to time (default: ${DEFAULT-VALUE}).")
        int creates;

        @Option(names = "--backup-restores", defaultValue = "2",
                description = "--backup-bench: restores of the first backup to time (default: ${DEFAULT-VALUE}).")
        int restores;

        @Option(names = "--backup-history", split = ",", defaultValue = "100000,200000,400000",
                description = "--backup-bench: events (overwrites of existing items) written before each"
                        + " RestoreTableToPointInTime, one round per value; 0 restores without writing"
                        + " (default: ${DEFAULT-VALUE}).")
        List<Long> history;

        @Option(names = "--backup-restore-timeout-seconds", defaultValue = "600",
                description = "--backup-bench: how long a restored table may take to be ACTIVE and return the"
                        + " probe item (default: ${DEFAULT-VALUE}).")
        int restoreTimeoutSeconds;

        void check(CommandLine cl) {
            if (items < 25 || itemBytes < 1 || creates < 1 || restores < 0 || restoreTimeoutSeconds < 1
                    || history.stream().anyMatch(h -> h < 0)) {
                throw new CommandLine.ParameterException(cl, "--backup-items must be at least 25, --backup-item-bytes"
                        + " and --backup-creates positive, --backup-restores and --backup-history values not negative");
            }
        }
    }

    /** Targets of the issue, for 1,000,000 items. */
    static final double CREATE_TARGET_MS = 100;
    static final double RESTORE_TARGET_MS = 1000;

    private final Bench bench;
    private final Options o;
    private final List<String> failures = new ArrayList<>();

    BackupBench(Bench bench, Options o) {
        this.bench = bench;
        this.o = o;
    }

    /** One timed restore: from the restore call until ACTIVE and a GetItem returning the probe item. */
    record Restore(String label, String table, long historyEvents, long roundEvents, double callMs,
                   double activeMs, double readyMs, double serverCpuMs, long itemCount, long expectedItems,
                   String probe, long rssMb, double deleteMs, String checkpoints, String replayEvents, String error) {
        boolean ok() {
            return error == null && itemCount == expectedItems && "ok".equals(probe);
        }
    }

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(120);

    int run(Path runDir, boolean tempWork) throws Exception {
        Workload wl = new Workload(bench.table, o.items, bench.itemsPerPartition, 1, o.itemBytes, false, false,
                bench.seed);
        String header = header(wl);
        System.out.println(header);
        System.out.println();

        Path work = Files.createDirectories(runDir.resolve("tidemark"));
        Bench.Endpoint ep = bench.tidemark(work);
        Path dataDir = ep.started() != null ? work.resolve("data") : null;
        Long pid = ep.pid();
        String target = "tidemark";
        PhaseResult load = null;
        List<Double> createMs = new ArrayList<>();
        List<Restore> fromBackup = new ArrayList<>();
        List<Restore> pitr = new ArrayList<>();
        List<PhaseResult> historyWrites = new ArrayList<>();
        try (DynamoDbClient client = bench.client(ep.uri(), false);
             DynamoDbClient admin = bench.client(ep.uri(), true)) {
            System.out.println("[" + target + "] " + ep.uri() + (pid != null ? ", server pid " + pid : ""));
            warmup(wl, client, admin);

            // ---- table, PITR, load ----
            wl.createTable(admin, ADMIN_TIMEOUT);
            admin.updateContinuousBackups(b -> b.tableName(wl.table)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            PointInTimeRecoveryStatus pitrStatus = admin.describeContinuousBackups(b -> b.tableName(wl.table))
                    .continuousBackupsDescription().pointInTimeRecoveryDescription().pointInTimeRecoveryStatus();
            System.out.println("[" + target + "] table " + wl.table + " created, point-in-time recovery " + pitrStatus
                    + "; loading " + wl.describe().replaceAll("; Query returns.*", ""));
            if (pitrStatus != PointInTimeRecoveryStatus.ENABLED) {
                throw new IllegalStateException("point-in-time recovery is " + pitrStatus + " after UpdateContinuousBackups");
            }
            Runner runner = new Runner(bench.concurrency);
            load = Bench.load(runner, target, wl, admin, pid, bench.seed);
            System.out.println(Report.line(load));
            System.out.printf(Locale.ROOT, "[%s] loaded %d items in %.2f s = %.0f items/s (25 items per BatchWriteItem)%n",
                    target, wl.items, load.seconds(), wl.items / load.seconds());
            if (load.errors() > 0) {
                failures.add("the load had " + load.errors() + " errors " + load.errorTypes());
            }
            long sourceCount = admin.describeTable(b -> b.tableName(wl.table)).table().itemCount();
            System.out.printf(Locale.ROOT, "[%s] DescribeTable %s: ItemCount %d%s; %s%n", target, wl.table, sourceCount,
                    sourceCount == wl.items ? "" : " (MISMATCH: loaded " + wl.items + ")",
                    checkpoints(dataDir, tableId(admin, wl.table), wl.items).describe());

            // ---- CreateBackup ----
            List<String> arns = new ArrayList<>();
            for (int i = 1; i <= o.creates; i++) {
                String name = wl.table + "_backup_" + i;
                long t0 = System.nanoTime();
                CreateBackupResponse r = client.createBackup(b -> b.tableName(wl.table).backupName(name));
                double ms = (System.nanoTime() - t0) / 1e6;
                createMs.add(ms);
                arns.add(r.backupDetails().backupArn());
                System.out.printf(Locale.ROOT, "[%s] CreateBackup %-28s %8.3f ms  %s (%d B reported)%n", target, name, ms,
                        r.backupDetails().backupStatusAsString(), r.backupDetails().backupSizeBytes());
            }
            BackupDescription first = admin.describeBackup(b -> b.backupArn(arns.get(0))).backupDescription();
            long backupItems = first.sourceTableDetails().itemCount() == null ? -1 : first.sourceTableDetails().itemCount();
            System.out.printf(Locale.ROOT, "[%s] DescribeBackup of the first: %s, source ItemCount %d%s%n", target,
                    first.backupDetails().backupStatusAsString(), backupItems,
                    backupItems == wl.items ? "" : " (MISMATCH: loaded " + wl.items + ")");

            // ---- RestoreTableFromBackup ----
            int probe = wl.items - 1;
            Map<String, AttributeValue> expected = wl.item(probe, probe);
            for (int i = 1; i <= o.restores; i++) {
                String to = wl.table + "_from_backup_" + i;
                Restore r = measure("RestoreTableFromBackup #" + i, to, 0, 0, wl, client, admin, pid, probe, expected,
                        () -> client.restoreTableFromBackup(b -> b.backupArn(arns.get(0)).targetTableName(to)),
                        null, null);
                fromBackup.add(r);
                System.out.println(line(r));
            }

            // ---- history rounds + RestoreTableToPointInTime ----
            String sourceId = tableId(admin, wl.table);
            long cursor = 0;
            long total = 0;
            for (int round = 1; round <= o.history.size(); round++) {
                long h = o.history.get(round - 1);
                if (h > 0) {
                    PhaseResult w = overwrite(runner, wl, admin, pid, round, cursor, h);
                    historyWrites.add(w);
                    System.out.println(Report.line(w));
                    if (w.errors() > 0) {
                        failures.add("history round " + round + " had " + w.errors() + " write errors " + w.errorTypes());
                    }
                    probe = (int) (cursor % wl.items);
                    expected = historyItem(wl, probe, round);
                    cursor = (cursor + h) % wl.items;
                    total += h;
                }
                Checkpoints ck = checkpoints(dataDir, sourceId, wl.items + total);
                System.out.printf(Locale.ROOT, "[%s] round %d: %d events written after the load; source %s%n",
                        target, round, total, ck.describe());
                String to = wl.table + "_pitr_" + round;
                // restore the moment the round's writes ended, after one more write: that moment is then
                // in the past, so each shard is rebuilt from its newest checkpoint before it plus the log
                // (the latest time would copy the live view instead)
                java.time.Instant moment = java.time.Instant.now();
                Thread.sleep(5);
                wl.putBatch(admin, List.of(historyItem(wl, (int) (cursor % wl.items), round)));
                Restore r = measure("RestoreTableToPointInTime #" + round, to, total, h, wl, client, admin, pid,
                        probe, expected,
                        () -> client.restoreTableToPointInTime(b -> b.sourceTableName(wl.table).targetTableName(to)
                                .restoreDateTime(moment)),
                        ck.newest(), ck.replay());
                pitr.add(r);
                System.out.println(line(r));
            }

            // ---- the first backup again, now that the source has moved on: no shortcut from the live
            // view, so each shard is rebuilt from its newest checkpoint before the backup plus the log
            int backupProbe = wl.items - 1;
            Map<String, AttributeValue> asBackedUp = wl.item(backupProbe, backupProbe);
            String again = wl.table + "_from_backup_after_history";
            Restore late = measure("RestoreTableFromBackup after history", again, total, 0, wl, client, admin, pid,
                    backupProbe, asBackedUp,
                    () -> client.restoreTableFromBackup(b -> b.backupArn(arns.get(0)).targetTableName(again)),
                    null, null);
            fromBackup.add(late);
            System.out.println(line(late));
        } catch (Exception e) {
            String msg = "[" + target + "] FAILED: " + e;
            failures.add(msg);
            System.out.println(msg);
            e.printStackTrace(System.out);
        } finally {
            if (ep.started() != null) {
                ep.started().stop();
                System.out.println("[" + target + "] stopped pid " + ep.started().pid());
            }
        }
        for (Restore r : fromBackup) {
            if (!r.ok()) {
                failures.add(r.label() + ": " + problem(r));
            }
        }
        for (Restore r : pitr) {
            if (!r.ok()) {
                failures.add(r.label() + ": " + problem(r));
            }
        }

        String summary = summary(header, wl, load, createMs, fromBackup, historyWrites, pitr);
        System.out.println();
        System.out.println(summary);
        if (bench.summaryFile != null) {
            Files.writeString(bench.summaryFile, summary, StandardCharsets.UTF_8);
        }
        if (bench.keepWorkDir || !tempWork) {
            System.out.println("server logs: " + runDir);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    // ---- warm-up -------------------------------------------------------------------------------

    /**
     * Every call of the mode once on a one-batch table (25 items), unmeasured: class loading and
     * first-call costs of client and server stay out of the timings.
     */
    private void warmup(Workload main, DynamoDbClient client, DynamoDbClient admin) throws Exception {
        long t0 = System.nanoTime();
        Workload w = new Workload(main.table + "_warmup", 25, 25, 1, o.itemBytes, false, false, bench.seed);
        w.createTable(admin, ADMIN_TIMEOUT);
        admin.updateContinuousBackups(b -> b.tableName(w.table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        w.loadBatch(admin, 0);
        String arn = client.createBackup(b -> b.tableName(w.table).backupName(w.table + "_b")).backupDetails().backupArn();
        admin.describeBackup(b -> b.backupArn(arn));
        Restore a = measure("warm-up RestoreTableFromBackup", w.table + "_r1", 0, 0, w, client, admin, null, 0,
                w.item(0, 0), () -> client.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(w.table + "_r1")),
                null, null);
        w.putBatch(admin, List.of(historyItem(w, 0, 1)));
        Restore b = measure("warm-up RestoreTableToPointInTime", w.table + "_r2", 1, 1, w, client, admin, null, 0,
                historyItem(w, 0, 1), () -> client.restoreTableToPointInTime(x -> x.sourceTableName(w.table)
                        .targetTableName(w.table + "_r2").useLatestRestorableTime(true)),
                null, null);
        admin.deleteBackup(x -> x.backupArn(arn));
        w.deleteTableIfExists(admin, ADMIN_TIMEOUT);
        System.out.printf(Locale.ROOT, "[tidemark] warm-up on %s (25 items, every call once, unmeasured): %.0f ms%s%n",
                w.table, (System.nanoTime() - t0) / 1e6,
                a.ok() && b.ok() ? "" : "; PROBLEM: " + (a.ok() ? problem(b) : problem(a)));
    }

    // ---- history -------------------------------------------------------------------------------

    /** Item {@code i} as round {@code round} overwrites it: payload variant and counter {@code c} = round. */
    static Map<String, AttributeValue> historyItem(Workload wl, int i, int round) {
        Map<String, AttributeValue> m = wl.item(i, round);
        m.put("c", AttributeValue.fromN(Integer.toString(round)));
        return m;
    }

    /**
     * Writes {@code events} overwrites of existing items, items {@code (cursor + e) % items} for
     * {@code e < events}, in BatchWriteItem requests of 25 over the runner's threads.
     */
    private PhaseResult overwrite(Runner runner, Workload wl, DynamoDbClient admin, Long pid, int round, long cursor,
                                  long events) throws InterruptedException {
        long batches = (events + 24) / 25;
        AtomicLong next = new AtomicLong();
        return runner.run("tidemark", "BatchWriteItem (history " + round + ")", rnd -> {
            long b = next.getAndIncrement();
            if (b < batches) {
                List<Map<String, AttributeValue>> batch = new ArrayList<>(25);
                for (long e = b * 25; e < Math.min(events, b * 25 + 25); e++) {
                    batch.add(historyItem(wl, (int) ((cursor + e) % wl.items), round));
                }
                wl.putBatch(admin, batch);
            }
            return true;
        }, 0, batches, pid, bench.seed + round);
    }

    // ---- one restore ---------------------------------------------------------------------------

    /**
     * Times {@code call} (a restore into {@code table}) until DescribeTable says ACTIVE and a
     * GetItem of {@code probe} returns an item; that item must equal {@code expected}. Then checks
     * ItemCount, notes the server's RSS and deletes the table.
     */
    private Restore measure(String label, String table, long historyEvents, long roundEvents, Workload wl,
                            DynamoDbClient client, DynamoDbClient admin, Long pid, int probe,
                            Map<String, AttributeValue> expected, Runnable call, String checkpoints, String replay)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(o.restoreTimeoutSeconds).toNanos();
        long cpu0 = ProcStat.cpuTicks(pid);
        long t0 = System.nanoTime();
        double callMs;
        try {
            call.run();
            callMs = (System.nanoTime() - t0) / 1e6;
        } catch (RuntimeException e) {
            return new Restore(label, table, historyEvents, roundEvents, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    -1, wl.items, "n/a", -1, Double.NaN, checkpoints, replay, Runner.errorType(e) + ": " + e.getMessage());
        }
        double activeMs = Double.NaN;
        while (System.nanoTime() < deadline) {
            try {
                if (client.describeTable(b -> b.tableName(table)).table().tableStatus() == TableStatus.ACTIVE) {
                    activeMs = (System.nanoTime() - t0) / 1e6;
                    break;
                }
            } catch (ResourceNotFoundException e) {
                // not visible yet
            }
            Thread.sleep(2);
        }
        String probeResult = "not ACTIVE within " + o.restoreTimeoutSeconds + " s";
        double readyMs = Double.NaN;
        if (!Double.isNaN(activeMs)) {
            probeResult = "no item within " + o.restoreTimeoutSeconds + " s";
            while (System.nanoTime() < deadline) {
                GetItemResponse g = client.getItem(b -> b.tableName(table).key(wl.key(probe)));
                if (g.hasItem() && !g.item().isEmpty()) {
                    readyMs = (System.nanoTime() - t0) / 1e6;
                    probeResult = g.item().equals(expected) ? "ok"
                            : "MISMATCH: c=" + attr(g.item(), "c") + ", expected c=" + attr(expected, "c");
                    break;
                }
                Thread.sleep(2);
            }
        }
        long cpu1 = ProcStat.cpuTicks(pid);
        double cpuMs = cpu0 >= 0 && cpu1 >= 0 ? ProcStat.ticksToMs(cpu1 - cpu0) : Double.NaN;
        long count = -1;
        String error = null;
        try {
            count = admin.describeTable(b -> b.tableName(table)).table().itemCount();
        } catch (RuntimeException e) {
            error = "DescribeTable: " + e.getMessage();
        }
        long rss = rssMb(pid);
        long d0 = System.nanoTime();
        double deleteMs = Double.NaN;
        try {
            deleteTable(admin, table);
            deleteMs = (System.nanoTime() - d0) / 1e6;
        } catch (RuntimeException e) {
            error = (error == null ? "" : error + "; ") + "DeleteTable: " + e.getMessage();
        }
        return new Restore(label, table, historyEvents, roundEvents, callMs, activeMs, readyMs, cpuMs, count, wl.items,
                probeResult, rss, deleteMs, checkpoints, replay, error);
    }

    private static String attr(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? "missing" : v.n() != null ? v.n() : String.valueOf(v.s());
    }

    /** DeleteTable, then DescribeTable until the table is gone. */
    private static void deleteTable(DynamoDbClient admin, String table) throws InterruptedException {
        admin.deleteTable(b -> b.tableName(table));
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                admin.describeTable(b -> b.tableName(table));
            } catch (ResourceNotFoundException e) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("table " + table + " still exists after " + ADMIN_TIMEOUT);
    }

    private static String tableId(DynamoDbClient admin, String table) {
        DescribeTableResponse d = admin.describeTable(b -> b.tableName(table));
        return d.table().tableId();
    }

    /** The server's resident set from /proc/PID/status, in MiB; -1 when unreadable. */
    static long rssMb(Long pid) {
        if (pid == null) {
            return -1;
        }
        try {
            for (String l : Files.readAllLines(Path.of("/proc", pid.toString(), "status"), StandardCharsets.US_ASCII)) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not readable
        }
        return -1;
    }

    // ---- checkpoints on disk -------------------------------------------------------------------

    /**
     * The source table's checkpoints as the started server's data directory shows them
     * ({@code tables/<id>/s<shard>/ckpt/<seq>}, finished ones only): per shard their number and the
     * newest one's log sequence number. With one shard, {@code loggedEvents - newest} is the number
     * of log events a restore to the latest moment replays.
     */
    record Checkpoints(Map<String, List<Long>> perShard, long loggedEvents) {
        String newest() {
            if (perShard.isEmpty()) {
                return "n/a";
            }
            List<String> s = new ArrayList<>();
            for (List<Long> seqs : perShard.values()) {
                s.add(seqs.isEmpty() ? "none" : Long.toString(seqs.get(seqs.size() - 1)));
            }
            return String.join("/", s);
        }

        String replay() {
            if (perShard.size() != 1) {
                return "n/a";
            }
            List<Long> seqs = perShard.values().iterator().next();
            return Long.toString(loggedEvents - (seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1)));
        }

        String describe() {
            if (perShard.isEmpty()) {
                return "checkpoints on disk: n/a (server not started by the bench, or no files found)";
            }
            StringBuilder sb = new StringBuilder("checkpoints on disk:");
            perShard.forEach((shard, seqs) -> sb.append(' ').append(shard).append(' ').append(seqs));
            if (perShard.size() == 1) {
                sb.append(" (log sequence numbers); log events after the newest: ").append(replay());
            }
            return sb.toString();
        }
    }

    private static final Pattern SHARD = Pattern.compile(".*/tables/([^/]+)/(s\\d+)$");
    private static final Pattern CHECKPOINT = Pattern.compile(".*/tables/([^/]+)/(s\\d+)/ckpt/(\\d{20})$");

    static Checkpoints checkpoints(Path dataDir, String tableId, long loggedEvents) {
        Map<String, List<Long>> perShard = new TreeMap<>();
        if (dataDir == null || tableId == null || !Files.isDirectory(dataDir)) {
            return new Checkpoints(perShard, loggedEvents);
        }
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.forEach(p -> {
                Matcher shard = SHARD.matcher(p.toString());
                if (shard.matches() && shard.group(1).equals(tableId)) {
                    perShard.computeIfAbsent(shard.group(2), k -> new ArrayList<>());
                }
                Matcher m = CHECKPOINT.matcher(p.toString());
                if (m.matches() && m.group(1).equals(tableId)) {
                    perShard.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(Long.parseLong(m.group(3)));
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a file vanished while walking (retention): report what was seen
        }
        perShard.values().forEach(l -> l.sort(null));
        return new Checkpoints(perShard, loggedEvents);
    }

    // ---- output --------------------------------------------------------------------------------

    private static String line(Restore r) {
        if (r.error() != null && Double.isNaN(r.callMs())) {
            return String.format(Locale.ROOT, "[tidemark] %-30s FAILED: %s", r.label(), r.error());
        }
        return String.format(Locale.ROOT, "[tidemark] %-30s call %9.1f ms  ACTIVE %9.1f ms  ACTIVE+GetItem %9.1f ms"
                        + "  server CPU %8.0f ms  ItemCount %d%s  probe %s  server RSS %d MiB  DeleteTable %.1f ms%s",
                r.label(), r.callMs(), r.activeMs(), r.readyMs(), r.serverCpuMs(), r.itemCount(),
                r.itemCount() == r.expectedItems() ? "" : " (MISMATCH: expected " + r.expectedItems() + ")",
                r.probe(), r.rssMb(), r.deleteMs(), r.error() == null ? "" : "  ERROR " + r.error());
    }

    private static String problem(Restore r) {
        if (r.error() != null) {
            return r.error();
        }
        if (r.itemCount() != r.expectedItems()) {
            return "ItemCount " + r.itemCount() + ", expected " + r.expectedItems();
        }
        return "probe " + r.probe();
    }

    private String header(Workload wl) {
        String args = bench.tidemarkArgs == null ? "" : bench.tidemarkArgs.trim();
        return String.format(Locale.ROOT,
                "%s; backup benchmark, Tidemark only (%s); %d items of ~%d B (pk S, sk S, %d items per partition key),"
                        + " point-in-time recovery on; load concurrency %d; %d CreateBackup calls, %d restores of the"
                        + " first backup, history rounds %s; server %s, JVM options \"%s\", serve arguments \"%s\" (fsync %s);"
                        + " machine: %d cores, Java %s",
                Instant.now().toString().substring(0, 19) + "Z",
                bench.tidemarkEndpoint != null ? "running at " + bench.tidemarkEndpoint : "started by the bench",
                wl.items, wl.itemSize(), wl.itemsPerPartition, bench.concurrency, o.creates, o.restores, o.history,
                bench.tidemarkJar != null ? bench.tidemarkJar : bench.repoRoot.resolve("functions/api/target/tidemark-all.jar"),
                bench.serverJvmOpts, args, Arrays.asList(args.split("\\s+")).contains("--no-fsync") ? "off" : "on",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    private String summary(String header, Workload wl, PhaseResult load, List<Double> createMs,
                           List<Restore> fromBackup, List<PhaseResult> historyWrites, List<Restore> pitr) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Tidemark backup benchmark summary\n\n").append(header).append("\n\n");
        String scale = wl.items == 1_000_000 ? "" : " (the targets are for 1,000,000 items; this run has "
                + wl.items + ")";

        sb.append("### Load (BatchWriteItem, 25 items per request)\n\n");
        sb.append("| items | requests | seconds | items/s | p50 ms | p99 ms | server CPU ms/request | errors |\n");
        sb.append("|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        if (load != null) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.0f | %.3f | %.3f | %s | %d |\n", wl.items,
                    load.ops(), load.seconds(), wl.items / load.seconds(), load.p50Ms(), load.p99Ms(),
                    Report.cpu(load.serverCpuMsPerOp()), load.errors()));
        }

        sb.append("\n### CreateBackup (latency of the call, client side)").append(scale).append("\n\n");
        sb.append("| calls | min ms | median ms | max ms | all ms | target | met |\n");
        sb.append("|--:|--:|--:|--:|---|--:|---|\n");
        if (!createMs.isEmpty()) {
            List<Double> s = new ArrayList<>(createMs);
            s.sort(null);
            double median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
            StringBuilder all = new StringBuilder();
            for (double ms : createMs) {
                all.append(all.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", ms));
            }
            sb.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %s | < %.0f ms (median) | %s |\n",
                    s.size(), s.get(0), median, s.get(s.size() - 1), all, CREATE_TARGET_MS,
                    median < CREATE_TARGET_MS ? "yes" : "NO"));
        }

        sb.append("\n### RestoreTableFromBackup of the first backup").append(scale).append("\n\n");
        sb.append("restore ms = from the call until DescribeTable says ACTIVE and a GetItem returns the probe item as"
                + " it was backed up.\n\n");
        sb.append("| restore | call ms | ACTIVE ms | restore ms | server CPU ms | ItemCount | probe | target | met |\n");
        sb.append("|---|--:|--:|--:|--:|--:|---|--:|---|\n");
        for (Restore r : fromBackup) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.0f | %s | %s | < %.0f ms | %s |\n",
                    r.label().replace("RestoreTableFromBackup ", ""), r.callMs(), r.activeMs(), r.readyMs(),
                    r.serverCpuMs(), count(r), r.probe(), RESTORE_TARGET_MS,
                    r.ok() && r.readyMs() < RESTORE_TARGET_MS ? "yes" : "NO"));
        }

        sb.append("\n### RestoreTableToPointInTime (the end of each round, then one more write) as history grows\n\n");
        sb.append("Each round first writes its events (BatchWriteItem overwrites of existing items, one log event each),"
                + " notes the moment, writes one more item, then restores that moment into a new table (a moment in"
                + " the past: rebuilt from checkpoint and log, not copied from the live view), measured as above (the"
                + " probe item must carry the"
                + " round's value), then deletes it. A restore reads each shard's newest checkpoint plus the log after"
                + " it: `newest checkpoint` is its log sequence number as the data directory shows it (per shard), `log"
                + " events after it` what the restore replays (one shard only; loaded items + history − checkpoint).\n\n");
        sb.append("| history events | restore ms | round events | write events/s | newest checkpoint | log events after it"
                + " | call ms | ACTIVE ms | server CPU ms | ItemCount | probe |\n");
        sb.append("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        int w = 0;
        for (Restore r : pitr) {
            String rate = "-";
            if (r.roundEvents() > 0 && w < historyWrites.size()) {
                PhaseResult hw = historyWrites.get(w++);
                rate = String.format(Locale.ROOT, "%.0f", r.roundEvents() / hw.seconds());
            }
            sb.append(String.format(Locale.ROOT, "| %d | %.1f | %d | %s | %s | %s | %.1f | %.1f | %.0f | %s | %s |\n",
                    r.historyEvents(), r.readyMs(), r.roundEvents(), rate, r.checkpoints(), r.replayEvents(), r.callMs(),
                    r.activeMs(), r.serverCpuMs(), count(r), r.probe()));
        }

        if (!failures.isEmpty()) {
            sb.append("\nProblems:\n\n");
            for (String f : failures) {
                sb.append("- ").append(f.lines().findFirst().orElse(f)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String count(Restore r) {
        return r.itemCount() == r.expectedItems() ? Long.toString(r.itemCount())
                : r.itemCount() + " (MISMATCH: " + r.expectedItems() + ")";
    }
}
