package io.tidemark.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Server processes the benchmark starts (Tidemark, DynamoDB Local, the ceiling stub): each in its
 * own JVM, on a free port of 127.0.0.1, output to a log file. Every process started is registered
 * so that a JVM shutdown hook stops whatever is still running (Ctrl-C, an exception, a normal end).
 */
final class Servers {
    private Servers() {}

    private static final List<Started> RUNNING = new CopyOnWriteArrayList<>();
    private static final List<Path> DELETE_ON_EXIT = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Started s : RUNNING) {
                s.stop();
            }
            for (Path p : DELETE_ON_EXIT) {
                deleteTree(p);
            }
        }, "bench-stop-servers"));
    }

    /** Deletes {@code dir} when the JVM exits, after the servers have been stopped. */
    static void deleteOnExit(Path dir) {
        DELETE_ON_EXIT.add(dir);
    }

    /** A server process this run started. */
    static final class Started {
        final String name;
        final Process process;
        final URI endpoint;
        final Path log;
        final Path workDir;
        private boolean stopped;

        Started(String name, Process process, URI endpoint, Path log, Path workDir) {
            this.name = name;
            this.process = process;
            this.endpoint = endpoint;
            this.log = log;
            this.workDir = workDir;
        }

        long pid() {
            return process.pid();
        }

        /** SIGTERM to the process and its descendants; SIGKILL after 10 s. Idempotent. */
        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            List<ProcessHandle> children = new ArrayList<>();
            process.descendants().forEach(children::add);
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            for (ProcessHandle c : children) {
                if (c.isAlive()) {
                    c.destroyForcibly();
                }
            }
            RUNNING.remove(this);
        }

        String logTail(int lines) {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException | UncheckedIOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    /** A currently free TCP port on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code command} (whose {@code {PORT}} placeholders are replaced by a free port) with
     * stdout and stderr to {@code workDir/<name>.log}, then waits until {@code ready} accepts the
     * endpoint {@code http://127.0.0.1:PORT}. Tries up to three ports, in case another process took
     * the free one before the server bound it.
     */
    static Started start(String name, List<String> command, Path workDir, Duration timeout,
                         Predicate<URI> ready) throws IOException, InterruptedException {
        return start(name, command, java.util.Map.of(), workDir, timeout, ready);
    }

    /** {@link #start(String, List, Path, Duration, Predicate)} with these environment variables added. */
    static Started start(String name, List<String> command, java.util.Map<String, String> env, Path workDir,
                         Duration timeout, Predicate<URI> ready) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            List<String> cmd = new ArrayList<>();
            for (String c : command) {
                cmd.add(c.replace("{PORT}", Integer.toString(port)));
            }
            Path log = workDir.resolve(name + (attempt > 1 ? "-" + attempt : "") + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Process p = pb
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(devNull()))
                    .start();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Started s = new Started(name, p, endpoint, log, workDir);
            RUNNING.add(s);
            System.out.printf("[%s] started pid %d on %s: %s%n", name, p.pid(), endpoint, String.join(" ", cmd));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (!p.isAlive()) {
                    String tail = s.logTail(30);
                    s.stop();
                    last = new IOException(name + " exited with status " + p.exitValue()
                            + " before answering; last lines of " + log + ":\n" + tail);
                    break;
                }
                if (ready.test(endpoint)) {
                    return s;
                }
                if (System.nanoTime() > deadline) {
                    String tail = s.logTail(30);
                    s.stop();
                    throw new IOException(name + " did not answer within " + timeout.toSeconds()
                            + " s; last lines of " + log + ":\n" + tail);
                }
                Thread.sleep(200);
            }
            if (!s.logTail(200).contains("ddress already in use")) {
                throw last;
            }
        }
        throw last;
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }

    /** Copies one class of the bench out of its jar (or classes dir) into {@code dir}. */
    static Path extractClass(Class<?> c, Path dir) throws IOException {
        String resource = c.getName().replace('.', '/') + ".class";
        Path out = dir.resolve(resource);
        Files.createDirectories(out.getParent());
        try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("cannot find " + resource + " on the classpath");
            }
            Files.copy(in, out);
        }
        return dir;
    }

    /** Deletes a directory tree, quietly. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
