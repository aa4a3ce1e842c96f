package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.IndexDescriptor;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * UpdateTable: billing mode, provisioned throughput, encryption, deletion protection, and global
 * secondary indexes (created with a backfill from the table while writes go on, deleted, or given
 * other throughput).
 */
final class UpdateTable implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    String billingMode = r.string("BillingMode");
    Request throughput = r.struct("ProvisionedThroughput");
    Long read = throughput == null ? null : throughput.longValue("ReadCapacityUnits");
    Long write = throughput == null ? null : throughput.longValue("WriteCapacityUnits");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    c.oneOf(billingMode, "billingMode", TableDescriptor.PROVISIONED, TableDescriptor.PAY_PER_REQUEST);
    if (throughput != null) {
      c.notNull(read, "provisionedThroughput.readCapacityUnits")
          .atLeast(read, "provisionedThroughput.readCapacityUnits", 1)
          .notNull(write, "provisionedThroughput.writeCapacityUnits")
          .atLeast(write, "provisionedThroughput.writeCapacityUnits", 1);
    }
    Map<String, AttributeValue.Type> definitions = CreateTable.attributeDefinitions(c, r.list("AttributeDefinitions"));
    GlobalIndexUpdates indexUpdates = GlobalIndexUpdates.read(r, c);
    c.check();
    Request sse = r.struct("SSESpecification");
    Boolean protection = r.bool("DeletionProtectionEnabled");
    if (r.has("StreamSpecification") || r.has("ReplicaUpdates")) {
      throw DynamoDbException.validation("Streams and replicas are not supported by Tidemark yet");
    }
    if (indexUpdates != null && indexUpdates.isEmpty()) {
      indexUpdates = null;
    }
    if (billingMode == null && throughput == null && sse == null && protection == null && indexUpdates == null) {
      throw DynamoDbException.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
          + "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
    }
    if (indexUpdates != null) {
      indexUpdates.checkShape();
    }
    TableView table = Tables.require(ctx, name);
    synchronized (table) {
      TableDescriptor d = table.descriptor();
      String mode = billingMode == null ? d.billingMode : billingMode;
      if (mode.equals(TableDescriptor.PAY_PER_REQUEST) && throughput != null) {
        throw DynamoDbException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits "
            + "nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
      }
      if (mode.equals(TableDescriptor.PROVISIONED) && !d.billingMode.equals(mode) && throughput == null) {
        throw DynamoDbException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
            + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
      }
      if (throughput != null && mode.equals(d.billingMode) && read == d.readCapacity && write == d.writeCapacity) {
        throw DynamoDbException.validation("The provisioned throughput for the table will not change. The requested "
            + "value equals the current value. Current ReadCapacityUnits provisioned for the table: " + d.readCapacity
            + ". Requested ReadCapacityUnits: " + read + ". Current WriteCapacityUnits provisioned for the table: "
            + d.writeCapacity + ". Requested WriteCapacityUnits: " + write + ". Refer to the Amazon DynamoDB "
            + "Developer Guide for current limits and how to request higher limits.");
      }
      double now = System.currentTimeMillis() / 1000.0;
      long newRead = mode.equals(TableDescriptor.PAY_PER_REQUEST) ? 0 : throughput != null ? read : d.readCapacity;
      long newWrite = mode.equals(TableDescriptor.PAY_PER_REQUEST) ? 0 : throughput != null ? write : d.writeCapacity;
      boolean increase = newRead > d.readCapacity || newWrite > d.writeCapacity;
      boolean decrease = newRead < d.readCapacity || newWrite < d.writeCapacity;
      TableDescriptor.Builder changed = d.toBuilder()
          .capacity(mode, newRead, newWrite)
          .capacityHistory(increase ? now : d.lastIncreaseTime, decrease ? now : d.lastDecreaseTime,
              d.decreasesToday + (decrease ? 1 : 0), mode.equals(d.billingMode) ? d.billingModeChangeTime : now);
      if (sse != null) {
        boolean enabled = Boolean.TRUE.equals(sse.bool("Enabled"));
        changed.sse(enabled, enabled ? "KMS" : null, enabled ? sse.string("KMSMasterKeyId") : null);
      }
      if (protection != null) {
        changed.deletionProtection(protection);
      }
      GlobalIndexUpdates.Outcome indexes = indexUpdates == null ? null : indexUpdates.apply(d, definitions, mode);
      if (indexes != null) {
        changed.keys(d.keySchema, indexes.attributes()).indexes(d.localIndexes, indexes.globalIndexes());
      } else if (!mode.equals(d.billingMode)) {
        changed.indexes(d.localIndexes, globalIndexesIn(mode, d));
      }
      TableDescriptor updated = changed.build();
      ctx.database().update(table, updated);
      if (indexes != null && indexes.deleted() != null) {
        table.dropGlobalIndex(indexes.deleted().name);
      }
      if (indexes != null && indexes.created() != null) {
        String index = indexes.created().name;
        table.addGlobalIndex(indexes.created(), ctx.database().executor(),
            () -> ctx.database().modify(table, t -> t.withGlobalIndexActive(index)));
      }
      out.writeStartObject();
      out.writeObjectFieldStart("TableDescription");
      TableDescriptor shown = updated;
      if (indexes != null && indexes.deleted() != null) {
        // the deleted index shows once, as being deleted (it is gone from later descriptions)
        List<IndexDescriptor> withDeleted = new ArrayList<>(updated.globalIndexes);
        withDeleted.add(indexes.deleted().withStatus("DELETING", false));
        shown = updated.toBuilder().indexes(updated.localIndexes, withDeleted).build();
      }
      shown.writeDescription(out, throughput != null || billingMode != null || indexes != null ? "UPDATING" : "ACTIVE",
          table.itemCount(), table.sizeBytes(), table::indexStats);
      out.writeEndObject();
      out.writeEndObject();
    }
  }

  /** A change of billing mode applies to the global indexes too: on-demand indexes have no throughput of their own. */
  private static List<IndexDescriptor> globalIndexesIn(String mode, TableDescriptor d) {
    List<IndexDescriptor> indexes = new ArrayList<>();
    for (IndexDescriptor i : d.globalIndexes) {
      indexes.add(mode.equals(TableDescriptor.PAY_PER_REQUEST) ? i.withThroughput(0, 0)
          : i.withThroughput(d.readCapacity > 0 ? d.readCapacity : 1, d.writeCapacity > 0 ? d.writeCapacity : 1));
    }
    return indexes;
  }

}
