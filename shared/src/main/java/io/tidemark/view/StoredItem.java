package io.tidemark.view;

import io.tidemark.table.Items;
import io.tidemark.wire.AttributeValue;
import java.util.Map;

/** An item in a view, with its size by DynamoDB's rules computed once (reads count it for 1 MB pages and capacity). */
public record StoredItem(Map<String, AttributeValue> item, long size) {
  public static StoredItem of(Map<String, AttributeValue> item) {
    return new StoredItem(item, Items.size(item));
  }
}
