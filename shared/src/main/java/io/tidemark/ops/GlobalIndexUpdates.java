package io.tidemark.ops;

import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.KeySchema;
import io.tidemark.table.TableDescriptor;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * UpdateTable's GlobalSecondaryIndexUpdates: create, update (throughput) and delete actions on
 * global secondary indexes, with DynamoDB's checks and messages, and the table they leave.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
 */
final class GlobalIndexUpdates {
  /** One action of the request. */
  record Action(String kind, String indexName, Request body) {}

  /** The table's indexes and definitions after the actions, and what UpdateTable must start or stop. */
  record Outcome(List<IndexDescriptor> globalIndexes, Map<String, AttributeValue.Type> attributes,
      IndexDescriptor created, IndexDescriptor deleted) {}

  private final List<Action> actions = new ArrayList<>();

  private GlobalIndexUpdates() {}

  /** The request's actions, their member constraints added to {@code c}; null when the request has none. */
  static GlobalIndexUpdates read(Request r, Constraints c) {
    List<Object> raw = r.list("GlobalSecondaryIndexUpdates");
    if (raw == null) {
      return null;
    }
    GlobalIndexUpdates updates = new GlobalIndexUpdates();
    for (int i = 0; i < raw.size(); i++) {
      Request u = new Request(Request.asMap(raw.get(i)));
      String path = "globalSecondaryIndexUpdates." + (i + 1) + ".member.";
      Request create = u.struct("Create");
      Request update = u.struct("Update");
      Request delete = u.struct("Delete");
      int given = (create != null ? 1 : 0) + (update != null ? 1 : 0) + (delete != null ? 1 : 0);
      if (given != 1) {
        updates.actions.add(new Action(given == 0 ? "none" : "several", null, u));
        continue;
      }
      if (create != null) {
        IndexDefinitions.checkMember(c, create, path + "create.", true);
        updates.actions.add(new Action("Create", create.string("IndexName"), create));
      } else if (update != null) {
        String name = update.string("IndexName");
        c.notNull(name, path + "update.indexName").length(name, path + "update.indexName", 3, 255);
        Request throughput = update.struct("ProvisionedThroughput");
        c.notNull(throughput, path + "update.provisionedThroughput");
        if (throughput != null) {
          Long read = throughput.longValue("ReadCapacityUnits");
          Long write = throughput.longValue("WriteCapacityUnits");
          c.notNull(read, path + "update.provisionedThroughput.readCapacityUnits")
              .atLeast(read, path + "update.provisionedThroughput.readCapacityUnits", 1)
              .notNull(write, path + "update.provisionedThroughput.writeCapacityUnits")
              .atLeast(write, path + "update.provisionedThroughput.writeCapacityUnits", 1);
        }
        updates.actions.add(new Action("Update", name, update));
      } else {
        String name = delete.string("IndexName");
        c.notNull(name, path + "delete.indexName").length(name, path + "delete.indexName", 3, 255);
        updates.actions.add(new Action("Delete", name, delete));
      }
    }
    return updates;
  }

  boolean isEmpty() {
    return actions.isEmpty();
  }

  /** Checks that need no table: each action well-formed, no index named twice. */
  void checkShape() {
    Set<String> named = new HashSet<>();
    for (Action a : actions) {
      if (a.kind().equals("none")) {
        throw IndexDefinitions.invalid("One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
            + "GlobalSecondaryIndexUpdate.Delete must not be null");
      }
      if (a.kind().equals("several")) {
        throw IndexDefinitions.invalid(
            "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object");
      }
      if (!named.add(a.indexName())) {
        throw IndexDefinitions.invalid(
            "Only one global secondary index update per index is allowed simultaneously. Index: " + a.indexName());
      }
    }
  }

