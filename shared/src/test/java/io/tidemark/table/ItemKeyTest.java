package io.tidemark.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.wire.AttributeValue;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Key order: a partition is contiguous and sorted by sort key; bounds fall where range searches need them. */
class ItemKeyTest {
  @Test
  void partitionsAreContiguousAndSortedBySortKey() {
    TreeSet<ItemKey> keys = new TreeSet<>();
    for (String pk : List.of("a", "b", "c", "d")) {
      for (String sk : List.of("10", "9", "-1", "1.5")) {
        keys.add(new ItemKey(AttributeValue.s(pk), AttributeValue.n(sk)));
      }
    }
    AttributeValue b = AttributeValue.s("b");
    var partition = keys.subSet(ItemKey.partitionStart(b), true, ItemKey.partitionEnd(b), true);
    assertEquals(List.of("-1", "1.5", "9", "10"), partition.stream().map(k -> k.sort().n().text()).toList());
    assertTrue(keys.subSet(ItemKey.hashStart(0), true, ItemKey.partitionStart(b), false).stream()
        .noneMatch(k -> k.partition().equals(b)));
  }

  @Test
  void supplementaryCharactersSortByUtf8EvenInKeys() {
    // U+FF61 sorts before U+1F600 in UTF-8 (DynamoDB's order) but after it in UTF-16
    AttributeValue pk = AttributeValue.s("p");
    ItemKey bmp = new ItemKey(pk, AttributeValue.s("\uFF61"));
    ItemKey emoji = new ItemKey(pk, AttributeValue.s("\uD83D\uDE00"));
    ItemKey ascii = new ItemKey(pk, AttributeValue.s("z"));
    assertTrue(bmp.compareTo(emoji) < 0);
    assertTrue(emoji.compareTo(bmp) > 0);
    assertTrue(ascii.compareTo(bmp) < 0);
    assertTrue(ascii.compareTo(emoji) < 0);
  }

  @Test
  void partitionHashIsStable() {
    // stored data is ordered and sharded by this hash: it must never change, so its values are pinned
    assertEquals(-1813313122, PartitionHash.of(AttributeValue.s("mystore")));
    assertEquals(1766186084, PartitionHash.of(AttributeValue.n("42")));
    assertEquals(PartitionHash.of(AttributeValue.n("1.0")), PartitionHash.of(AttributeValue.n("1")));
    assertTrue(PartitionHash.of(AttributeValue.s("1")) != PartitionHash.of(AttributeValue.n("1")));
  }
}
