package io.tidemark.ops;

import io.tidemark.expr.Condition;
import io.tidemark.expr.Projection;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.IndexKey;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.KeySchema;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.GlobalIndexApplier;
import io.tidemark.view.GlobalIndexView;
import io.tidemark.view.ReadableTable;
import io.tidemark.view.Shard;
import io.tidemark.view.Snapshot;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** What Query and Scan share: Select, Limit, ExclusiveStartKey. */
final class Reads {
  private Reads() {}

  /**
   * What a read reads: the table now, or as it was at the moment the {@code X-Tidemark-As-Of}
   * header names (ISO-8601, or epoch seconds with a fraction), rebuilt from checkpoints and the log.
   */
  static ReadableTable source(CallContext ctx, TableView table, Request r) {
    return source(ctx, table, r, null);
  }

  /**
   * The same, for a read of one partition: a strongly consistent one catches up with that
   * partition's shard only (on S3, one GET instead of one per shard).
   *
   * @param partitionHash the partition's hash ({@code PartitionHash}), or null for every shard
   */
  static ReadableTable source(CallContext ctx, TableView table, Request r, Integer partitionHash) {
    String asOf = ctx.asOf();
    if (asOf == null) {
      if (!ctx.database().storage().shared()) {
        return table; // one writer: the view holds every commit
      }
      // a shared log: what other instances committed first; an eventually consistent read only
      // if the shard has not heard from its log for the staleness bound
      boolean consistent = Boolean.TRUE.equals(r.bool("ConsistentRead"));
      long stale = ctx.database().maxStalenessMillis();
      for (Shard shard : partitionHash == null ? table.shards() : new Shard[] {table.shardFor(partitionHash)}) {
        if (consistent) {
          shard.catchUp();
        } else {
          shard.catchUpIfOlderThan(stale);
        }
      }
      return table;
    }
    long micros;
    try {
      micros = Replay.micros(asOf);
    } catch (IllegalArgumentException e) {
      throw DynamoDbException.validation("Invalid " + CallContext.AS_OF_HEADER + " header: " + asOf
          + " (expected ISO-8601, e.g. 2026-11-24T21:50:01.123456Z, or epoch seconds)");
    }
    if (micros < (long) (table.descriptor().creationTime * 1_000_000)) {
      throw DynamoDbException.validation(CallContext.AS_OF_HEADER + " " + asOf + " is before the table was created");
    }
    return new Snapshot(table, micros);
  }

  /** Select, Limit, ReturnConsumedCapacity. Query reports a bad Limit in the framework's newer form, Scan in the older. */
  static void checkCommon(Constraints c, Request r, boolean query) {
    c.oneOf(r.string("Select"), "select", "SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES");
    Integer limit = r.integer("Limit");
    if (query && limit != null && limit < 1) {
      c.addUnechoed("Limit", "Member must have value greater than or equal to 1");
    } else {
      c.atLeast(limit, "limit", 1);
    }
    ItemRequests.checkReturnConsumedCapacity(c, r);
  }

  /** The index the request reads through (IndexName), null for the table itself. */
  static IndexDescriptor index(Request r, TableDescriptor table) {
    String name = r.string("IndexName");
    if (name == null) {
      return null;
    }
    IndexDescriptor index = table.index(name);
    if (index == null) {
      throw DynamoDbException.validation("The table does not have the specified index: " + name);
    }
    if (index.isGlobal() && Boolean.TRUE.equals(r.bool("ConsistentRead"))) {
      throw DynamoDbException.validation("Consistent reads are not supported on global secondary indexes");
    }
    return index;
  }

