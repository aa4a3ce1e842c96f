package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import java.util.Map;
import java.util.Set;

/**
 * A compiled condition (ConditionExpression, FilterExpression, or a legacy Expected / QueryFilter /
 * ScanFilter), evaluated against an item. Instances are immutable and may be shared between threads.
 */
public interface Condition {
  /** The condition that always holds (no condition given). */
  Condition TRUE = item -> true;

  /** {@code item} may be null or empty: there is no item, so every attribute is missing. */
  boolean test(Map<String, AttributeValue> item);

  /**
   * The top-level attributes the condition refers to (for "Filter Expression can only contain
   * non-primary key attributes" and similar checks).
   */
  default Set<String> topLevelNames() {
    return Set.of();
  }

  /** The top-level attributes the condition refers to through a nested path ({@code a.b}, {@code a[0]}). */
  default Set<String> nestedTopLevelNames() {
    return Set.of();
  }
}
