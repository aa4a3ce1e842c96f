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
  /** Local and global secondary indexes, in the order they were defined. */
  public final List<IndexDescriptor> localIndexes;
  public final List<IndexDescriptor> globalIndexes;
  /** Point-in-time recovery: whether it is on, its window, and since when (epoch seconds; 0 when off). */
  public final boolean pitrEnabled;
  public final int recoveryPeriodDays;
  public final double pitrEnabledTime;
  /** Where a restored table came from, or null. */
  public final RestoreSummary restoreSummary;

  /**
   * A restored table's shards start from another table's files (copy-on-write): shard i starts as
   * {@code tableId}'s shard {@code shard} was at log position {@code seq} (events up to commit time
   * {@code maxCommitTime}), until it has a checkpoint of its own.
   */
  public record ShardBase(String tableId, int shard, long seq, long maxCommitTime) {}

  /** Per shard, where a restored table's shard starts (empty for other tables). */
  public final List<ShardBase> shardBases;

  /** DescribeTable's RestoreSummary: the source (a backup's ARN, or a table's for a point-in-time restore) and the time restored to. */
  public record RestoreSummary(String sourceBackupArn, String sourceTableArn, double restoreDateTime) {}

  private TableDescriptor(Builder b) {
    this.name = b.name;
    this.id = b.id;
    this.region = b.region;
    this.keySchema = b.keySchema;
    this.attributes = b.attributes;
    this.billingMode = b.billingMode;
    this.readCapacity = b.readCapacity;
    this.writeCapacity = b.writeCapacity;
    this.creationTime = b.creationTime;
    this.lastIncreaseTime = b.lastIncreaseTime;
    this.lastDecreaseTime = b.lastDecreaseTime;
    this.decreasesToday = b.decreasesToday;
    this.billingModeChangeTime = b.billingModeChangeTime;
    this.sseEnabled = b.sseEnabled;
    this.sseType = b.sseType;
    this.kmsKeyId = b.kmsKeyId;
    this.deletionProtection = b.deletionProtection;
    this.tags = b.tags;
    this.ttlAttribute = b.ttlAttribute;
    this.shards = b.shards;
    this.localIndexes = List.copyOf(b.localIndexes);
    this.globalIndexes = List.copyOf(b.globalIndexes);
    this.pitrEnabled = b.pitrEnabled;
    this.recoveryPeriodDays = b.recoveryPeriodDays;
    this.pitrEnabledTime = b.pitrEnabledTime;
    this.restoreSummary = b.restoreSummary;
    this.shardBases = List.copyOf(b.shardBases);
  }

  /** The secondary index with this name, or null. */
  public IndexDescriptor index(String indexName) {
    for (List<IndexDescriptor> list : List.of(localIndexes, globalIndexes)) {
      for (IndexDescriptor i : list) {
        if (i.name.equals(indexName)) {
          return i;
        }
      }
    }
    return null;
  }

  /** Counts of one index for its description: items and bytes. */
  @FunctionalInterface
  public interface IndexStats {
    IndexStats ZERO = index -> new long[] {0, 0};

    long[] of(String indexName);
  }

  /** A new table's descriptor, member by member; {@link #toBuilder()} starts from an existing one. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same table with every global index ACTIVE (their backfills done). */
  public TableDescriptor withGlobalIndexesActive() {
    List<IndexDescriptor> active = new ArrayList<>();
    globalIndexes.forEach(i -> active.add(i.isActive() ? i : i.withStatus(IndexDescriptor.ACTIVE, false)));
    return toBuilder().indexes(localIndexes, active).build();
  }

  /** The same table with that global index ACTIVE (its backfill done); unchanged if it was deleted meanwhile. */
  public TableDescriptor withGlobalIndexActive(String indexName) {
    List<IndexDescriptor> indexes = new ArrayList<>();
    globalIndexes.forEach(i -> indexes.add(i.name.equals(indexName) ? i.withStatus(IndexDescriptor.ACTIVE, false) : i));
    return toBuilder().indexes(localIndexes, indexes).build();
  }

  /** A builder holding this descriptor's values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.id = id;
    b.region = region;
    b.keySchema = keySchema;
    b.attributes = attributes;
    b.billingMode = billingMode;
    b.readCapacity = readCapacity;
    b.writeCapacity = writeCapacity;
    b.creationTime = creationTime;
    b.lastIncreaseTime = lastIncreaseTime;
    b.lastDecreaseTime = lastDecreaseTime;
    b.decreasesToday = decreasesToday;
    b.billingModeChangeTime = billingModeChangeTime;
    b.sseEnabled = sseEnabled;
    b.sseType = sseType;
    b.kmsKeyId = kmsKeyId;
    b.deletionProtection = deletionProtection;
    b.tags = tags;
    b.ttlAttribute = ttlAttribute;
    b.shards = shards;
    b.localIndexes = localIndexes;
    b.globalIndexes = globalIndexes;
    b.pitrEnabled = pitrEnabled;
    b.recoveryPeriodDays = recoveryPeriodDays;
    b.pitrEnabledTime = pitrEnabledTime;
    b.restoreSummary = restoreSummary;
    b.shardBases = shardBases;
    return b;
  }

  /** The mutable side of a descriptor: set what differs, then {@link #build()}. */
  public static final class Builder {
    private String name;
    private String id;
    private String region;
    private KeySchema keySchema;
    private Map<String, AttributeValue.Type> attributes = Map.of();
    private String billingMode = PROVISIONED;
    private long readCapacity;
    private long writeCapacity;
    private double creationTime;
    private double lastIncreaseTime;
    private double lastDecreaseTime;
    private int decreasesToday;
    private double billingModeChangeTime;
    private boolean sseEnabled;
    private String sseType;
    private String kmsKeyId;
    private boolean deletionProtection;
    private Map<String, String> tags = Map.of();
    private String ttlAttribute;
    private int shards = 1;
    private List<IndexDescriptor> localIndexes = List.of();
    private List<IndexDescriptor> globalIndexes = List.of();
    private boolean pitrEnabled;
    private int recoveryPeriodDays = 35;
    private double pitrEnabledTime;
    private RestoreSummary restoreSummary;
    private List<ShardBase> shardBases = List.of();

    private Builder() {}

    /** Point-in-time recovery on or off, its window in days, and when it was turned on. */
    public Builder pointInTimeRecovery(boolean enabled, int periodDays, double enabledTime) {
      this.pitrEnabled = enabled;
      this.recoveryPeriodDays = periodDays;
      this.pitrEnabledTime = enabledTime;
      return this;
    }

    public Builder shardBases(List<ShardBase> bases) {
      this.shardBases = bases;
      return this;
    }

    public Builder restoredFrom(RestoreSummary summary) {
      this.restoreSummary = summary;
      return this;
    }

    public Builder indexes(List<IndexDescriptor> local, List<IndexDescriptor> global) {
      this.localIndexes = local;
      this.globalIndexes = global;
      return this;
    }

    public Builder identity(String name, String id, String region) {
      this.name = name;
      this.id = id;
      this.region = region;
      return this;
    }

    public Builder keys(KeySchema keySchema, Map<String, AttributeValue.Type> attributes) {
      this.keySchema = keySchema;
      this.attributes = attributes;
      return this;
    }

    public Builder capacity(String billingMode, long read, long write) {
      this.billingMode = billingMode;
      this.readCapacity = read;
      this.writeCapacity = write;
      return this;
    }

    /** When capacity last went up and down, how many decreases today, when the billing mode last changed. */
    public Builder capacityHistory(double lastIncrease, double lastDecrease, int decreases, double billingModeChange) {
      this.lastIncreaseTime = lastIncrease;
      this.lastDecreaseTime = lastDecrease;
      this.decreasesToday = decreases;
      this.billingModeChangeTime = billingModeChange;
      return this;
    }

    public Builder creationTime(double creationTime) {
      this.creationTime = creationTime;
      return this;
    }

    public Builder sse(boolean enabled, String type, String kmsKeyId) {
      this.sseEnabled = enabled;
      this.sseType = type;
      this.kmsKeyId = kmsKeyId;
      return this;
    }

    public Builder deletionProtection(boolean enabled) {
      this.deletionProtection = enabled;
      return this;
    }

    public Builder tags(Map<String, String> tags) {
      this.tags = tags;
      return this;
    }

    /** TTL on the given attribute, or off (null). */
    public Builder timeToLive(String attribute) {
      this.ttlAttribute = attribute;
      return this;
    }

    public Builder shards(int shards) {
      this.shards = shards;
      return this;
    }

    public TableDescriptor build() {
      return new TableDescriptor(this);
    }
  }

  public String arn() {
    return "arn:aws:dynamodb:" + region + ":000000000000:table/" + name;
  }

  /** Writes the TableDescription members that do not change with the data. */
  public void writeDescription(JsonGenerator g, String status, long itemCount, long sizeBytes) throws IOException {
    writeDescription(g, status, itemCount, sizeBytes, IndexStats.ZERO);
  }

  /** As above, with each index's counts. */
  public void writeDescription(JsonGenerator g, String status, long itemCount, long sizeBytes, IndexStats stats)
      throws IOException {
    g.writeArrayFieldStart("AttributeDefinitions");
    for (Map.Entry<String, AttributeValue.Type> e : attributes.entrySet()) {
      g.writeStartObject();
      g.writeStringField("AttributeName", e.getKey());
      g.writeStringField("AttributeType", e.getValue().name());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("TableName", name);
    keySchema.write(g);
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
    if (restoreSummary != null && "CREATING".equals(status)) {
      // shown while the restore is in progress: in the restore's own answer (DynamoDB drops it once ACTIVE)
      g.writeObjectFieldStart("RestoreSummary");
      if (restoreSummary.sourceBackupArn() != null) {
        g.writeStringField("SourceBackupArn", restoreSummary.sourceBackupArn());
      }
      g.writeStringField("SourceTableArn", restoreSummary.sourceTableArn());
      g.writeNumberField("RestoreDateTime", restoreSummary.restoreDateTime());
      g.writeBooleanField("RestoreInProgress", true);
      g.writeEndObject();
    }
    writeIndexes(g, "LocalSecondaryIndexes", localIndexes, stats, false);
    // a table being created shows its global indexes being created too (CreateTable's answer)
    writeIndexes(g, "GlobalSecondaryIndexes", globalIndexes, stats, "CREATING".equals(status));
    g.writeBooleanField("DeletionProtectionEnabled", deletionProtection);
  }

  /** The index members of a description, with zero counts (a backup's SourceTableFeatureDetails). */
  public void writeIndexDefinitions(JsonGenerator g) throws IOException {
    writeIndexes(g, "LocalSecondaryIndexes", localIndexes, IndexStats.ZERO, false);
    writeIndexes(g, "GlobalSecondaryIndexes", globalIndexes, IndexStats.ZERO, false);
  }

  private void writeIndexes(JsonGenerator g, String member, List<IndexDescriptor> indexes, IndexStats stats,
      boolean creating) throws IOException {
    if (indexes.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(member);
    for (IndexDescriptor i : indexes) {
      long[] counts = stats.of(i.name);
      (creating ? i.withStatus(IndexDescriptor.CREATING, false) : i).writeDescription(g, this, counts[0], counts[1]);
    }
    g.writeEndArray();
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
    g.writeObjectFieldStart("PointInTimeRecovery");
    g.writeBooleanField("Enabled", pitrEnabled);
    g.writeNumberField("RecoveryPeriodInDays", recoveryPeriodDays);
    g.writeNumberField("EnabledTime", pitrEnabledTime);
    g.writeEndObject();
    if (!shardBases.isEmpty()) {
      g.writeArrayFieldStart("ShardBases");
      for (ShardBase base : shardBases) {
        g.writeStartObject();
        g.writeStringField("TableId", base.tableId());
        g.writeNumberField("Shard", base.shard());
        g.writeNumberField("Seq", base.seq());
        g.writeNumberField("MaxCommitTime", base.maxCommitTime());
        g.writeEndObject();
      }
      g.writeEndArray();
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
    KeySchema keySchema = KeySchema.read(r, attributes);
    Request pt = r.struct("ProvisionedThroughput");
    Request sse = r.struct("SSEDescription");
    Map<String, String> tags = new LinkedHashMap<>(r.stringMap("Tags"));
    List<ShardBase> bases = new ArrayList<>();
    List<Object> rawBases = r.list("ShardBases");
    if (rawBases != null) {
      for (Object o : rawBases) {
        Request b = new Request(Request.asMap(o));
        bases.add(new ShardBase(b.string("TableId"), b.integer("Shard"), b.longValue("Seq"), b.longValue("MaxCommitTime")));
      }
    }
    Request pitr = r.struct("PointInTimeRecovery");
    Request restore = r.struct("RestoreSummary");
    return builder()
        .shardBases(bases)
        .pointInTimeRecovery(pitr != null && Boolean.TRUE.equals(pitr.bool("Enabled")),
            pitr == null ? 35 : pitr.integer("RecoveryPeriodInDays"), pitr == null ? 0 : number(pitr, "EnabledTime"))
        .restoredFrom(restore == null ? null : new RestoreSummary(restore.string("SourceBackupArn"),
            restore.string("SourceTableArn"), number(restore, "RestoreDateTime")))
        .indexes(readIndexes(r, "LocalSecondaryIndexes", IndexDescriptor.Kind.LOCAL, attributes),
            readIndexes(r, "GlobalSecondaryIndexes", IndexDescriptor.Kind.GLOBAL, attributes))
        .identity(r.string("TableName"), r.string("TableId"), r.string("Region"))
        .keys(keySchema, attributes)
        .capacity(r.string("BillingMode"), pt.longValue("ReadCapacityUnits"), pt.longValue("WriteCapacityUnits"))
        .capacityHistory(number(pt, "LastIncreaseDateTime"), number(pt, "LastDecreaseDateTime"),
            pt.integer("NumberOfDecreasesToday"), number(r, "BillingModeChangeTime"))
        .creationTime(number(r, "CreationDateTime"))
        .sse(sse != null, sse == null ? null : sse.string("SSEType"), r.string("KmsKeyId"))
        .deletionProtection(Boolean.TRUE.equals(r.bool("DeletionProtectionEnabled")))
        .tags(tags)
        .timeToLive(r.string("TimeToLiveAttribute"))
        .shards(r.integer("Shards"))
        .build();
  }

  private static List<IndexDescriptor> readIndexes(Request r, String member, IndexDescriptor.Kind kind,
      Map<String, AttributeValue.Type> attributes) {
    List<IndexDescriptor> indexes = new ArrayList<>();
    List<Object> raw = r.list(member);
    if (raw != null) {
      for (Object o : raw) {
        indexes.add(IndexDescriptor.read(new Request(Request.asMap(o)), kind, attributes));
      }
    }
    return indexes;
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
