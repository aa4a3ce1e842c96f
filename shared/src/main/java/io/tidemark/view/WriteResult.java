package io.tidemark.view;

import io.tidemark.wire.AttributeValue;
import java.util.Map;

/** The item before and after a committed write (either may be null). */
public record WriteResult(Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem) {
}
