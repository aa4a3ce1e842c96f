package io.tidemark.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one phase measured against one target. Latencies are in microseconds in {@link #latency};
 * CPU figures are milliseconds per operation, {@code NaN} when the process could not be sampled.
 */
record PhaseResult(
        String target,
        String operation,
        long ops,
        long errors,
        long mismatches,
        double seconds,
        Histogram latency,
        double serverCpuMsPerOp,
        double clientCpuMsPerOp,
        Map<String, Long> errorTypes,
        String firstError) {

    double opsPerSecond() {
        return seconds > 0 ? ops / seconds : 0;
    }

    double p50Ms() {
        return percentileMs(50);
    }

    double p99Ms() {
        return percentileMs(99);
    }

    double percentileMs(double p) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(p) / 1000.0;
    }

    double maxMs() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
    }
}
