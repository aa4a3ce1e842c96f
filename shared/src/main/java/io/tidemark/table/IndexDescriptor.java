package io.tidemark.table;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A secondary index as CreateTable or UpdateTable defined it: name, local or global, key schema,
 * projection, and for a global index its own throughput and status. Immutable.
 */
public final class IndexDescriptor {
  public enum Kind { LOCAL, GLOBAL }

  public enum ProjectionType { ALL, KEYS_ONLY, INCLUDE }

  public static final String ACTIVE = "ACTIVE";
  public static final String CREATING = "CREATING";

  public final String name;
  public final Kind kind;
  public final KeySchema keySchema;
  public final ProjectionType projection;
  /** The attributes INCLUDE projects besides the keys; empty otherwise. */
  public final List<String> nonKeyAttributes;
  /** A global index's provisioned throughput (0 on an on-demand table); unused for a local index. */
  public final long readCapacity;
  public final long writeCapacity;
  /** ACTIVE, or CREATING while a global index added by UpdateTable is being filled. */
  public final String status;
  public final boolean backfilling;

  public IndexDescriptor(String name, Kind kind, KeySchema keySchema, ProjectionType projection,
      List<String> nonKeyAttributes, long readCapacity, long writeCapacity, String status, boolean backfilling) {
    this.name = name;
    this.kind = kind;
    this.keySchema = keySchema;
    this.projection = projection;
    this.nonKeyAttributes = List.copyOf(nonKeyAttributes);
    this.readCapacity = readCapacity;
    this.writeCapacity = writeCapacity;
    this.status = status;
    this.backfilling = backfilling;
  }

  /** The same index in another state (a global index added by UpdateTable: CREATING and backfilling, then ACTIVE). */
  public IndexDescriptor withStatus(String newStatus, boolean isBackfilling) {
    return new IndexDescriptor(name, kind, keySchema, projection, nonKeyAttributes, readCapacity, writeCapacity,
        newStatus, isBackfilling);
  }

  /** The same index with other provisioned throughput. */
  public IndexDescriptor withThroughput(long read, long write) {
    return new IndexDescriptor(name, kind, keySchema, projection, nonKeyAttributes, read, write, status, backfilling);
  }

  /** Whether the other index holds the same entries: the same name, key schema and projection. */
  public boolean sameDefinition(IndexDescriptor other) {
    return name.equals(other.name) && keySchema.equals(other.keySchema) && projection == other.projection
        && nonKeyAttributes.equals(other.nonKeyAttributes);
  }

  public boolean isActive() {
    return ACTIVE.equals(status);
  }

  public boolean isGlobal() {
    return kind == Kind.GLOBAL;
  }

  public String arn(TableDescriptor table) {
    return table.arn() + "/index/" + name;
  }

  /**
   * The item's key in this index, or null if the item lacks one of the index's key attributes or
   * has it with another type: such an item is not in the index (a sparse index).
   */
  public IndexKey keyOf(ItemKey tableKey, Map<String, AttributeValue> item) {
    AttributeValue hash = item.get(keySchema.hashName());
    if (hash == null || hash.type() != keySchema.hashType()) {
      return null;
    }
    AttributeValue sort = null;
    if (keySchema.hasRange()) {
      sort = item.get(keySchema.rangeName());
      if (sort == null || sort.type() != keySchema.rangeType()) {
        return null;
      }
    }
    return IndexKey.of(new ItemKey(hash, sort), tableKey);
  }

  /** The attributes the index holds of an item: every one for ALL, else the table's and the index's keys plus INCLUDE's. */
  public Set<String> projected(KeySchema tableKeys) {
    Projected cached = projectedCache;
    if (cached != null && cached.tableKeys().equals(tableKeys)) {
      return cached.names(); // every write to an index of the table asks: computed once
    }
    Set<String> names = computeProjected(tableKeys);
    projectedCache = new Projected(tableKeys, names);
    return names;
  }

  /** The projected attribute names for one table's keys (an index belongs to one table: one entry). */
  private record Projected(KeySchema tableKeys, Set<String> names) {}

  private volatile Projected projectedCache;

  private Set<String> computeProjected(KeySchema tableKeys) {
    Set<String> names = new LinkedHashSet<>();
    names.add(tableKeys.hashName());
    if (tableKeys.hasRange()) {
      names.add(tableKeys.rangeName());
    }
    names.add(keySchema.hashName());
    if (keySchema.hasRange()) {
      names.add(keySchema.rangeName());
    }
    names.addAll(nonKeyAttributes);
    return java.util.Collections.unmodifiableSet(names);
  }

  /** The item as the index holds it. */
  public Map<String, AttributeValue> project(Map<String, AttributeValue> item, KeySchema tableKeys) {
    if (projection == ProjectionType.ALL) {
      return item;
    }
    Map<String, AttributeValue> projectedItem = new LinkedHashMap<>();
    for (String attribute : projected(tableKeys)) {
      AttributeValue v = item.get(attribute);
      if (v != null) {
        projectedItem.put(attribute, v);
      }
    }
    return projectedItem;
  }

  /**
   * The index's entry in a TableDescription (LocalSecondaryIndexes / GlobalSecondaryIndexes). A
   * global index created with its table shows no Backfilling member (API reference,
   * GlobalSecondaryIndexDescription).
   */
  public void writeDescription(JsonGenerator g, TableDescriptor table, long itemCount, long sizeBytes)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("IndexName", name);
    keySchema.write(g);
    g.writeObjectFieldStart("Projection");
    g.writeStringField("ProjectionType", projection.name());
    if (projection == ProjectionType.INCLUDE) {
      g.writeArrayFieldStart("NonKeyAttributes");
      for (String a : nonKeyAttributes) {
        g.writeString(a);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    if (isGlobal()) {
      g.writeStringField("IndexStatus", status);
      if (backfilling) {
        g.writeBooleanField("Backfilling", true);
      }
      g.writeObjectFieldStart("ProvisionedThroughput");
      g.writeNumberField("NumberOfDecreasesToday", 0);
      g.writeNumberField("ReadCapacityUnits", readCapacity);
      g.writeNumberField("WriteCapacityUnits", writeCapacity);
      g.writeEndObject();
    }
    g.writeNumberField("IndexSizeBytes", sizeBytes);
    g.writeNumberField("ItemCount", itemCount);
    g.writeStringField("IndexArn", arn(table));
    g.writeEndObject();
  }

  /** Reads an entry written by {@link #writeDescription} back (the catalog keeps descriptions). */
  static IndexDescriptor read(Request r, Kind kind, Map<String, AttributeValue.Type> attributes) {
    Request projection = r.struct("Projection");
    List<String> nonKey = new ArrayList<>();
    List<Object> raw = projection.list("NonKeyAttributes");
    if (raw != null) {
      raw.forEach(a -> nonKey.add(Request.asString(a)));
    }
    Request throughput = r.struct("ProvisionedThroughput");
    return new IndexDescriptor(r.string("IndexName"), kind,
        KeySchema.read(r, attributes),
        ProjectionType.valueOf(projection.string("ProjectionType")), nonKey,
        throughput == null ? 0 : throughput.longValue("ReadCapacityUnits"),
        throughput == null ? 0 : throughput.longValue("WriteCapacityUnits"),
        r.string("IndexStatus") == null ? ACTIVE : r.string("IndexStatus"), Boolean.TRUE.equals(r.bool("Backfilling")));
  }
}
