package io.tidemark.view;

import io.tidemark.table.ItemKey;
import io.tidemark.table.TableDescriptor;

/**
 * What reads need of a table: its shards' views and its global indexes. The live table is one;
 * a {@link Snapshot} of the table as it was at a past moment is another, so GetItem, Query and
 * Scan read the past exactly as they read the present.
 */
public interface ReadableTable {
  TableDescriptor descriptor();

  int shardCount();

  /** The index of the shard holding partition hashes starting with this hash's top bits. */
  int shardIndex(int hash);

  ShardView shardView(int index);

  /** The global index of that name, or null. */
  GlobalIndexView globalIndex(String name);

  default ShardView viewFor(int hash) {
    return shardView(shardIndex(hash));
  }

  default StoredItem stored(ItemKey key) {
    return viewFor(key.hash()).stored(key);
  }
}