  /**
   * A global index to read, with DynamoDB's rules for what such a read may ask: the index must be
   * built, and the answer and the filter can only use what the index projects (a global index
   * cannot fetch from the table, as a local one does).
   */
  static GlobalIndexView globalIndex(Request r, TableView table, ReadableTable source, IndexDescriptor index,
      Condition filter, Projection projection) {
    GlobalIndexView view = source.globalIndex(index.name);
    if (view == null || !view.isBuilt()) {
      throw DynamoDbException.validation("Cannot read from backfilling global secondary index: " + index.name);
    }
    GlobalIndexApplier applier = table.globalIndexApplier();
    if (applier != null && applier.failed()) {
      throw new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
    }
    if ("ALL_ATTRIBUTES".equals(r.string("Select")) && index.projection != IndexDescriptor.ProjectionType.ALL) {
      throw DynamoDbException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
          + "is not supported for global secondary index " + index.name + " because its projection type is not ALL");
    }
    if (index.projection == IndexDescriptor.ProjectionType.ALL) {
      return view;
    }
    Set<String> projected = index.projected(table.descriptor().keySchema);
    if (projection != null) {
      List<String> names = new ArrayList<>();
      projection.paths().forEach(p -> names.add(p.topLevelName()));
      Set<String> missing = notIn(projected, names);
      if (!missing.isEmpty()) {
        throw DynamoDbException.validation("One or more parameter values were invalid: Global secondary index "
            + index.name + " does not project " + missing);
      }
    }
    Set<String> missing = filter == null ? Set.of() : notIn(projected, filter.topLevelNames());
    if (!missing.isEmpty()) {
      throw DynamoDbException.validation("One or more parameter values were invalid: Secondary index "
          + index.name + " does not project one or more filter attributes: " + missing);
    }
    return view;
  }

  private static Set<String> notIn(Set<String> projected, Iterable<String> names) {
    Set<String> missing = new LinkedHashSet<>();
    for (String name : names) {
      if (!projected.contains(name)) {
        missing.add(name);
      }
    }
    return missing;
  }

  /** Applies DynamoDB's rules between Select and a projection; returns whether only counts are wanted. */
  static boolean countOnly(Request r, Projection projection, boolean query, IndexDescriptor index) {
    String select = r.string("Select");
    if (projection != null && select != null && !"SPECIFIC_ATTRIBUTES".equals(select)) {
      // checked first: with ALL_PROJECTED_ATTRIBUTES and no index, this is the error DynamoDB reports
      String param = r.has("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet";
      throw DynamoDbException.validation("Cannot specify the " + param + " when choosing to get " + select);
    }
    if ("ALL_PROJECTED_ATTRIBUTES".equals(select) && index == null) {
      throw DynamoDbException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }
    if ("SPECIFIC_ATTRIBUTES".equals(select) && projection == null) {
      // Query's answer comes in the framework's envelope, Scan's bare
      throw DynamoDbException.validation((query ? "1 validation error detected: " : "")
          + "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
    }
    return "COUNT".equals(select);
  }

  /**
   * Items as a read through an index returns them without a projection: the index's projection,
   * unless Select asks for every attribute (a local index then fetches them from the table).
   */
  static UnaryOperator<Map<String, AttributeValue>> shape(Request r, IndexDescriptor index, KeySchema table) {
    if (index == null || index.isGlobal() || "ALL_ATTRIBUTES".equals(r.string("Select"))) {
      return UnaryOperator.identity(); // a global index's entries are already projected
    }
    return item -> index.project(item, table);
  }

  /** The key names of a LastEvaluatedKey through an index: the table's keys, then the index's. */
  static List<String> keyNames(KeySchema table, IndexDescriptor index) {
    List<String> names = new ArrayList<>(Page.keyNames(table));
    for (String name : Page.keyNames(index.keySchema)) {
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** An ExclusiveStartKey through an index: exactly the table's and the index's key attributes. */
  static IndexKey indexStartKey(Request r, KeySchema table, IndexDescriptor index) {
    Map<String, AttributeValue> start = r.item("ExclusiveStartKey");
    if (start == null) {
      return null;
    }
    List<String> names = keyNames(table, index);
    if (start.size() != names.size() || !start.keySet().containsAll(names)) {
      throw DynamoDbException.validation("The provided starting key is invalid");
    }
    Map<String, AttributeValue> tableKey = new LinkedHashMap<>();
    for (String name : Page.keyNames(table)) {
      tableKey.put(name, start.get(name));
    }
    ItemKey key;
    try {
      key = Items.checkKey(table, tableKey);
    } catch (DynamoDbException e) {
      throw DynamoDbException.validation("The provided starting key is invalid");
    }
    IndexKey indexKey = index.keyOf(key, start);
    if (indexKey == null) {
      throw DynamoDbException.validation("The provided starting key is invalid");
    }
    return indexKey;
  }

  /** The ExclusiveStartKey as a key of this table, or null. Query's message is the short one, Scan's the long. */
  static ItemKey startKey(Request r, KeySchema schema, boolean query) {
    Map<String, AttributeValue> start = r.item("ExclusiveStartKey");
    if (start == null) {
      return null;
    }
    try {
      return Items.checkKey(schema, start);
    } catch (DynamoDbException e) {
      throw DynamoDbException.validation("The provided starting key is invalid" + (query ? "" : ": " + e.getMessage()));
    }
  }
}
