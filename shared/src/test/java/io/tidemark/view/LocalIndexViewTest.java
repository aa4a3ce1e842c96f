package io.tidemark.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidemark.log.Event;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.IndexKey;
import io.tidemark.table.KeySchema;
import io.tidemark.wire.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A local secondary index kept in the shard's view: ordered by its sort key, sparse, and moved with its items. */
class LocalIndexViewTest {
  private static final KeySchema TABLE = new KeySchema("pk", AttributeValue.Type.S, "sk", AttributeValue.Type.S);
  private static final IndexDescriptor BY_RANK = new IndexDescriptor("by-rank", IndexDescriptor.Kind.LOCAL,
      new KeySchema("pk", AttributeValue.Type.S, "rank", AttributeValue.Type.N), IndexDescriptor.ProjectionType.KEYS_ONLY,
      List.of(), 0, 0, IndexDescriptor.ACTIVE, false);
  private long seq;

  private static Map<String, AttributeValue> item(String sk, String rank) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.s("p"));
    item.put("sk", AttributeValue.s(sk));
    if (rank != null) {
      item.put("rank", AttributeValue.n(rank));
      item.put("payload", AttributeValue.s("x".repeat(100)));
    }
    return item;
  }

  private Event event(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
    Map<String, AttributeValue> any = after != null ? after : before;
    return new Event(++seq, seq, null, "test", "PutItem", Map.of("pk", any.get("pk"), "sk", any.get("sk")), before, after);
  }

  /** The sort keys of the visible entries, in index order. */
  private static List<String> inIndexOrder(ShardView view) {
    ShardView.LocalIndex index = view.local("by-rank");
    List<String> order = new ArrayList<>();
    for (Map.Entry<IndexKey, ShardView.Slot> e : index.entries().entrySet()) {
      StoredItem stored = index.visible(e.getKey(), e.getValue());
      if (stored != null) {
        order.add(stored.item().get("sk").s());
      }
    }
    return order;
  }

  @Test
  void entriesFollowTheIndexSortKeyAndAreSparse() {
    ShardView view = new ShardView(TABLE, List.of(BY_RANK));
    view.apply(event(null, item("a", "3")));
    view.apply(event(null, item("b", "1")));
    view.apply(event(null, item("c", null))); // no rank: not in the index
    view.apply(event(null, item("d", "2")));
    assertEquals(List.of("b", "d", "a"), inIndexOrder(view));
    assertEquals(3, view.local("by-rank").itemCount());

    view.apply(event(item("b", "1"), item("b", "9"))); // its rank changes: it moves
    view.apply(event(item("d", "2"), null)); // deleted: it goes
    view.apply(event(item("c", null), item("c", "0"))); // gains a rank: it joins
    assertEquals(List.of("c", "a", "b"), inIndexOrder(view));
    assertEquals(3, view.local("by-rank").itemCount());
    assertEquals(3, view.local("by-rank").entries().size(), "no stale entries left behind");
  }

  @Test
  void aTransactionMovesEntriesOnlyWhenItIsShown() {
    ShardView view = new ShardView(TABLE, List.of(BY_RANK));
    view.apply(event(null, item("a", "1")));
    view.apply(event(null, item("b", "2")));
    TransactionVisibility visibility = new TransactionVisibility();
    Event moveA = event(item("a", "1"), item("a", "5"));
    view.applyPending(moveA, visibility);
    assertEquals(List.of("a", "b"), inIndexOrder(view), "hidden: the index still shows the old order");
    visibility.show();
    assertEquals(List.of("b", "a"), inIndexOrder(view), "shown: the new order, without duplicates");
    view.settle(moveA);
    assertEquals(List.of("b", "a"), inIndexOrder(view));
    assertEquals(2, view.local("by-rank").entries().size());
  }
}
