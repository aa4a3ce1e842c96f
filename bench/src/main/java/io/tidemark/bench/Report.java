package io.tidemark.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** Prints phase results as lines while the run goes and as markdown tables at the end. */
final class Report {
    private Report() {}

    static String line(PhaseResult r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "[%s] %-14s %9d ops in %6.2f s = %9.1f ops/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %8.3f ms"
                        + "  server CPU %s ms/op  client CPU %s ms/op",
                r.target(), r.operation(), r.ops(), r.seconds(), r.opsPerSecond(), r.p50Ms(), r.p99Ms(),
                r.percentileMs(99.9), r.maxMs(), cpu(r.serverCpuMsPerOp()), cpu(r.clientCpuMsPerOp())));
        if (r.errors() > 0) {
            sb.append(String.format(Locale.ROOT, "  ERRORS %d %s (first: %s)", r.errors(), r.errorTypes(), r.firstError()));
        }
        if (r.mismatches() > 0) {
            sb.append(String.format(Locale.ROOT, "  MISMATCHES %d (unexpected responses)", r.mismatches()));
        }
        return sb.toString();
    }

    /** The progress line of a {@code gsilag} phase. */
    static String lagLine(GsiLag.Result r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "[%s] %-14s %9d probes in %6.2f s  lag p50 %7.3f ms  p99 %7.3f ms  max %8.3f ms"
                        + "  probe Query p50 %7.3f ms (%.2f per probe)  probe PutItem p50 %7.3f ms"
                        + "  load PutItem %.1f ops/s (%d threads)",
                r.target(), "GSI lag", r.probes(), r.seconds(),
                GsiLag.Result.ms(r.lag(), 50), GsiLag.Result.ms(r.lag(), 99), GsiLag.Result.maxMs(r.lag()),
                GsiLag.Result.ms(r.probeQuery(), 50), r.queriesPerProbe(), GsiLag.Result.ms(r.probePut(), 50),
                r.load().opsPerSecond(), r.loadThreads()));
        if (r.errors() > 0) {
            sb.append(String.format(Locale.ROOT, "  ERRORS %d %s (first: %s)", r.errors(), r.errorTypes(), r.firstError()));
        }
        if (r.mismatches() > 0) {
            sb.append(String.format(Locale.ROOT, "  MISMATCHES %d (not visible within %d s, or Count not 0 or 1)",
                    r.mismatches(), GsiLag.PROBE_TIMEOUT_NANOS / 1_000_000_000L));
        }
        if (r.load().errors() > 0) {
            sb.append(String.format(Locale.ROOT, "  LOAD ERRORS %d %s (first: %s)", r.load().errors(),
                    r.load().errorTypes(), r.load().firstError()));
        }
        return sb.toString();
    }

    static String summary(String header, List<PhaseResult> results) {
        return summary(header, results, List.of());
    }

    static String summary(String header, List<PhaseResult> results, List<GsiLag.Result> lags) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Tidemark benchmark summary\n\n").append(header).append("\n\n");
        sb.append("| operation | target | ops | ops/s | p50 ms | p99 ms | server CPU ms/op | client CPU ms/op | errors | mismatches |\n");
        sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String op : operations(results)) {
            for (PhaseResult r : results) {
                if (!r.operation().equals(op)) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.3f | %.3f | %s | %s | %d | %d |\n",
                        r.operation(), r.target(), r.ops(), r.opsPerSecond(), r.p50Ms(), r.p99Ms(),
                        cpu(r.serverCpuMsPerOp()), cpu(r.clientCpuMsPerOp()), r.errors(), r.mismatches()));
            }
        }

        List<String[]> pairs = List.of(
                new String[] {"tidemark", "ddblocal"},
                new String[] {"tidemark", "ceiling"},
                new String[] {"ddblocal", "ceiling"});
        List<String> rows = new ArrayList<>();
        for (String op : operations(results)) {
            for (String[] pair : pairs) {
                PhaseResult a = find(results, pair[0], op);
                PhaseResult b = find(results, pair[1], op);
                if (a == null || b == null) {
                    continue;
                }
                rows.add(String.format(Locale.ROOT, "| %s | %s / %s | %s | %s | %s | %s |",
                        op, pair[0], pair[1],
                        ratio(a, b, PhaseResult::opsPerSecond),
                        ratio(a, b, PhaseResult::p50Ms),
                        ratio(a, b, PhaseResult::p99Ms),
                        ratio(a, b, PhaseResult::serverCpuMsPerOp)));
            }
        }
        if (!rows.isEmpty()) {
            sb.append("\n### Ratios (first target / second target)\n\n");
            sb.append("ops/s: above 1 means the first is faster. p50, p99, server CPU/op: below 1 means the first"
                    + " is better (less time, less CPU).\n\n");
            sb.append("| operation | ratio | ops/s | p50 | p99 | server CPU/op |\n");
            sb.append("|---|---|--:|--:|--:|--:|\n");
            for (String row : rows) {
                sb.append(row).append('\n');
            }
        }

        if (!lags.isEmpty()) {
            sb.append("\n### GSI lag (acknowledged PutItem until a Query of gsi1 returns the item, under PutItem load)\n\n");
            sb.append("Lag = from the return of a probe's PutItem to the return of the first Query of gsi1 that finds it;"
                    + " it includes at least one Query round trip (`probe Query p50`). DynamoDB Local updates its GSIs"
                    + " with the write, so its lag is about one Query. Mismatches: probes not visible within "
                    + GsiLag.PROBE_TIMEOUT_NANOS / 1_000_000_000L + " s.\n\n");
            sb.append("| target | probes | lag p50 ms | lag p99 ms | lag max ms | probe Query p50 ms | Queries per probe"
                    + " | load PutItem ops/s | errors | mismatches |\n");
            sb.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
            for (GsiLag.Result r : lags) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.2f | %.1f | %d | %d |\n",
                        r.target(), r.probes(), GsiLag.Result.ms(r.lag(), 50), GsiLag.Result.ms(r.lag(), 99),
                        GsiLag.Result.maxMs(r.lag()), GsiLag.Result.ms(r.probeQuery(), 50), r.queriesPerProbe(),
                        r.load().opsPerSecond(), r.errors() + r.load().errors(), r.mismatches()));
            }
        }
        return sb.toString();
    }

    /** Ratio lines for the log, one per operation and metric, as the run finishes. */
    static List<String> ratioLines(List<PhaseResult> results) {
        List<String> out = new ArrayList<>();
        for (String op : operations(results)) {
            PhaseResult t = find(results, "tidemark", op);
            PhaseResult d = find(results, "ddblocal", op);
            if (t != null && d != null) {
                out.add(String.format(Locale.ROOT,
                        "ratio tidemark/ddblocal %-14s ops/s %s  p50 %s  p99 %s  server CPU/op %s",
                        op, ratio(t, d, PhaseResult::opsPerSecond), ratio(t, d, PhaseResult::p50Ms),
                        ratio(t, d, PhaseResult::p99Ms), ratio(t, d, PhaseResult::serverCpuMsPerOp)));
            }
        }
        return out;
    }

    private static Set<String> operations(List<PhaseResult> results) {
        Set<String> ops = new LinkedHashSet<>();
        for (String op : List.of("BatchWriteItem", "GetItem", "PutItem", "UpdateItem", "Query", "Query (gsi1)")) {
            if (results.stream().anyMatch(r -> r.operation().equals(op))) {
                ops.add(op);
            }
        }
        for (PhaseResult r : results) {
            ops.add(r.operation());
        }
        return ops;
    }

    private static PhaseResult find(List<PhaseResult> results, String target, String op) {
        for (PhaseResult r : results) {
            if (r.target().equals(target) && r.operation().equals(op)) {
                return r;
            }
        }
        return null;
    }

    private static String ratio(PhaseResult a, PhaseResult b, ToDoubleFunction<PhaseResult> metric) {
        double x = metric.applyAsDouble(a);
        double y = metric.applyAsDouble(b);
        if (Double.isNaN(x) || Double.isNaN(y) || y == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", x / y);
    }

    static String cpu(double msPerOp) {
        return Double.isNaN(msPerOp) ? "n/a" : String.format(Locale.ROOT, "%.4f", msPerOp);
    }
}
