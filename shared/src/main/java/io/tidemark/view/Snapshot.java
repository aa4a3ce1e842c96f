package io.tidemark.view;

import io.tidemark.table.TableDescriptor;
import java.util.List;

/**
 * A table as it was at a past moment, for reads "as of" a time: each shard's view is rebuilt when
 * first read (its newest checkpoint before the moment plus its log up to it), so a GetItem or a
 * Query costs one shard's rebuild and a Scan every shard's. Global indexes are built from the
 * rebuilt views when a read asks for one.
 */
public final class Snapshot implements ReadableTable {
  private final TableView table;
  private final long micros;
  private final ShardView[] views;
  private List<GlobalIndexView> globalIndexes;

  /** {@code micros}: epoch microseconds; clamped to before the current millisecond (see {@link TableView#viewsAsOf}). */
  public Snapshot(TableView table, long micros) {
    this.table = table;
    this.micros = TableView.cut(micros);
    this.views = new ShardView[table.shards().length];
  }

  @Override
  public TableDescriptor descriptor() {
    return table.descriptor();
  }

  @Override
  public int shardCount() {
    return views.length;
  }

  @Override
  public int shardIndex(int hash) {
    return table.shardIndex(hash);
  }

  @Override
  public synchronized ShardView shardView(int index) {
    if (views[index] == null) {
      try {
        views[index] = table.shardAsOf(index, micros);
      } catch (Shard.HistoryGoneException e) {
        throw io.tidemark.wire.DynamoDbException.validation(e.getMessage());
      }
    }
    return views[index];
  }

  @Override
  public synchronized GlobalIndexView globalIndex(String name) {
    if (table.descriptor().index(name) == null) {
      return null;
    }
    if (globalIndexes == null) {
      ShardView[] all = new ShardView[views.length];
      for (int i = 0; i < all.length; i++) {
        all[i] = shardView(i);
      }
      globalIndexes = TableView.buildGlobalIndexes(table.descriptor(), all);
    }
    for (GlobalIndexView index : globalIndexes) {
      if (index.definition().name.equals(name)) {
        return index;
      }
    }
    return null;
  }
}
