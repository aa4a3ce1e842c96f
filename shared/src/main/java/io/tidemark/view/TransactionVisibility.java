package io.tidemark.view;

/**
 * The switch that shows a transaction's writes to readers, in every shard and table at once: one
 * volatile write. Until it is thrown, readers see the items as they were before the transaction.
 */
final class TransactionVisibility {
  private volatile boolean visible;

  boolean isVisible() {
    return visible;
  }

  void show() {
    visible = true;
  }
}
