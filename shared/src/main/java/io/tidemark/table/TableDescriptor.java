package io.tidemark.table;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the catalog keeps about a table: what CreateTable and UpdateTable said, plus its
 * identity. Immutable; changes make a copy. Its JSON form is DynamoDB's TableDescription (without
 * the live counters), so the catalog file reads like a DescribeTable answer.
 */
public final class TableDescriptor {
  public static final String PROVISIONED = "PROVISIONED";
  public static final String PAY_PER_REQUEST = "PAY_PER_REQUEST";

  public final String name;
  public final String id;
  public final String region;
  public final KeySchema keySchema;
  /** AttributeDefinitions in the order given: name → S, N or B. */
  public final Map<String, AttributeValue.Type> attributes;
  public final String billingMode;
  public final long readCapacity;
  public final long writeCapacity;
  /** Epoch seconds with millisecond fraction, as DynamoDB reports dates. */
  public final double creationTime;
  public final double lastIncreaseTime;
  public final double lastDecreaseTime;
  public final int decreasesToday;
  public final double billingModeChangeTime;
  public final boolean sseEnabled;
  public final String sseType;
  public final String kmsKeyId;
  public final boolean deletionProtection;
  public final Map<String, String> tags;
  /** The attribute whose epoch-seconds value sets an item's expiry, or null when TTL is disabled. */
  public final String ttlAttribute;
  /** How many shards the key space is split into; a power of two, fixed at creation. */
  public final int shards;

  public TableDescriptor(String name, String id, String region, KeySchema keySchema,
      Map<String, AttributeValue.Type> attributes, String billingMode, long readCapacity, long writeCapacity,
      double creationTime, double lastIncreaseTime, double lastDecreaseTime, int decreasesToday,
      double billingModeChangeTime, boolean sseEnabled, String sseType, String kmsKeyId,
      boolean deletionProtection, Map<String, String> tags, String ttlAttribute, int shards) {
    this.name = name;
    this.id = id;
    this.region = region;
    this.keySchema = keySchema;
    this.attributes = attributes;
    this.billingMode = billingMode;
    this.readCapacity = readCapacity;
    this.writeCapacity = writeCapacity;
    this.creationTime = creationTime;
    this.lastIncreaseTime = lastIncreaseTime;
    this.lastDecreaseTime = lastDecreaseTime;
    this.decreasesToday = decreasesToday;
    this.billingModeChangeTime = billingModeChangeTime;
    this.sseEnabled = sseEnabled;
    this.sseType = sseType;
    this.kmsKeyId = kmsKeyId;
    this.deletionProtection = deletionProtection;
    this.tags = tags;
    this.ttlAttribute = ttlAttribute;
    this.shards = shards;
  }

  public String arn() {
    return "arn:aws:dynamodb:" + region + ":000000000000:table/" + name;
  }

  public TableDescriptor withCapacity(String billingMode, long read, long write, double increase, double decrease,
      int decreases, double billingModeChange) {
    return new TableDescriptor(name, id, region, keySchema, attributes, billingMode, read, write, creationTime,
        increase, decrease, decreases, billingModeChange, sseEnabled, sseType, kmsKeyId, deletionProtection,
        tags, ttlAttribute, shards);
  }

  public TableDescriptor withSse(boolean enabled, String type, String kmsKey) {
    return new TableDescriptor(name, id, region, keySchema, attributes, billingMode, readCapacity, writeCapacity,
        creationTime, lastIncreaseTime, lastDecreaseTime, decreasesToday, billingModeChangeTime, enabled, type,
        kmsKey, deletionProtection, tags, ttlAttribute, shards);
  }

  public TableDescriptor withDeletionProtection(boolean enabled) {
    return new TableDescriptor(name, id, region, keySchema, attributes, billingMode, readCapacity, writeCapacity,
        creationTime, lastIncreaseTime, lastDecreaseTime, decreasesToday, billingModeChangeTime, sseEnabled, sseType,
        kmsKeyId, enabled, tags, ttlAttribute, shards);
  }

  public TableDescriptor withTags(Map<String, String> newTags) {
    return new TableDescriptor(name, id, region, keySchema, attributes, billingMode, readCapacity, writeCapacity,
        creationTime, lastIncreaseTime, lastDecreaseTime, decreasesToday, billingModeChangeTime, sseEnabled, sseType,
        kmsKeyId, deletionProtection, newTags, ttlAttribute, shards);
  }

  /** TTL on the given attribute, or off (null). */
  public TableDescriptor withTimeToLive(String attribute) {
    return new TableDescriptor(name, id, region, keySchema, attributes, billingMode, readCapacity, writeCapacity,
        creationTime, lastIncreaseTime, lastDecreaseTime, decreasesToday, billingModeChangeTime, sseEnabled, sseType,
        kmsKeyId, deletionProtection, tags, attribute, shards);
  }

