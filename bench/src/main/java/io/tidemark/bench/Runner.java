package io.tidemark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs one phase: {@code concurrency} threads in a closed loop, each calling the operation as fast
 * as its previous call returns, for a duration or a total number of operations. Every thread keeps
 * its own HdrHistogram (microseconds, 3 significant digits), merged at the end. The server's and
 * the client's CPU ticks are sampled right before the threads are released and right after the
 * last one finishes.
 */
final class Runner {
    /** Highest latency the histograms track: 5 minutes, in microseconds. */
    static final long MAX_LATENCY_US = 300_000_000L;

    private final int concurrency;

    Runner(int concurrency) {
        this.concurrency = concurrency;
    }

    int threads() {
        return concurrency;
    }

    /** A unit of work for a thread: returns false on a mismatch; throws on an error. */
    interface Task {
        boolean run(SplittableRandom rnd) throws Exception;
    }

    /**
     * Runs {@code task} for {@code seconds} (when {@code ops <= 0}) or for {@code ops} calls in
     * total, and measures it. {@code serverPid} may be null (no server CPU then).
     */
    PhaseResult run(String target, String operation, Task task, double seconds, long ops,
                    Long serverPid, long seed) throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong mismatches = new AtomicLong();
        Map<String, Long> errorTypes = new TreeMap<>();
        String[] firstError = new String[1];
        List<Histogram> histograms = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(concurrency);
        long[] deadline = new long[1];
        List<Thread> threads = new ArrayList<>();

        for (int t = 0; t < concurrency; t++) {
            Histogram h = new Histogram(MAX_LATENCY_US, 3);
            histograms.add(h);
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + t);
            Thread th = new Thread(() -> {
                try {
                    ready.countDown();
                    go.await();
                    while (true) {
                        if (ops > 0) {
                            if (issued.getAndIncrement() >= ops) {
                                break;
                            }
                        } else if (System.nanoTime() - deadline[0] >= 0) {
                            break;
                        }
                        long start = System.nanoTime();
                        try {
                            boolean ok = task.run(rnd);
                            long us = (System.nanoTime() - start) / 1000;
                            h.recordValue(Math.min(Math.max(us, 1), MAX_LATENCY_US));
                            if (!ok) {
                                mismatches.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            String type = errorType(e);
                            synchronized (errorTypes) {
                                errorTypes.merge(type, 1L, Long::sum);
                                if (firstError[0] == null) {
                                    firstError[0] = type + ": " + e.getMessage();
                                }
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "bench-" + operation + "-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }

        ready.await();
        long server0 = ProcStat.cpuTicks(serverPid);
        long client0 = ProcStat.selfTicks();
        long t0 = System.nanoTime();
        deadline[0] = t0 + (long) (seconds * 1e9);
        go.countDown();
        done.await();
        long t1 = System.nanoTime();
        long server1 = ProcStat.cpuTicks(serverPid);
        long client1 = ProcStat.selfTicks();
        for (Thread th : threads) {
            th.join();
        }

        Histogram all = new Histogram(MAX_LATENCY_US, 3);
        for (Histogram h : histograms) {
            all.add(h);
        }
        long okOps = all.getTotalCount();
        double elapsed = (t1 - t0) / 1e9;
        double serverCpu = server0 >= 0 && server1 >= 0 && okOps > 0
                ? ProcStat.ticksToMs(server1 - server0) / okOps : Double.NaN;
        double clientCpu = client0 >= 0 && client1 >= 0 && okOps > 0
                ? ProcStat.ticksToMs(client1 - client0) / okOps : Double.NaN;
        return new PhaseResult(target, operation, okOps, errors.get(), mismatches.get(), elapsed, all,
                serverCpu, clientCpu, errorTypes, firstError[0]);
    }

    static String errorType(Exception e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorCode() != null) {
            return ase.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    /** Convenience: a {@link Workload.Op} as a task over one client. */
    static Task of(Workload.Op op, DynamoDbClient client) {
        return rnd -> op.run(client, rnd);
    }
}
