package io.tidemark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The {@code gsilag} phase: how long after an acknowledged write the global secondary index shows
 * it, under write load.
 *
 * <p>{@link #loaders(int)} threads run the PutItem load of the {@code put} phase (through a
 * {@link Runner}, for the phase's duration or operation count) while {@link #PROBES} probe threads
 * each loop: PutItem of a fresh item {@code pk = g = "lag-<probe>-<n>"}; {@code t0} when the call
 * returns; then Query {@link Workload#GSI} {@code g = :g} back to back until its Count is 1;
 * {@code t1} when that Query returns. The lag {@code t1 - t0} therefore includes at least one
 * Query round trip: for an index maintained synchronously (DynamoDB Local), it is about one Query.
 * A probe not visible after {@link #PROBE_TIMEOUT_NANOS} is a mismatch and the probe moves on; a
 * failed call is an error and the probe moves on. A probe under way when the load ends is finished.
 */
final class GsiLag {
    static final int PROBES = 2;
    static final long PROBE_TIMEOUT_NANOS = 5_000_000_000L;

    /** What one {@code gsilag} phase measured against one target. Histograms in microseconds. */
    record Result(
            String target,
            long probes,
            long mismatches,
            long errors,
            Histogram lag,
            Histogram probeQuery,
            Histogram probePut,
            double seconds,
            PhaseResult load,
            int loadThreads,
            Map<String, Long> errorTypes,
            String firstError) {

        /** Probe Queries per visible probe (1.0: always visible on the first Query). */
        double queriesPerProbe() {
            return probes > 0 ? (double) probeQuery.getTotalCount() / probes : Double.NaN;
        }

        static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
        }

        static double maxMs(Histogram h) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
        }
    }

    private final Workload wl;
    private final DynamoDbClient client;
    /** Next item number per probe; kept across the warm-up and the measured run (fresh items only). */
    private final long[] next = new long[PROBES];

    GsiLag(Workload wl, DynamoDbClient client) {
        this.wl = wl;
        this.client = client;
    }

    /** Threads of the PutItem load for a phase of {@code concurrency} threads: two go to the probes. */
    static int loaders(int concurrency) {
        return Math.max(1, concurrency - PROBES);
    }

    /** Runs the load with {@code loaders} and the probes alongside until the load is done. */
    Result run(String target, Runner loaders, double seconds, long ops, Long serverPid, long seed)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Probe> probes = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PROBES; p++) {
            Probe probe = new Probe(p, stop);
            probes.add(probe);
            Thread th = new Thread(probe, "bench-gsilag-probe-" + p);
            th.setDaemon(true);
            threads.add(th);
        }
        long t0 = System.nanoTime();
        for (Thread th : threads) {
            th.start();
        }
        PhaseResult load;
        try {
            load = loaders.run(target, "PutItem", Runner.of(wl.putItem(), client), seconds, ops, serverPid, seed);
        } finally {
            stop.set(true);
            for (Thread th : threads) {
                th.join();
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;

        Histogram lag = histogram();
        Histogram query = histogram();
        Histogram put = histogram();
        long visible = 0;
        long mismatches = 0;
        long errors = 0;
        Map<String, Long> errorTypes = new TreeMap<>();
        String firstError = null;
        for (Probe p : probes) {
            lag.add(p.lag);
            query.add(p.query);
            put.add(p.put);
            visible += p.visible;
            mismatches += p.mismatches;
            errors += p.errors;
            p.errorTypes.forEach((k, v) -> errorTypes.merge(k, v, Long::sum));
            if (firstError == null) {
                firstError = p.firstError;
            }
        }
        return new Result(target, visible, mismatches, errors, lag, query, put, elapsed, load, loaders.threads(),
                errorTypes, firstError);
    }

    private static Histogram histogram() {
        return new Histogram(Runner.MAX_LATENCY_US, 3);
    }

    private static void record(Histogram h, long nanos) {
        h.recordValue(Math.min(Math.max(nanos / 1000, 1), Runner.MAX_LATENCY_US));
    }

    /** One probe thread; its fields are read after it is joined. */
    private final class Probe implements Runnable {
        final int index;
        final AtomicBoolean stop;
        final Histogram lag = histogram();
        final Histogram query = histogram();
        final Histogram put = histogram();
        final Map<String, Long> errorTypes = new TreeMap<>();
        long visible;
        long mismatches;
        long errors;
        String firstError;

        Probe(int index, AtomicBoolean stop) {
            this.index = index;
            this.stop = stop;
        }

        @Override
        public void run() {
            while (!stop.get() && !Thread.currentThread().isInterrupted()) {
                long n = next[index]++;
                probeOnce("lag-" + index + "-" + n, (int) n);
            }
        }

        private void probeOnce(String id, int payloadVariant) {
            long p0 = System.nanoTime();
            try {
                client.putItem(PutItemRequest.builder().tableName(wl.table).item(wl.probeItem(id, payloadVariant)).build());
            } catch (Exception e) {
                error(e);
                return;
            }
            long t0 = System.nanoTime();
            record(put, t0 - p0);
            while (true) {
                long q0 = System.nanoTime();
                int count;
                try {
                    count = wl.probeQuery(client, id);
                } catch (Exception e) {
                    error(e);
                    return;
                }
                long t1 = System.nanoTime();
                record(query, t1 - q0);
                if (count == 1) {
                    record(lag, t1 - t0);
                    visible++;
                    return;
                }
                if (count != 0 || t1 - t0 > PROBE_TIMEOUT_NANOS) {
                    mismatches++;
                    return;
                }
            }
        }

        private void error(Exception e) {
            errors++;
            String type = Runner.errorType(e);
            errorTypes.merge(type, 1L, Long::sum);
            if (firstError == null) {
                firstError = type + ": " + e.getMessage();
            }
        }
    }
}
