package io.tidemark.ops;

import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.KeySchema;
import io.tidemark.table.TableDescriptor;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CreateTable's LocalSecondaryIndexes and GlobalSecondaryIndexes: DynamoDB's checks on them, in
 * its order and with its messages, and the descriptors they define.
 */
final class IndexDefinitions {
  static final int MAX_LOCAL = 5;
  static final int MAX_GLOBAL = 20;
  static final int MAX_PROJECTED = 100;

  /** The indexes a request defines. */
  record Parsed(List<IndexDescriptor> local, List<IndexDescriptor> global) {
    boolean any() {
      return !local.isEmpty() || !global.isEmpty();
    }
  }

  private IndexDefinitions() {}

  /** The members' own constraints, global indexes first whatever the request's order. */
  static void checkMembers(Constraints c, List<Object> global, List<Object> local) {
    checkMembers(c, global, "globalSecondaryIndexes", true);
    checkMembers(c, local, "localSecondaryIndexes", false);
  }

  private static void checkMembers(Constraints c, List<Object> indexes, String member, boolean global) {
    if (indexes == null) {
      return;
    }
    for (int i = 0; i < indexes.size(); i++) {
      checkMember(c, new Request(Request.asMap(indexes.get(i))), member + "." + (i + 1) + ".member.", global);
    }
  }

  /** One index definition's member constraints ({@code path} ends with a dot). */
  static void checkMember(Constraints c, Request index, String path, boolean global) {
    String name = index.string("IndexName");
    c.notNull(name, path + "indexName").length(name, path + "indexName", 3, 255).tableName(name, path + "indexName");
    List<Object> keys = index.list("KeySchema");
    c.notNull(keys, path + "keySchema");
    if (keys != null) {
      c.size(keys, CreateTable.keySchemaEcho(keys), path + "keySchema", 1, 2);
      for (int k = 0; k < keys.size(); k++) {
        Request key = new Request(Request.asMap(keys.get(k)));
        String keyPath = path + "keySchema." + (k + 1) + ".member.";
        c.notNull(key.string("AttributeName"), keyPath + "attributeName")
            .length(key.string("AttributeName"), keyPath + "attributeName", 1, 255)
            .notNull(key.string("KeyType"), keyPath + "keyType")
            .oneOf(key.string("KeyType"), keyPath + "keyType", "HASH", "RANGE");
      }
    }
    Request projection = index.struct("Projection");
    c.notNull(projection, path + "projection");
    if (projection != null) {
      c.oneOf(projection.string("ProjectionType"), path + "projection.projectionType", "ALL", "INCLUDE", "KEYS_ONLY");
      List<Object> nonKey = projection.list("NonKeyAttributes");
      if (nonKey != null) {
        c.size(nonKey, nonKey, path + "projection.nonKeyAttributes", 1, 20);
      }
    }
    Request throughput = index.struct("ProvisionedThroughput");
    if (global && throughput != null) {
      c.atLeast(throughput.longValue("ReadCapacityUnits"), path + "provisionedThroughput.readCapacityUnits", 1)
          .atLeast(throughput.longValue("WriteCapacityUnits"), path + "provisionedThroughput.writeCapacityUnits", 1);
    }
  }

  /**
   * The indexes, after the table's own key checks: local indexes first, then global ones, each
   * against DynamoDB's rules.
   */
  static Parsed parse(List<Object> local, List<Object> global, KeySchema table,
      Map<String, AttributeValue.Type> attributes, String billingMode) {
    if (local != null && local.isEmpty()) {
      throw invalid("List of LocalSecondaryIndexes is empty");
    }
    if (global != null && global.isEmpty()) {
      throw invalid("List of GlobalSecondaryIndexes is empty");
    }
    if (local != null && !table.hasRange()) {
      throw invalid("Table KeySchema does not have a range key, which is required when specifying a "
          + "LocalSecondaryIndex");
    }
    List<IndexDescriptor> locals = new ArrayList<>();
    List<IndexDescriptor> globals = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int projected = 0;
    for (Object o : local == null ? List.of() : local) {
      IndexDescriptor d = index(new Request(Request.asMap(o)), IndexDescriptor.Kind.LOCAL, table, attributes, billingMode);
      locals.add(d);
      projected += d.nonKeyAttributes.size();
      if (!names.add(d.name)) {
        throw invalid("Duplicate index name: " + d.name);
      }
    }
    for (Object o : global == null ? List.of() : global) {
      IndexDescriptor d = index(new Request(Request.asMap(o)), IndexDescriptor.Kind.GLOBAL, table, attributes, billingMode);
      globals.add(d);
      projected += d.nonKeyAttributes.size();
      if (!names.add(d.name)) {
        throw invalid("Duplicate index name: " + d.name);
      }
    }
    if (locals.size() > MAX_LOCAL) {
      throw invalid("Number of LocalSecondaryIndexes exceeds per-table limit of " + MAX_LOCAL);
    }
    if (globals.size() > MAX_GLOBAL) {
      throw invalid("GlobalSecondaryIndex count exceeds the per-table limit of " + MAX_GLOBAL);
    }
    if (projected > MAX_PROJECTED) {
      throw invalid("Number of projected attributes in all indexes exceeds limit of " + MAX_PROJECTED);
    }
    Parsed parsed = new Parsed(locals, globals);
    if (parsed.any()) {
      checkAllDefinitionsUsed(table, attributes, parsed);
    }
    return parsed;
  }

