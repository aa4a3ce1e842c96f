package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.ShardView;
import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What RestoreTableToPointInTime and RestoreTableFromBackup share: the target table's definition
 * (the source's keys, indexes, capacity and encryption, each replaceable by an override; not its
 * tags, TTL, point-in-time recovery or deletion protection, which DynamoDB does not restore) and
 * its creation from the source's items as they were.
 */
final class Restores {
  private Restores() {}

  /** TargetTableName's constraints (a new table's name). */
  static void checkTargetName(Constraints c, String targetName) {
    c.notNull(targetName, "targetTableName");
    if (targetName != null) {
      c.length(targetName, "targetTableName", 3, 255).tableName(targetName, "targetTableName");
    }
  }

  /** The override members' constraints, added to {@code c}. */
  static void checkOverrides(Constraints c, Request r) {
    c.oneOf(r.string("BillingModeOverride"), "billingModeOverride", TableDescriptor.PROVISIONED,
        TableDescriptor.PAY_PER_REQUEST);
    Request throughput = r.struct("ProvisionedThroughputOverride");
    if (throughput != null) {
      Long read = throughput.longValue("ReadCapacityUnits");
      Long write = throughput.longValue("WriteCapacityUnits");
      c.notNull(read, "provisionedThroughputOverride.readCapacityUnits")
          .atLeast(read, "provisionedThroughputOverride.readCapacityUnits", 1)
          .notNull(write, "provisionedThroughputOverride.writeCapacityUnits")
          .atLeast(write, "provisionedThroughputOverride.writeCapacityUnits", 1);
    }
    IndexDefinitions.checkMembers(c, r.list("GlobalSecondaryIndexOverride"), r.list("LocalSecondaryIndexOverride"));
  }

  /** The restored table's descriptor: the source's, with the request's overrides. */
  static TableDescriptor target(Request r, CallContext ctx, TableDescriptor source, String targetName,
      TableDescriptor.RestoreSummary summary) {
    String modeOverride = r.string("BillingModeOverride");
    String mode = modeOverride != null ? modeOverride : source.billingMode;
    Request throughput = r.struct("ProvisionedThroughputOverride");
    boolean onDemand = TableDescriptor.PAY_PER_REQUEST.equals(mode);
    if (onDemand && throughput != null) {
      throw DynamoDbException.validation(modeOverride != null
          ? "Invalid Request: Cannot override ProvisionedThroughput if BillingMode is overridden to PAY_PER_REQUEST"
          : "Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED");
    }
    if (TableDescriptor.PROVISIONED.equals(modeOverride) && throughput == null) {
      throw DynamoDbException.validation("Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED");
    }
    long read = onDemand ? 0 : throughput != null ? throughput.longValue("ReadCapacityUnits")
        : Math.max(1, source.readCapacity);
    long write = onDemand ? 0 : throughput != null ? throughput.longValue("WriteCapacityUnits")
        : Math.max(1, source.writeCapacity);
    List<IndexDescriptor> local = source.localIndexes;
    List<IndexDescriptor> global = new ArrayList<>();
    if (r.has("LocalSecondaryIndexOverride") || r.has("GlobalSecondaryIndexOverride")) {
      IndexDefinitions.Parsed parsed = IndexDefinitions.parse(r.list("LocalSecondaryIndexOverride"),
          r.list("GlobalSecondaryIndexOverride"), source.keySchema, source.attributes, mode);
      if (r.has("LocalSecondaryIndexOverride")) {
        local = parsed.local();
      }
      if (r.has("GlobalSecondaryIndexOverride")) {
        global.addAll(parsed.global());
      }
    }
    if (!r.has("GlobalSecondaryIndexOverride")) {
      for (IndexDescriptor index : source.globalIndexes) {
        IndexDescriptor active = index.withStatus(IndexDescriptor.ACTIVE, false);
        global.add(onDemand ? active.withThroughput(0, 0)
            : active.withThroughput(Math.max(1, index.readCapacity), Math.max(1, index.writeCapacity)));
      }
    }
    Request sse = r.struct("SSESpecificationOverride");
    boolean sseEnabled = sse == null ? source.sseEnabled : Boolean.TRUE.equals(sse.bool("Enabled"));
    String kmsKey = sse == null ? source.kmsKeyId : sse.string("KMSMasterKeyId");
    return TableDescriptor.builder()
        .identity(targetName, UUID.randomUUID().toString(), ctx.region())
        .keys(source.keySchema, source.attributes)
        .capacity(mode, read, write)
        .creationTime(System.currentTimeMillis() / 1000.0)
        .sse(sseEnabled, sseEnabled ? "KMS" : null, sseEnabled ? kmsKey : null)
        .shards(source.shards)
        .indexes(local, global)
        .restoredFrom(summary)
        .build();
  }

  /** Creates the target from the source's shard views (sharing the source's files) and answers with its description. */
  static void create(CallContext ctx, TableDescriptor target, String sourceId, List<ShardView> views,
      long commitTimeMicros, JsonGenerator out) throws IOException {
    TableView table = ctx.database().createFrom(target, sourceId, views, commitTimeMicros);
    out.writeStartObject();
    out.writeObjectFieldStart("TableDescription");
    table.descriptor().writeDescription(out, "CREATING", table.itemCount(), table.sizeBytes(), table::indexStats);
    out.writeEndObject();
    out.writeEndObject();
  }
}
