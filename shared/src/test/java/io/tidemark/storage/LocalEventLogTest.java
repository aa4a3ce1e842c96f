package io.tidemark.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidemark.log.Event;
import io.tidemark.wire.AttributeValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded log: ordering, recovery of a torn tail, segments, and refusal of sequence gaps. */
class LocalEventLogTest {
  @TempDir
  Path dir;

  private static Event event(long seq) {
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.s("k" + seq));
    return new Event(seq, 1000 + seq, null, "tester", "PutItem", key, null,
        Map.of("pk", AttributeValue.s("k" + seq), "v", AttributeValue.n(Long.toString(seq))));
  }

  private static List<Long> replay(LocalEventLog log, long after) {
    List<Long> seqs = new ArrayList<>();
    log.replay(after, e -> seqs.add(e.seq()));
    return seqs;
  }

  @Test
  void appendsReplayAndReopen() {
    try (LocalEventLog log = new LocalEventLog(dir, true)) {
      log.append(List.of(event(1), event(2)));
      log.roll();
      log.append(List.of(event(3)));
      assertEquals(List.of(1L, 2L, 3L), replay(log, 0));
      assertEquals(List.of(3L), replay(log, 2));
    }
    try (LocalEventLog reopened = new LocalEventLog(dir, true)) {
      assertEquals(3, reopened.lastSeq());
      assertEquals(1003, reopened.lastCommitTime());
      Event e = new ArrayList<Event>() {{ reopened.replay(2, this::add); }}.get(0);
      assertEquals(event(3), e);
      reopened.append(List.of(event(4)));
    }
  }

  @Test
  void aTornTailIsCutOffOnRecovery() throws IOException {
    try (LocalEventLog log = new LocalEventLog(dir, false)) {
      log.append(List.of(event(1), event(2)));
    }
    Path segment;
    try (Stream<Path> files = Files.list(dir)) {
      segment = files.findFirst().orElseThrow();
    }
    long intact = Files.size(segment);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 50, 1, 2, 3, 4, 5})); // a record cut short by a crash
    }
    try (LocalEventLog log = new LocalEventLog(dir, false)) {
      assertEquals(2, log.lastSeq());
      assertEquals(intact, Files.size(segment));
      log.append(List.of(event(3)));
      assertEquals(List.of(1L, 2L, 3L), replay(log, 0));
    }
  }

  @Test
  void aTornRecordAtTheStartOfAFreshSegmentIsCutOff() throws IOException {
    try (LocalEventLog log = new LocalEventLog(dir, false)) {
      log.append(List.of(event(1), event(2)));
      log.roll();
    }
    Path fresh;
    try (Stream<Path> files = Files.list(dir).sorted(java.util.Comparator.reverseOrder())) {
      fresh = files.findFirst().orElseThrow();
    }
    Files.write(fresh, new byte[] {0, 0, 1, 0, 9, 9, 9}); // the first append after the roll, torn
    try (LocalEventLog log = new LocalEventLog(dir, false)) {
      assertEquals(2, log.lastSeq());
      assertEquals(1002, log.lastCommitTime());
      assertEquals(0, Files.size(fresh));
      log.append(List.of(event(3)));
      log.roll();
      log.append(List.of(event(4)));
    }
    try (LocalEventLog log = new LocalEventLog(dir, false)) {
      assertEquals(List.of(1L, 2L, 3L, 4L), replay(log, 0), "writes after the repair are all kept");
    }
  }

  @Test
  void largeEventsSurviveReopening() {
    // a 400 KB item of NULLs in a list is several MB as DynamoDB JSON, twice in an event
    List<AttributeValue> nulls = java.util.Collections.nCopies(200_000, AttributeValue.NULL);
    Map<String, AttributeValue> big = Map.of("pk", AttributeValue.s("big"), "l", AttributeValue.l(nulls));
    try (LocalEventLog log = new LocalEventLog(dir, false)) {
      log.append(List.of(new Event(1, 1, null, "t", "PutItem", Map.of("pk", AttributeValue.s("big")), big, big)));
    }
    try (LocalEventLog log = new LocalEventLog(dir, false)) {
      assertEquals(1, log.lastSeq());
      assertEquals(List.of(1L), replay(log, 0));
    }
  }

  @Test
  void aCorruptRecordInTheMiddleIsAnError() throws IOException {
    try (LocalEventLog log = new LocalEventLog(dir, false)) {
      log.append(List.of(event(1), event(2)));
      log.roll();
      log.append(List.of(event(3)));
    }
    Path first;
    try (Stream<Path> files = Files.list(dir).sorted()) {
      first = files.findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(first);
    bytes[bytes.length - 3] ^= 0x55;
    Files.write(first, bytes);
    assertThrows(IllegalStateException.class, () -> new LocalEventLog(dir, false).replay(0, e -> { }));
  }

  @Test
  void sequenceGapsAreRefused() {
    try (LocalEventLog log = new LocalEventLog(dir, false)) {
      log.append(List.of(event(1)));
      assertThrows(IllegalArgumentException.class, () -> log.append(List.of(event(3))));
    }
  }
}
