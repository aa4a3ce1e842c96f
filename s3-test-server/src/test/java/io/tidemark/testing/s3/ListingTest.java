package io.tidemark.testing.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

class ListingTest {
    static S3TestServer s3;
    static S3Client client;
    static final List<String> LOG_KEYS = new ArrayList<>();

    @BeforeAll
    static void start() {
        s3 = S3TestServer.startInProcess();
        client = s3.client();
        for (int i = 0; i < 25; i++) {
            LOG_KEYS.add(s3.key(String.format("table/log/%08d.seg", i)));
        }
        for (String k : LOG_KEYS) {
            client.putObject(r -> r.bucket(s3.bucket()).key(k), RequestBody.fromString(k));
        }
        client.putObject(r -> r.bucket(s3.bucket()).key(s3.key("table/checkpoint/1")), RequestBody.fromString("c"));
        client.putObject(r -> r.bucket(s3.bucket()).key(s3.key("table/manifest")), RequestBody.fromString("m"));
        client.putObject(r -> r.bucket(s3.bucket()).key(s3.key("tablex/other")), RequestBody.fromString("o"));
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void prefixSelects() {
        ListObjectsV2Response all = client.listObjectsV2(r -> r.bucket(s3.bucket()).prefix(s3.key("table/log/")));
        assertEquals(LOG_KEYS, all.contents().stream().map(S3Object::key).toList());
        assertEquals(25, all.keyCount());
        assertFalse(all.isTruncated());
        assertNull(all.nextContinuationToken());
        assertEquals(28, client.listObjectsV2(r -> r.bucket(s3.bucket()).prefix(s3.prefix())).keyCount());
    }

    @Test
    void pagesByContinuationToken() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListObjectsV2Response page = client.listObjectsV2(r -> r.bucket(s3.bucket())
                    .prefix(s3.key("table/log/")).maxKeys(10).continuationToken(t));
            pages++;
            assertTrue(page.contents().size() <= 10);
            page.contents().forEach(o -> seen.add(o.key()));
            token = page.nextContinuationToken();
            assertEquals(token != null, page.isTruncated());
        } while (token != null);
        assertEquals(3, pages);
        assertEquals(LOG_KEYS, seen);
    }

    @Test
    void paginatorAndStartAfter() {
        List<String> viaPaginator = new ArrayList<>();
        client.listObjectsV2Paginator(r -> r.bucket(s3.bucket()).prefix(s3.key("table/log/")).maxKeys(7))
                .contents().forEach(o -> viaPaginator.add(o.key()));
        assertEquals(LOG_KEYS, viaPaginator);

        ListObjectsV2Response after = client.listObjectsV2(r -> r.bucket(s3.bucket())
                .prefix(s3.key("table/log/")).startAfter(LOG_KEYS.get(19)));
        assertEquals(LOG_KEYS.subList(20, 25), after.contents().stream().map(S3Object::key).toList());
    }

    @Test
    void delimiterGivesCommonPrefixes() {
        ListObjectsV2Response top = client.listObjectsV2(r -> r.bucket(s3.bucket())
                .prefix(s3.key("table/")).delimiter("/"));
        assertEquals(List.of(s3.key("table/manifest")), top.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of(s3.key("table/checkpoint/"), s3.key("table/log/")),
                top.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
    }

    @Test
    void emptyListing() {
        ListObjectsV2Response none = client.listObjectsV2(r -> r.bucket(s3.bucket()).prefix(s3.key("nothing/")));
        assertEquals(0, none.keyCount());
        assertNotNull(none.contents());
        assertTrue(none.contents().isEmpty());
    }
}