  /** One index definition, checked against DynamoDB's rules (CreateTable's throughput messages). */
  static IndexDescriptor index(Request r, IndexDescriptor.Kind kind, KeySchema table,
      Map<String, AttributeValue.Type> attributes, String billingMode) {
    String name = r.string("IndexName");
    List<String[]> keys = new ArrayList<>();
    for (Object o : r.list("KeySchema")) {
      Request k = new Request(Request.asMap(o));
      keys.add(new String[] {k.string("AttributeName"), k.string("KeyType")});
    }
    List<String> undefined = new ArrayList<>();
    for (String[] k : keys) {
      if (!attributes.containsKey(k[0])) {
        undefined.add(k[0]);
      }
    }
    if (!undefined.isEmpty()) {
      List<String> keyNames = new ArrayList<>();
      keys.forEach(k -> keyNames.add(k[0]));
      throw invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: " + keyNames
          + ", AttributeDefinitions: " + new ArrayList<>(attributes.keySet()));
    }
    if (!"HASH".equals(keys.get(0)[1])) {
      throw DynamoDbException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (keys.size() == 2 && !"RANGE".equals(keys.get(1)[1])) {
      throw DynamoDbException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (keys.size() == 2 && keys.get(0)[0].equals(keys.get(1)[0])) {
      throw DynamoDbException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    String hash = keys.get(0)[0];
    String range = keys.size() == 2 ? keys.get(1)[0] : null;
    if (kind == IndexDescriptor.Kind.LOCAL) {
      if (range == null) {
        throw invalid("Index KeySchema does not have a range key for index: " + name);
      }
      if (!hash.equals(table.hashName())) {
        throw invalid("Index KeySchema does not have the same leading hash key as table KeySchema for index: " + name
            + ". index hash key: " + hash + ", table hash key: " + table.hashName());
      }
    }
    Request projection = r.struct("Projection");
    String type = projection.string("ProjectionType");
    List<String> nonKey = new ArrayList<>();
    List<Object> raw = projection.list("NonKeyAttributes");
    if (type == null) {
      throw invalid("Unknown ProjectionType: null");
    }
    if (raw != null && !type.equals("INCLUDE")) {
      throw invalid("ProjectionType is " + type + ", but NonKeyAttributes is specified");
    }
    if (raw == null && type.equals("INCLUDE")) {
      throw invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    }
    if (raw != null) {
      Set<String> seen = new LinkedHashSet<>();
      for (Object a : raw) {
        String attribute = Request.asString(a);
        if (!seen.add(attribute)) {
          throw invalid("Duplicate element in NonKeyAttributes: " + attribute);
        }
        nonKey.add(attribute);
      }
    }
    long read = 0;
    long write = 0;
    if (kind == IndexDescriptor.Kind.GLOBAL) {
      Request throughput = r.struct("ProvisionedThroughput");
      boolean onDemand = TableDescriptor.PAY_PER_REQUEST.equals(billingMode);
      if (!onDemand && throughput == null) {
        throw invalid("ProvisionedThroughput is not specified for index: " + name);
      }
      if (onDemand && throughput != null) {
        throw invalid("ProvisionedThroughput should not be specified for index: " + name
            + " when BillingMode is PAY_PER_REQUEST");
      }
      if (throughput != null) {
        read = throughput.longValue("ReadCapacityUnits");
        write = throughput.longValue("WriteCapacityUnits");
      }
    }
    KeySchema schema = new KeySchema(hash, attributes.get(hash), range, range == null ? null : attributes.get(range));
    return new IndexDescriptor(name, kind, schema, IndexDescriptor.ProjectionType.valueOf(type), nonKey, read, write,
        IndexDescriptor.ACTIVE, false);
  }

  /** With indexes, every AttributeDefinition must be some key's (without them, CreateTable's own check applies). */
  private static void checkAllDefinitionsUsed(KeySchema table, Map<String, AttributeValue.Type> attributes,
      Parsed parsed) {
    Set<String> used = new LinkedHashSet<>();
    used.add(table.hashName());
    if (table.hasRange()) {
      used.add(table.rangeName());
    }
    for (List<IndexDescriptor> list : List.of(parsed.local(), parsed.global())) {
      for (IndexDescriptor i : list) {
        used.add(i.keySchema.hashName());
        if (i.keySchema.hasRange()) {
          used.add(i.keySchema.rangeName());
        }
      }
    }
    if (!used.containsAll(attributes.keySet())) {
      throw invalid("Some AttributeDefinitions are not used. AttributeDefinitions: "
          + new ArrayList<>(attributes.keySet()) + ", keys used: " + new ArrayList<>(used));
    }
  }

  static DynamoDbException invalid(String message) {
    return DynamoDbException.validation("One or more parameter values were invalid: " + message);
  }
}
