package io.tidemark.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.table.ItemKey;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A checkpoint round-trips its items and its recent transactions, and one written before the latter existed still loads. */
class CheckpointTest {
  private static final KeySchema KEYS = new KeySchema("pk", AttributeValue.Type.S, null, null);
  private static final List<Map<String, AttributeValue>> ITEMS = List.of(
      Map.of("pk", AttributeValue.s("a"), "v", AttributeValue.n("1")),
      Map.of("pk", AttributeValue.s("b"), "v", AttributeValue.n("2")));

  private static byte[] write(Map<String, Long> transactions) throws Exception {
    List<Map<String, AttributeValue>> sorted = ITEMS.stream()
        .sorted((x, y) -> ItemKey.of(KEYS, x).compareTo(ItemKey.of(KEYS, y))).toList();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Checkpoint.write(out, 9, 1000, sorted, transactions);
    return out.toByteArray();
  }

  @Test
  void itemsAndRecentTransactionsRoundTrip() throws Exception {
    long now = System.currentTimeMillis() * 1000;
    ShardView view = Checkpoint.load(write(Map.of("token-abc", now)), KEYS, List.of());
    assertEquals(2, view.itemCount());
    assertEquals(9, view.appliedSeq());
    assertEquals("2", view.get(ItemKey.of(KEYS, ITEMS.get(1))).get("v").n().value().toPlainString());
    assertTrue(view.recentTransactions().contains("token-abc"));
    assertFalse(view.recentTransactions().contains("token-other"));
  }

  @Test
  void aCheckpointWithoutTheTransactionsRecordStillLoads() throws Exception {
    byte[] withEmpty = write(Map.of());
    byte[] older = Arrays.copyOf(withEmpty, withEmpty.length - 9); // the last record: 8 bytes of frame, a varint 0
    ShardView view = Checkpoint.load(older, KEYS, List.of());
    assertEquals(2, view.itemCount());
    assertNull(Checkpoint.load(Arrays.copyOf(withEmpty, withEmpty.length - 3), KEYS, List.of()), "a torn record is damage");
  }
}
