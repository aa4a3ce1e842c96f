package io.tidemark.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.log.Event;
import io.tidemark.log.EventLog;
import io.tidemark.log.RecordLog;
import io.tidemark.testing.s3.S3TestServer;
import io.tidemark.wire.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared log on S3: one object per commit batch at the next sequence number, exactly one
 * writer wins it, and a loser catches up before it may append. Against the S3-compatible server
 * the tests start (or the one TIDEMARK_TEST_S3_ENDPOINT names).
 */
class S3EventLogTest {
  private static S3TestServer s3;

  @BeforeAll
  static void start() {
    s3 = S3TestServer.start();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  private static S3Storage storage() {
    return new S3Storage(s3.client(), s3.bucket(), s3.prefix() + UUID.randomUUID() + "/");
  }

  private static List<Event> events(long firstSeq, int count, String value) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long seq = firstSeq + i;
      Map<String, AttributeValue> key = Map.of("pk", AttributeValue.s("k" + seq));
      events.add(new Event(seq, seq * 10, null, "p", "PutItem", key, null,
          Map.of("pk", AttributeValue.s("k" + seq), "v", AttributeValue.s(value))));
    }
    return events;
  }

  private static List<Long> seqs(EventLog log, long afterSeq) {
    List<Long> seqs = new ArrayList<>();
    log.replay(afterSeq, e -> seqs.add(e.seq()));
    return seqs;
  }

  @Test
  void writersRaceForTheNextSequenceNumberAndTheLoserCatchesUp() {
    S3Storage storage = storage();
    EventLog a = storage.openLog("tables/t/s0/");
    EventLog b = storage.openLog("tables/t/s0/");
    a.append(events(1, 3, "a"));
    assertThrows(EventLog.ConflictException.class, () -> b.append(events(1, 2, "b")), "b did not see a's batch");
    List<Event> missed = new ArrayList<>();
    assertEquals(3, b.catchUp(missed::add));
    assertEquals(List.of(1L, 2L, 3L), missed.stream().map(Event::seq).toList());
    assertEquals("a", missed.get(0).newImage().get("v").s());
    assertEquals(3, b.lastSeq());
    b.append(events(4, 2, "b"));
    assertThrows(EventLog.ConflictException.class, () -> a.append(events(4, 1, "a")));
    assertEquals(2, a.catchUp(e -> { }));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(a, 0));
    assertEquals(List.of(3L, 4L, 5L), seqs(b, 2), "replay from inside the first object");
    List<Long> upTo = new ArrayList<>();
    a.replayUntil(1, 4, Long.MAX_VALUE, e -> upTo.add(e.seq()));
    assertEquals(List.of(2L, 3L, 4L), upTo);
    EventLog reopened = storage.openLog("tables/t/s0/");
    assertEquals(5, reopened.lastSeq());
    assertEquals(50, reopened.lastCommitTime());
    assertEquals(List.of(1L, 4L), reopened.segmentStarts());
  }

  @Test
  void aTransactionGroupIsOneObject() {
    S3Storage storage = storage();
    EventLog log = storage.openLog("tables/t/s1/");
    log.appendGroup(events(1, 4, "tx"), false);
    assertEquals(4, log.lastSeq());
    assertEquals(List.of(1L), log.segmentStarts());
    assertEquals(List.of(3L, 4L), seqs(storage.openLogReadOnly("tables/t/s1/"), 2));
  }

  @Test
  void recordLogsSurviveRewritesAndSecondWriters() {
    S3Storage storage = storage();
    RecordLog first = storage.openRecordLog("txlog/transactions.log");
    first.append(new byte[] {1});
    first.append(new byte[] {2});
    RecordLog second = storage.openRecordLog("txlog/transactions.log");
    second.append(new byte[] {3});
    first.append(new byte[] {4});
    assertEquals(List.of(1, 2, 3, 4), replayed(storage.openRecordLog("txlog/transactions.log")));
    replayed(first);
    first.rewrite(List.of(new byte[] {9}));
    first.append(new byte[] {5});
    assertEquals(List.of(9, 5), replayed(storage.openRecordLog("txlog/transactions.log")));
  }

  /**
   * Instances rewrite the transaction log when they start, while others append to it: a rewrite
   * replaces only what its own replay read, so a record appended meanwhile, or by an instance
   * that read the log long before, is never deleted unread; nor are the records a second rewrite
   * at the same time did not read.
   */
  @Test
  void aRewriteNeverDropsARecordItDidNotRead() {
    S3Storage storage = storage();
    String name = "txlog/transactions.log";
    RecordLog longAgo = storage.openRecordLog(name);
    replayed(longAgo);
    RecordLog starting = storage.openRecordLog(name);
    starting.append(new byte[] {1});
    starting.append(new byte[] {2});
    assertEquals(List.of(1, 2), replayed(starting));
    RecordLog other = storage.openRecordLog(name);
    other.append(new byte[] {3}); // between the starting instance's replay and its rewrite
    starting.rewrite(List.of(new byte[] {2})); // keeps 2 (a recent token, say), drops 1
    longAgo.append(new byte[] {4}); // an instance whose view of the log is old
    assertEquals(List.of(2, 3, 4), sorted(replayed(storage.openRecordLog(name))));

    // two instances starting at once, each rewriting what it read
    RecordLog a = storage.openRecordLog(name);
    RecordLog b = storage.openRecordLog(name);
    assertEquals(List.of(2, 3, 4), sorted(replayed(a)));
    other.append(new byte[] {5});
    assertEquals(List.of(2, 3, 4, 5), sorted(replayed(b)));
    a.rewrite(List.of(new byte[] {2}, new byte[] {3}, new byte[] {4}));
    b.rewrite(List.of(new byte[] {3}, new byte[] {4}, new byte[] {5}));
    List<Integer> after = replayed(storage.openRecordLog(name));
    assertTrue(after.containsAll(List.of(3, 4, 5)), after.toString());
  }

  private static List<Integer> sorted(List<Integer> records) {
    List<Integer> copy = new ArrayList<>(records);
    java.util.Collections.sort(copy);
    return copy;
  }

  private static List<Integer> replayed(RecordLog log) {
    List<Integer> records = new ArrayList<>();
    log.replay(r -> records.add((int) r[0]));
    return records;
  }

  @Test
  void blobsAreCreatedOnceAndListedInOrder() {
    S3BlobStore blobs = storage().blobs();
    assertTrue(blobs.create("a/1", new byte[] {1}));
    assertTrue(!blobs.create("a/1", new byte[] {2}), "If-None-Match: * refuses an existing key");
    assertTrue(!blobs.create("a/1", new byte[] {1}), "even with the same bytes: another writer may build the same batch");
    assertEquals(1, blobs.get("a/1")[0]);
    blobs.put("a/0", new byte[] {0, 1, 2, 3});
    assertEquals(2, blobs.head("a/0", 2).length);
    assertEquals(List.of("a/0", "a/1"), blobs.list("a/"));
    assertEquals(List.of("a/1"), blobs.list("a/", "a/0"));
    blobs.deleteTree("a/");
    assertEquals(List.of(), blobs.list("a/"));
    assertEquals(null, blobs.get("a/1"));
  }
}
