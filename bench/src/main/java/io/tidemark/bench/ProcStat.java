package io.tidemark.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/PID/stat}: user + system time (fields 14 and 15), in
 * clock ticks ("jiffies"). Sampled before and after a phase, the difference divided by the
 * phase's operations is the process's CPU cost per operation.
 */
final class ProcStat {
    private ProcStat() {}

    /** Clock ticks per second (getconf CLK_TCK); 100 on practically every Linux. */
    static final long CLK_TCK = clockTicks();

    /** user + system ticks of the process, or -1 when it cannot be read (no such pid, no /proc). */
    static long cpuTicks(Long pid) {
        if (pid == null) {
            return -1;
        }
        return readTicks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** user + system ticks of this JVM (the benchmark client). */
    static long selfTicks() {
        return cpuTicks(ProcessHandle.current().pid());
    }

    static boolean readable(Long pid) {
        return cpuTicks(pid) >= 0;
    }

    /** Ticks to milliseconds. */
    static double ticksToMs(long ticks) {
        return ticks * 1000.0 / CLK_TCK;
    }

    private static long readTicks(Path stat) {
        try {
            String s = Files.readString(stat, StandardCharsets.US_ASCII);
            // Field 2 (comm) is in parentheses and may contain spaces: parse after the last ')'.
            int close = s.lastIndexOf(')');
            if (close < 0) {
                return -1;
            }
            String[] f = s.substring(close + 2).trim().split(" +");
            // f[0] is field 3 (state), so field n is f[n - 3]: utime = 14 -> 11, stime = 15 -> 12.
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            long v = Long.parseLong(out);
            return v > 0 ? v : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
