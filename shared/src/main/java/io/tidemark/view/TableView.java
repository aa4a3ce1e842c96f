package io.tidemark.view;

import io.tidemark.table.ItemKey;
import io.tidemark.table.TableDescriptor;
import io.tidemark.wire.AttributeValue;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A live table: its descriptor and its shards, each covering a contiguous range of partition hashes. */
public final class TableView {
  private volatile TableDescriptor descriptor;
  private final Shard[] shards;
  private final int shardBits;

  public TableView(TableDescriptor descriptor, Shard[] shards) {
    this.descriptor = descriptor;
    this.shards = shards;
    this.shardBits = Integer.numberOfTrailingZeros(shards.length);
    if (Integer.bitCount(shards.length) != 1) {
      throw new IllegalArgumentException("shard count must be a power of two: " + shards.length);
    }
  }

  public TableDescriptor descriptor() {
    return descriptor;
  }

  public void setDescriptor(TableDescriptor descriptor) {
    this.descriptor = descriptor;
  }

  public Shard[] shards() {
    return shards;
  }

  /** The shard that holds partition hashes starting with this hash's top bits. */
  public Shard shardFor(int hash) {
    return shardBits == 0 ? shards[0] : shards[hash >>> (32 - shardBits)];
  }

  public int shardIndex(int hash) {
    return shardBits == 0 ? 0 : hash >>> (32 - shardBits);
  }

  public Map<String, AttributeValue> get(ItemKey key) {
    return shardFor(key.hash()).get(key);
  }

  /** Whether a transaction in progress writes this item. */
  public boolean inTransaction(ItemKey key) {
    return shardFor(key.hash()).inTransaction(key);
  }

  public StoredItem stored(ItemKey key) {
    return shardFor(key.hash()).view().stored(key);
  }

  public CompletableFuture<WriteResult> write(ItemKey key, Map<String, AttributeValue> keyAttributes,
      String operation, String principal, ItemMutation mutation) {
    return shardFor(key.hash()).write(key, keyAttributes, operation, principal, mutation);
  }

  /** A local index's item count and size over every shard ({@code [count, bytes]}; zeros for an unknown name). */
  public long[] localIndexStats(String indexName) {
    long[] stats = new long[2];
    for (Shard s : shards) {
      ShardView.LocalIndex local = s.view().local(indexName);
      if (local != null) {
        stats[0] += local.itemCount();
        stats[1] += local.sizeBytes();
      }
    }
    return stats;
  }

  public long itemCount() {
    long total = 0;
    for (Shard s : shards) {
      total += s.itemCount();
    }
    return total;
  }

  public long sizeBytes() {
    long total = 0;
    for (Shard s : shards) {
      total += s.sizeBytes();
    }
    return total;
  }

  public void close() {
    for (Shard s : shards) {
      s.close();
    }
  }
}
