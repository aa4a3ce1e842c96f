package io.tidemark.testing.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The external-endpoint mode, pointed at an in-process server standing in for LocalStack or S3. */
class EnvironmentSwitchTest {

    @Test
    void noEndpointMeansInProcess() {
        try (S3TestServer s3 = S3TestServer.start(Map.of())) {
            assertTrue(s3.inProcess());
        }
        try (S3TestServer s3 = S3TestServer.start(Map.of(S3TestServer.ENDPOINT_ENV, " "))) {
            assertTrue(s3.inProcess());
        }
    }

    @Test
    void endpointNeedsABucket() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> S3TestServer.start(Map.of(S3TestServer.ENDPOINT_ENV, "http://127.0.0.1:1")));
        assertTrue(e.getMessage().contains(S3TestServer.BUCKET_ENV), e.getMessage());
    }

    @Test
    void bothKeysOrNeither() {
        assertThrows(IllegalStateException.class, () -> S3TestServer.start(Map.of(
                S3TestServer.ENDPOINT_ENV, "http://127.0.0.1:1", S3TestServer.BUCKET_ENV, "b",
                S3TestServer.ACCESS_KEY_ENV, "only-this")));
    }

    @Test
    void externalEndpointIsUsedAndItsPrefixCleanedUp() {
        try (S3TestServer backing = S3TestServer.startInProcess()) {
            String outside = backing.key("not-ours");
            backing.client().putObject(r -> r.bucket(backing.bucket()).key(outside), RequestBody.fromString("keep"));

            Map<String, String> env = new HashMap<>();
            env.put(S3TestServer.ENDPOINT_ENV, backing.endpoint().toString());
            env.put(S3TestServer.BUCKET_ENV, backing.bucket());
            env.put(S3TestServer.ACCESS_KEY_ENV, backing.accessKey());
            env.put(S3TestServer.SECRET_KEY_ENV, backing.secretKey());
            env.put(S3TestServer.REGION_ENV, "eu-west-1");
            S3TestServer external = S3TestServer.start(env);
            try {
                assertFalse(external.inProcess());
                assertEquals(backing.endpoint(), external.endpoint());
                assertEquals(backing.bucket(), external.bucket());
                assertEquals("eu-west-1", external.region());
                assertTrue(external.pathStyle());
                assertTrue(external.prefix().startsWith("tidemark-test-"));
                assertNotEquals(backing.prefix(), external.prefix());
                for (int i = 0; i < 5; i++) {
                    String k = external.key("obj-" + i);
                    external.client().putObject(r -> r.bucket(external.bucket()).key(k), RequestBody.fromString("x"));
                }
                assertEquals(5, external.client().listObjectsV2(
                        r -> r.bucket(external.bucket()).prefix(external.prefix())).keyCount());
            } finally {
                external.close();
            }
            List<String> left = backing.client().listObjectsV2(r -> r.bucket(backing.bucket())).contents()
                    .stream().map(S3Object::key).toList();
            assertEquals(List.of(outside), left, "close() deletes its own prefix and nothing else");
        }
    }

    @Test
    void virtualHostedWhenAsked() {
        Map<String, String> env = Map.of(S3TestServer.ENDPOINT_ENV, "http://127.0.0.1:1",
                S3TestServer.BUCKET_ENV, "b", S3TestServer.ACCESS_KEY_ENV, "a",
                S3TestServer.SECRET_KEY_ENV, "s", S3TestServer.VIRTUAL_HOSTED_ENV, "true");
        S3TestServer s3 = S3TestServer.start(env);
        assertFalse(s3.pathStyle());
        assertEquals("us-east-1", s3.region());
        assertEquals("a", s3.accessKey());
        // not closed: close() would list the prefix at b.127.0.0.1, which does not exist, and
        // until client() is called the object holds nothing that needs closing
    }
}
