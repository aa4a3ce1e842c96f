package io.tidemark.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;

/**
 * The client-ceiling endpoint: a trivial HTTP server (JDK {@code com.sun.net.httpserver}) on
 * 127.0.0.1 that answers every request with one fixed, valid DynamoDB GetItem response (an item of
 * about 1 KB, {@code Content-Type: application/x-amz-json-1.0} and the {@code x-amz-crc32} header
 * the SDK verifies). Run against it, the GetItem phase measures what the benchmark client itself
 * can drive on this machine: no database can look faster than this.
 *
 * <p>Started by {@link Bench} in its own JVM: {@code CeilingServer PORT THREADS [ITEM_BYTES]}.
 */
public final class CeilingServer {
    private CeilingServer() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: CeilingServer PORT THREADS [ITEM_BYTES]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int itemBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        // The JDK server writes headers and body separately; without TCP_NODELAY Nagle's algorithm
        // and the client's delayed ACK would add ~40 ms to every response. Read once, at first use.
        System.setProperty("sun.net.httpserver.nodelay", "true");

        DdbLocalLauncher.exitWithParent();
        HttpServer server = start(port, threads, itemBytes);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        System.out.println("ceiling listening on 127.0.0.1:" + port + " with " + threads + " threads");
        System.out.flush();
    }

    /**
     * Starts the fixed-response server on 127.0.0.1:{@code port} (0: any free port) with a pool of
     * {@code threads} daemon threads. Also used in-process, to warm up the client's JIT.
     */
    static HttpServer start(int port, int threads, int itemBytes) throws IOException {
        byte[] body = responseBody(itemBytes);
        String crc = crc32(body);
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "ceiling");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            var h = exchange.getResponseHeaders();
            h.set("Content-Type", "application/x-amz-json-1.0");
            h.set("x-amz-crc32", crc);
            h.set("x-amzn-RequestId", "00000000-0000-0000-0000-ce111n900000");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** A GetItem response with the same shape and size as the benchmark's items. */
    static byte[] responseBody(int itemBytes) {
        String payload = "x".repeat(Math.max(1, itemBytes - Workload.ITEM_OVERHEAD_BYTES));
        String json = "{\"Item\":{"
                + "\"pk\":{\"S\":\"" + Workload.pk(0) + "\"},"
                + "\"sk\":{\"S\":\"" + Workload.sk(0) + "\"},"
                + "\"c\":{\"N\":\"0\"},"
                + "\"data\":{\"S\":\"" + payload + "\"}}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return Long.toString(crc.getValue());
    }
}
