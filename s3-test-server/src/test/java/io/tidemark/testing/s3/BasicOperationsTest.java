package io.tidemark.testing.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

class BasicOperationsTest {
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

    @Test
    void describesItself() {
        assertTrue(s3.inProcess());
        assertEquals("127.0.0.1", s3.endpoint().getHost());
        assertTrue(s3.endpoint().getPort() > 0);
        assertEquals("tidemark-test", s3.bucket());
        assertEquals("us-east-1", s3.region());
        assertTrue(s3.pathStyle());
        assertTrue(s3.prefix().matches("tidemark-test-[0-9a-f]{8}/"), s3.prefix());
        assertEquals(s3.prefix() + "a/b", s3.key("a/b"));
        assertEquals(S3TestServer.IN_PROCESS_ACCESS_KEY, s3.accessKey());
        assertEquals(S3TestServer.IN_PROCESS_SECRET_KEY, s3.secretKey());
    }

    @Test
    void putGetHeadDelete() throws Exception {
        String key = s3.key("basics/one");
        byte[] body = "hello, tidemark".getBytes(StandardCharsets.UTF_8);
        PutObjectResponse put = client.putObject(r -> r.bucket(s3.bucket()).key(key)
                .contentType("application/octet-stream").metadata(java.util.Map.of("k", "v")),
                RequestBody.fromBytes(body));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        assertEquals("\"" + md5 + "\"", put.eTag(), "S3Proxy's ETag is the quoted MD5 of the body");

        ResponseBytes<GetObjectResponse> got = client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(key));
        assertArrayEquals(body, got.asByteArray());
        assertEquals(put.eTag(), got.response().eTag());
        assertEquals("v", got.response().metadata().get("k"));

        HeadObjectResponse head = client.headObject(r -> r.bucket(s3.bucket()).key(key));
        assertEquals(body.length, head.contentLength());
        assertEquals(put.eTag(), head.eTag());

        client.deleteObject(r -> r.bucket(s3.bucket()).key(key));
        assertThrows(NoSuchKeyException.class,
                () -> client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(key)));
        // deleting a missing key succeeds, as on S3
        client.deleteObject(r -> r.bucket(s3.bucket()).key(key));
    }

    @Test
    void emptyAndRangedReads() {
        String key = s3.key("basics/empty");
        client.putObject(r -> r.bucket(s3.bucket()).key(key), RequestBody.empty());
        assertEquals(0, client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(key)).asByteArray().length);

        String ranged = s3.key("basics/ranged");
        client.putObject(r -> r.bucket(s3.bucket()).key(ranged), RequestBody.fromString("0123456789"));
        assertEquals("345", client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(ranged).range("bytes=3-5"))
                .asUtf8String());
    }

    @Test
    void listAndBatchDelete() {
        List<String> keys = List.of(s3.key("batch/a"), s3.key("batch/b"), s3.key("batch/c"));
        for (String k : keys) {
            client.putObject(r -> r.bucket(s3.bucket()).key(k), RequestBody.fromString(k));
        }
        List<String> listed = client.listObjectsV2(r -> r.bucket(s3.bucket()).prefix(s3.key("batch/")))
                .contents().stream().map(S3Object::key).toList();
        assertEquals(keys, listed);

        var response = client.deleteObjects(r -> r.bucket(s3.bucket()).delete(Delete.builder()
                .objects(keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList())
                .build()));
        assertFalse(response.hasErrors() && !response.errors().isEmpty(), response.toString());
        assertEquals(0, client.listObjectsV2(r -> r.bucket(s3.bucket()).prefix(s3.key("batch/"))).keyCount());
    }

    @Test
    void largeBody() {
        byte[] body = new byte[5 * 1024 * 1024 + 17];
        new java.util.Random(1).nextBytes(body);
        String key = s3.key("basics/large");
        client.putObject(r -> r.bucket(s3.bucket()).key(key), RequestBody.fromBytes(body));
        assertArrayEquals(body, client.getObjectAsBytes(r -> r.bucket(s3.bucket()).key(key)).asByteArray());
    }
}