  /** Writes the TableDescription members that do not change with the data. */
  public void writeDescription(JsonGenerator g, String status, long itemCount, long sizeBytes) throws IOException {
    g.writeArrayFieldStart("AttributeDefinitions");
    for (Map.Entry<String, AttributeValue.Type> e : attributes.entrySet()) {
      g.writeStartObject();
      g.writeStringField("AttributeName", e.getKey());
      g.writeStringField("AttributeType", e.getValue().name());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("TableName", name);
    g.writeArrayFieldStart("KeySchema");
    writeKeyElement(g, keySchema.hashName(), "HASH");
    if (keySchema.hasRange()) {
      writeKeyElement(g, keySchema.rangeName(), "RANGE");
    }
    g.writeEndArray();
    g.writeStringField("TableStatus", status);
    g.writeNumberField("CreationDateTime", creationTime);
    g.writeObjectFieldStart("ProvisionedThroughput");
    if (lastIncreaseTime > 0) {
      g.writeNumberField("LastIncreaseDateTime", lastIncreaseTime);
    }
    if (lastDecreaseTime > 0) {
      g.writeNumberField("LastDecreaseDateTime", lastDecreaseTime);
    }
    g.writeNumberField("NumberOfDecreasesToday", decreasesToday);
    g.writeNumberField("ReadCapacityUnits", readCapacity);
    g.writeNumberField("WriteCapacityUnits", writeCapacity);
    g.writeEndObject();
    g.writeNumberField("TableSizeBytes", sizeBytes);
    g.writeNumberField("ItemCount", itemCount);
    g.writeStringField("TableArn", arn());
    g.writeStringField("TableId", id);
    if (PAY_PER_REQUEST.equals(billingMode) || billingModeChangeTime > 0) {
      g.writeObjectFieldStart("BillingModeSummary");
      g.writeStringField("BillingMode", billingMode);
      g.writeNumberField("LastUpdateToPayPerRequestDateTime",
          billingModeChangeTime > 0 ? billingModeChangeTime : creationTime);
      g.writeEndObject();
    }
    if (sseEnabled) {
      g.writeObjectFieldStart("SSEDescription");
      g.writeStringField("Status", "ENABLED");
      g.writeStringField("SSEType", sseType);
      g.writeStringField("KMSMasterKeyArn", kmsKeyId != null ? kmsKeyId
          : "arn:aws:kms:" + region + ":000000000000:key/" + id);
      g.writeEndObject();
    }
    g.writeBooleanField("DeletionProtectionEnabled", deletionProtection);
  }

  private static void writeKeyElement(JsonGenerator g, String name, String type) throws IOException {
    g.writeStartObject();
    g.writeStringField("AttributeName", name);
    g.writeStringField("KeyType", type);
    g.writeEndObject();
  }

  /** The catalog's form: the description plus what only Tidemark needs. */
  public void writeCatalogEntry(JsonGenerator g) throws IOException {
    g.writeStartObject();
    writeDescription(g, "ACTIVE", 0, 0);
    g.writeStringField("BillingMode", billingMode);
    g.writeStringField("Region", region);
    g.writeNumberField("Shards", shards);
    g.writeNumberField("BillingModeChangeTime", billingModeChangeTime);
    if (kmsKeyId != null) {
      g.writeStringField("KmsKeyId", kmsKeyId);
    }
    if (ttlAttribute != null) {
      g.writeStringField("TimeToLiveAttribute", ttlAttribute);
    }
    g.writeObjectFieldStart("Tags");
    for (Map.Entry<String, String> e : tags.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  public static TableDescriptor readCatalogEntry(Request r) {
    Map<String, AttributeValue.Type> attributes = new LinkedHashMap<>();
    for (Object o : r.list("AttributeDefinitions")) {
      Request a = new Request(Request.asMap(o));
      attributes.put(a.string("AttributeName"), AttributeValue.Type.valueOf(a.string("AttributeType")));
    }
    String hash = null;
    String range = null;
    for (Object o : r.list("KeySchema")) {
      Request k = new Request(Request.asMap(o));
      if ("HASH".equals(k.string("KeyType"))) {
        hash = k.string("AttributeName");
      } else {
        range = k.string("AttributeName");
      }
    }
    KeySchema keySchema = new KeySchema(hash, attributes.get(hash), range, range == null ? null : attributes.get(range));
    Request pt = r.struct("ProvisionedThroughput");
    Request sse = r.struct("SSEDescription");
    Map<String, String> tags = new LinkedHashMap<>(r.stringMap("Tags"));
    return new TableDescriptor(r.string("TableName"), r.string("TableId"), r.string("Region"), keySchema, attributes,
        r.string("BillingMode"), pt.longValue("ReadCapacityUnits"), pt.longValue("WriteCapacityUnits"),
        number(r, "CreationDateTime"), number(pt, "LastIncreaseDateTime"), number(pt, "LastDecreaseDateTime"),
        pt.integer("NumberOfDecreasesToday"), number(r, "BillingModeChangeTime"), sse != null,
        sse == null ? null : sse.string("SSEType"), r.string("KmsKeyId"),
        Boolean.TRUE.equals(r.bool("DeletionProtectionEnabled")), tags, r.string("TimeToLiveAttribute"),
        r.integer("Shards"));
  }

  private static double number(Request r, String name) {
    Object v = r.raw(name);
    return v == null ? 0 : ((java.math.BigDecimal) v).doubleValue();
  }

  public List<String> keyNames() {
    List<String> names = new ArrayList<>(2);
    names.add(keySchema.hashName());
    if (keySchema.hasRange()) {
      names.add(keySchema.rangeName());
    }
    return names;
  }
}
