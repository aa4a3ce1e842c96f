package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;

/** UpdateTable: billing mode, provisioned throughput, encryption and deletion protection. */
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
    c.check();
    Request sse = r.struct("SSESpecification");
    Boolean protection = r.bool("DeletionProtectionEnabled");
    if (r.has("GlobalSecondaryIndexUpdates") || r.has("StreamSpecification") || r.has("ReplicaUpdates")) {
      throw DynamoDbException.validation("Indexes, streams and replicas are not supported by Tidemark yet");
    }
    if (billingMode == null && throughput == null && sse == null && protection == null) {
      throw DynamoDbException.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
          + "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
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
      TableDescriptor updated = changed.build();
      ctx.database().update(table, updated);
      out.writeStartObject();
      out.writeObjectFieldStart("TableDescription");
      updated.writeDescription(out, throughput != null || billingMode != null ? "UPDATING" : "ACTIVE",
          table.itemCount(), table.sizeBytes());
      out.writeEndObject();
      out.writeEndObject();
    }
  }
}
