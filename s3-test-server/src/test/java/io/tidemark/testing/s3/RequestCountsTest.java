package io.tidemark.testing.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

class RequestCountsTest {
    static S3TestServer s3;
    static S3Client client;

    @BeforeAll
    static void start() {
        s3 = S3TestServer.startInProcess();
        client = s3.client();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @BeforeEach
    void reset() {
        s3.onRequest(null);
        s3.resetRequestCounts();
    }

    private static S3RequestCounts counts(long put, long get, long head, long list, long delete, long other) {
        return new S3RequestCounts(Map.of(S3RequestKind.PUT, put, S3RequestKind.GET, get, S3RequestKind.HEAD, head,
                S3RequestKind.LIST, list, S3RequestKind.DELETE, delete, S3RequestKind.OTHER, other));
    }

    private void put(String key, String body) {
        client.putObject(r -> r.bucket(s3.bucket()).key(key), RequestBody.fromString(body));
    }

    @Test
    void countsEachKindAtTheServer() {
        String a = s3.key("counts/a");
        String b = s3.key("counts/b");
        put(a, "one");                                                              // PUT
        client.putObject(r -> r.bucket(s3.bucket()).key(b).ifNoneMatch("*"), RequestBody.fromString("two")); // PUT
        S3Exception refused = assertThrows(S3Exception.class, () -> client.putObject(
                r -> r.bucket(s3.bucket()).key(b).ifNoneMatch("*"), RequestBody.fromString("again"))); // PUT, 412
        assertEquals(412, refused.statusCode());
        client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(a));                 // GET
        client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(a).range("bytes=0-1")); // GET
        assertThrows(NoSuchKeyException.class,
                () -> client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(s3.key("counts/missing")))); // GET, 404
        client.headObject(r -> r.bucket(s3.bucket()).key(a));                       // HEAD
        client.listObjectsV2(r -> r.bucket(s3.bucket()).prefix(s3.key("counts/"))); // LIST
        client.copyObject(r -> r.sourceBucket(s3.bucket()).sourceKey(a)
                .destinationBucket(s3.bucket()).destinationKey(s3.key("counts/c")));  // OTHER
        client.deleteObject(r -> r.bucket(s3.bucket()).key(a));                     // DELETE
        client.deleteObjects(r -> r.bucket(s3.bucket()).delete(Delete.builder()    // DELETE, one request
                .objects(ObjectIdentifier.builder().key(b).build(),
                        ObjectIdentifier.builder().key(s3.key("counts/c")).build()).build()));

        S3RequestCounts c = s3.requestCounts();
        assertEquals(counts(3, 3, 1, 1, 2, 1), c, c.toString());
        assertEquals(11, c.total());
    }

    @Test
    void snapshotsDoNotChangeAndResetStartsAgain() {
        put(s3.key("snap/a"), "x");
        S3RequestCounts before = s3.requestCounts();
        put(s3.key("snap/b"), "y");
        assertEquals(1, before.get(S3RequestKind.PUT), "a snapshot keeps the counts it was taken with");
        S3RequestCounts after = s3.requestCounts();
        assertEquals(counts(1, 0, 0, 0, 0, 0), after.minus(before));
        assertThrows(UnsupportedOperationException.class, () -> after.asMap().put(S3RequestKind.GET, 5L));

        s3.resetRequestCounts();
        assertEquals(S3RequestCounts.none(), s3.requestCounts());
        client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(s3.key("snap/a")));
        assertEquals(counts(0, 1, 0, 0, 0, 0), s3.requestCounts());
    }

    @Test
    void reportsEachRequestWithItsAnswer() throws InterruptedException {
        List<S3Request> seen = Collections.synchronizedList(new ArrayList<>());
        s3.onRequest(seen::add);
        String key = s3.key("log/00000000000000000001");
        client.putObject(r -> r.bucket(s3.bucket()).key(key).ifNoneMatch("*"), RequestBody.fromString("e"));
        assertThrows(S3Exception.class, () -> client.putObject(r -> r.bucket(s3.bucket()).key(key).ifNoneMatch("*"),
                RequestBody.fromString("e")));
        assertThrows(NoSuchKeyException.class,
                () -> client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(s3.key("log/00000000000000000002"))));
        // reported once answered: the server may still be finishing the last one as the client reads it
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (seen.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        s3.onRequest(null);

        assertEquals(3, seen.size(), seen.toString());
        assertEquals(S3RequestKind.PUT, seen.get(0).kind());
        assertEquals(200, seen.get(0).status());
        assertEquals("/" + s3.bucket() + "/" + key, seen.get(0).path());
        assertEquals(412, seen.get(1).status());
        assertEquals(S3RequestKind.GET, seen.get(2).kind());
        assertEquals(404, seen.get(2).status());
    }

    @Test
    void classifiesByMethodPathAndSubresource() {
        Set<String> none = Set.of();
        assertEquals(S3RequestKind.PUT, S3RequestKind.of("PUT", "/b/k", Set.of("x-id"), false));
        assertEquals(S3RequestKind.OTHER, S3RequestKind.of("PUT", "/b/k", none, true), "CopyObject");
        assertEquals(S3RequestKind.OTHER, S3RequestKind.of("PUT", "/b/k", Set.of("partNumber", "uploadId"), false));
        assertEquals(S3RequestKind.OTHER, S3RequestKind.of("PUT", "/b", none, false), "CreateBucket");
        assertEquals(S3RequestKind.OTHER, S3RequestKind.of("PUT", "/b/k", Set.of("tagging"), false));
        assertEquals(S3RequestKind.GET, S3RequestKind.of("GET", "/b/dir/k", none, false));
        assertEquals(S3RequestKind.OTHER, S3RequestKind.of("GET", "/b/k", Set.of("acl"), false));
        assertEquals(S3RequestKind.LIST, S3RequestKind.of("GET", "/b", Set.of("list-type", "prefix"), false));
        assertEquals(S3RequestKind.LIST, S3RequestKind.of("GET", "/b/", Set.of("prefix", "marker"), false));
        assertEquals(S3RequestKind.OTHER, S3RequestKind.of("GET", "/b", Set.of("location"), false));
        assertEquals(S3RequestKind.OTHER, S3RequestKind.of("GET", "/", none, false), "ListBuckets");
        assertEquals(S3RequestKind.HEAD, S3RequestKind.of("HEAD", "/b/k", none, false));
        assertEquals(S3RequestKind.DELETE, S3RequestKind.of("DELETE", "/b/k", none, false));
        assertEquals(S3RequestKind.OTHER, S3RequestKind.of("DELETE", "/b/k", Set.of("uploadId"), false));
        assertEquals(S3RequestKind.DELETE, S3RequestKind.of("POST", "/b", Set.of("delete"), false));
        assertEquals(S3RequestKind.OTHER, S3RequestKind.of("POST", "/b/k", Set.of("uploads"), false));
        assertEquals(Set.of("list-type", "prefix", "a b"),
                RequestCountingFilter.parameterNames("list-type=2&prefix=x%2Fy&a%20b"));
    }

    @Test
    void externalEndpointsHaveNoCounts() {
        S3TestServer external = S3TestServer.start(Map.of(S3TestServer.ENDPOINT_ENV, "http://127.0.0.1:1",
                S3TestServer.BUCKET_ENV, "b", S3TestServer.ACCESS_KEY_ENV, "k", S3TestServer.SECRET_KEY_ENV, "s"));
        assertThrows(IllegalStateException.class, external::requestCounts);
        assertThrows(IllegalStateException.class, external::resetRequestCounts);
    }
}