  /**
   * The table's global indexes after the actions. {@code definitions} are the request's
   * AttributeDefinitions (new key attributes of a created index); {@code billingMode} the table's
   * mode after the request.
   */
  Outcome apply(TableDescriptor table, Map<String, AttributeValue.Type> definitions, String billingMode) {
    long createsAndDeletes = actions.stream().filter(a -> !a.kind().equals("Update")).count();
    boolean inProgress = table.globalIndexes.stream().anyMatch(i -> !i.isActive());
    if (createsAndDeletes > 1 || createsAndDeletes == 1 && inProgress) {
      throw new DynamoDbException(ErrorType.LimitExceededException,
          "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
    }
    Map<String, AttributeValue.Type> attributes = new LinkedHashMap<>(table.attributes);
    definitions.forEach(attributes::putIfAbsent); // an attribute keeps the type it has
    List<IndexDescriptor> globals = new ArrayList<>(table.globalIndexes);
    IndexDescriptor created = null;
    IndexDescriptor deleted = null;
    boolean onDemand = TableDescriptor.PAY_PER_REQUEST.equals(billingMode);
    for (Action a : actions) {
      IndexDescriptor existing = table.index(a.indexName());
      switch (a.kind()) {
        case "Create" -> {
          created = create(a, table, existing, attributes, billingMode, onDemand);
          globals.add(created);
        }
        case "Update" -> {
          requireGlobal(existing, a.indexName(), "update");
          Request throughput = a.body().struct("ProvisionedThroughput");
          if (onDemand) {
            throw IndexDefinitions.invalid("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for "
                + "index: " + a.indexName() + " when BillingMode is PAY_PER_REQUEST");
          }
          long read = throughput.longValue("ReadCapacityUnits");
          long write = throughput.longValue("WriteCapacityUnits");
          if (read == existing.readCapacity && write == existing.writeCapacity) {
            throw DynamoDbException.validation("The provisioned throughput for the index " + a.indexName()
                + " will not change. The requested value equals the current value. Current ReadCapacityUnits "
                + "provisioned for the table: " + existing.readCapacity + ". Requested ReadCapacityUnits: " + read
                + ". Current WriteCapacityUnits provisioned for the table: " + existing.writeCapacity
                + ". Requested WriteCapacityUnits: " + write + ". Refer to the Amazon DynamoDB Developer Guide for "
                + "current limits and how to request higher limits.");
          }
          globals.set(globals.indexOf(existing), existing.withThroughput(read, write));
        }
        default -> {
          requireGlobal(existing, a.indexName(), "delete");
          deleted = existing;
          globals.remove(existing);
        }
      }
    }
    return new Outcome(globals, usedOnly(attributes, table, globals), created, deleted);
  }

  private static IndexDescriptor create(Action a, TableDescriptor table, IndexDescriptor existing,
      Map<String, AttributeValue.Type> attributes, String billingMode, boolean onDemand) {
    if (existing != null) {
      throw DynamoDbException.validation("Attempting to create an index which already exists");
    }
    if (table.globalIndexes.size() >= IndexDefinitions.MAX_GLOBAL) {
      throw new DynamoDbException(ErrorType.LimitExceededException,
          "GlobalSecondaryIndex count exceeds the per-table limit of " + IndexDefinitions.MAX_GLOBAL);
    }
    String name = a.indexName();
    for (Object o : a.body().list("KeySchema")) {
      if (!attributes.containsKey(new Request(Request.asMap(o)).string("AttributeName"))) {
        throw IndexDefinitions.invalid("AttributeDefinitions is not specified for index: " + name);
      }
    }
    boolean hasThroughput = a.body().struct("ProvisionedThroughput") != null;
    if (!onDemand && !hasThroughput) {
      throw IndexDefinitions.invalid("ProvisionedThroughput must be specified for index: " + name);
    }
    if (onDemand && hasThroughput) {
      throw IndexDefinitions.invalid("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: "
          + name + " when BillingMode is PAY_PER_REQUEST");
    }
    IndexDescriptor index = IndexDefinitions.index(a.body(), IndexDescriptor.Kind.GLOBAL, table.keySchema, attributes,
        billingMode);
    int projected = index.nonKeyAttributes.size();
    for (List<IndexDescriptor> list : List.of(table.localIndexes, table.globalIndexes)) {
      for (IndexDescriptor i : list) {
        projected += i.nonKeyAttributes.size();
      }
    }
    if (projected > IndexDefinitions.MAX_PROJECTED) {
      throw IndexDefinitions.invalid("Number of projected attributes in all indexes exceeds limit of "
          + IndexDefinitions.MAX_PROJECTED);
    }
    return index.withStatus(IndexDescriptor.CREATING, true);
  }

  private static void requireGlobal(IndexDescriptor existing, String name, String verb) {
    if (existing == null) {
      throw DynamoDbException.resourceNotFound("Requested resource not found: Index: " + name + " not found");
    }
    if (!existing.isGlobal()) {
      throw DynamoDbException.validation("Cannot " + verb + " an index that is not a GlobalSecondaryIndex: " + name);
    }
  }

  /** The definitions some key still uses: a created index's are kept, a deleted index's own key attributes go. */
  private static Map<String, AttributeValue.Type> usedOnly(Map<String, AttributeValue.Type> attributes,
      TableDescriptor table, List<IndexDescriptor> globals) {
    Set<String> used = new LinkedHashSet<>();
    List<KeySchema> schemas = new ArrayList<>();
    schemas.add(table.keySchema);
    table.localIndexes.forEach(i -> schemas.add(i.keySchema));
    globals.forEach(i -> schemas.add(i.keySchema));
    for (KeySchema k : schemas) {
      used.add(k.hashName());
      if (k.hasRange()) {
        used.add(k.rangeName());
      }
    }
    Map<String, AttributeValue.Type> kept = new LinkedHashMap<>();
    attributes.forEach((name, type) -> {
      if (used.contains(name)) {
        kept.put(name, type);
      }
    });
    return kept;
  }
}
