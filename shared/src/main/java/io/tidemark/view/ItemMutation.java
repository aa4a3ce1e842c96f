package io.tidemark.view;

import io.tidemark.wire.AttributeValue;
import java.util.Map;

/**
 * What a write does to one item, decided against the item's latest state at commit time:
 * given the current item (null if there is none), return the new item, null to delete it, or the
 * very same map to change nothing; throw a DynamoDbException (a failed condition, say) to refuse.
 */
@FunctionalInterface
public interface ItemMutation {
  Map<String, AttributeValue> apply(Map<String, AttributeValue> current);
}
