package io.tidemark.testing.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class ConditionalWritesTest {
    static final int WRITERS = 16;

    static S3TestServer s3;
    static S3Client client;
    static ExecutorService pool;

    @BeforeAll
    static void start() {
        s3 = S3TestServer.startInProcess();
        client = s3.client();
        pool = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        s3.close();
    }

    /** Runs the writers together; returns how many ended with each status (200 for success). */
    static Map<Integer, Integer> race(List<Callable<Void>> writers) throws Exception {
        CountDownLatch ready = new CountDownLatch(writers.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (Callable<Void> writer : writers) {
            results.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                try {
                    writer.call();
                    return 200;
                } catch (S3Exception e) {
                    return e.statusCode();
                }
            }));
        }
        ready.await();
        go.countDown();
        Map<Integer, Integer> counts = new TreeMap<>();
        for (Future<Integer> f : results) {
            counts.merge(f.get(30, TimeUnit.SECONDS), 1, Integer::sum);
        }
        return counts;
    }

    static String put(String key, String body) {
        return client.putObject(r -> r.bucket(s3.bucket()).key(key), RequestBody.fromString(body)).eTag();
    }

    @RepeatedTest(3)
    void ifNoneMatchStarCreatesOnce() throws Exception {
        String key = s3.key("create/" + System.nanoTime());
        List<Callable<Void>> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            String body = "writer " + i;
            writers.add(() -> {
                client.putObject(r -> r.bucket(s3.bucket()).key(key).ifNoneMatch("*"),
                        RequestBody.fromString(body));
                return null;
            });
        }
        Map<Integer, Integer> counts = race(writers);
        assertEquals(1, counts.getOrDefault(200, 0), counts.toString());
        // S3 answers 412 PreconditionFailed, or 409 ConditionalRequestConflict while another
        // conditional write of the key is in flight; S3Proxy answers 412
        assertEquals(WRITERS - 1, counts.getOrDefault(412, 0) + counts.getOrDefault(409, 0),
                counts.toString());
        String winner = client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(key)).asUtf8String();
        assertTrue(winner.startsWith("writer "), winner);
    }

    @RepeatedTest(3)
    void ifMatchReplacesOnce() throws Exception {
        String key = s3.key("replace/" + System.nanoTime());
        String eTag = put(key, "original");
        List<Callable<Void>> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            // distinct bodies: the same body would give the same ETag, and then a second
            // If-Match write would rightly succeed
            String body = "writer " + i;
            writers.add(() -> {
                client.putObject(r -> r.bucket(s3.bucket()).key(key).ifMatch(eTag),
                        RequestBody.fromString(body));
                return null;
            });
        }
        Map<Integer, Integer> counts = race(writers);
        assertEquals(Map.of(200, 1, 412, WRITERS - 1), counts);
    }

    @Test
    void ifMatchChains() {
        String key = s3.key("chain");
        String first = put(key, "v1");
        String second = client.putObject(r -> r.bucket(s3.bucket()).key(key).ifMatch(first),
                RequestBody.fromString("v2")).eTag();
        S3Exception stale = assertThrows(S3Exception.class, () -> client.putObject(
                r -> r.bucket(s3.bucket()).key(key).ifMatch(first), RequestBody.fromString("v3")));
        assertEquals(412, stale.statusCode());
        assertEquals("PreconditionFailed", stale.awsErrorDetails().errorCode());
        // unquoted ETags match too
        client.putObject(r -> r.bucket(s3.bucket()).key(key).ifMatch(second.replace("\"", "")),
                RequestBody.fromString("v3"));
        assertEquals("v3", client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(key)).asUtf8String());
    }

    @Test
    void ifMatchOnMissingKeyIs404() {
        S3Exception e = assertThrows(S3Exception.class, () -> client.putObject(
                r -> r.bucket(s3.bucket()).key(s3.key("missing")).ifMatch("\"0123\""),
                RequestBody.fromString("x")));
        assertEquals(404, e.statusCode());
        assertEquals("NoSuchKey", e.awsErrorDetails().errorCode());
    }

    @Test
    void failedConditionalPutWithLargeBodyIsACleanPreconditionFailed() {
        String key = s3.key("large");
        String eTag = put(key, "small");
        byte[] big = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');

        S3Exception create = assertThrows(S3Exception.class, () -> client.putObject(
                r -> r.bucket(s3.bucket()).key(key).ifNoneMatch("*"), RequestBody.fromBytes(big)));
        assertEquals(412, create.statusCode());

        S3Exception replace = assertThrows(S3Exception.class, () -> client.putObject(
                r -> r.bucket(s3.bucket()).key(key).ifMatch("\"00000000000000000000000000000000\""),
                RequestBody.fromBytes(big)));
        assertEquals(412, replace.statusCode());

        // the object is untouched and the connection pool still works
        assertEquals("small", client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(key)).asUtf8String());
        client.putObject(r -> r.bucket(s3.bucket()).key(key).ifMatch(eTag), RequestBody.fromBytes(big));
        assertEquals(big.length, client.headObject(r -> r.bucket(s3.bucket()).key(key)).contentLength());
    }

    @Test
    void ifNoneMatchStarOnFreshKeySucceeds() {
        String key = s3.key("fresh");
        client.putObject(r -> r.bucket(s3.bucket()).key(key).ifNoneMatch("*"),
                RequestBody.fromString("one", StandardCharsets.UTF_8));
        S3Exception again = assertThrows(S3Exception.class, () -> client.putObject(
                r -> r.bucket(s3.bucket()).key(key).ifNoneMatch("*"), RequestBody.fromString("two")));
        assertEquals(412, again.statusCode());
    }
}
