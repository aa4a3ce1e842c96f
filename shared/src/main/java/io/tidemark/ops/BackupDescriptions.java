package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.recovery.Backup;
import io.tidemark.table.TableDescriptor;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import java.io.IOException;

/** How the backup operations describe a backup: BackupDetails, BackupDescription, BackupSummary. */
final class BackupDescriptions {
  static final String AVAILABLE = "AVAILABLE";
  static final String DELETED = "DELETED";

  private BackupDescriptions() {}

  private static final java.util.regex.Pattern BACKUP_ARN = java.util.regex.Pattern.compile(
      "arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/[a-zA-Z0-9_.-]{3,255}/backup/\\d{14}-[0-9a-f]{8}");

  /** The BackupArn member's constraints. */
  static void checkArn(Constraints c, String arn) {
    c.notNull(arn, "backupArn");
    if (arn != null) {
      c.length(arn, "backupArn", 37, 1024);
    }
  }

  static Backup require(CallContext ctx, String arn) {
    if (!BACKUP_ARN.matcher(arn).matches()) {
      throw DynamoDbException.validation("Invalid Backup ARN");
    }
    Backup backup = ctx.database().backups().get(arn);
    if (backup == null) {
      throw new DynamoDbException(ErrorType.BackupNotFoundException, "Backup not found: " + arn);
    }
    return backup;
  }

  static void writeDetails(JsonGenerator g, Backup b, String status) throws IOException {
    g.writeObjectFieldStart("BackupDetails");
    g.writeStringField("BackupArn", b.arn());
    g.writeStringField("BackupName", b.name());
    g.writeNumberField("BackupSizeBytes", b.sizeBytes());
    g.writeStringField("BackupStatus", status);
    g.writeStringField("BackupType", b.type());
    g.writeNumberField("BackupCreationDateTime", b.created());
    if (b.expires() > 0) {
      g.writeNumberField("BackupExpiryDateTime", b.expires());
    }
    g.writeEndObject();
  }

  /** DescribeBackup's and DeleteBackup's BackupDescription. */
  static void writeDescription(JsonGenerator g, Backup b, String status) throws IOException {
    TableDescriptor t = b.source();
    g.writeObjectFieldStart("BackupDescription");
    writeDetails(g, b, status);
    g.writeObjectFieldStart("SourceTableDetails");
    g.writeStringField("TableName", t.name);
    g.writeStringField("TableId", t.id);
    g.writeStringField("TableArn", t.arn());
    g.writeNumberField("TableSizeBytes", b.sizeBytes());
    t.keySchema.write(g);
    g.writeNumberField("TableCreationDateTime", t.creationTime);
    g.writeObjectFieldStart("ProvisionedThroughput");
    g.writeNumberField("ReadCapacityUnits", t.readCapacity);
    g.writeNumberField("WriteCapacityUnits", t.writeCapacity);
    g.writeEndObject();
    g.writeNumberField("ItemCount", b.itemCount());
    g.writeStringField("BillingMode", t.billingMode);
    g.writeEndObject();
    g.writeObjectFieldStart("SourceTableFeatureDetails");
    t.writeIndexDefinitions(g);
    if (t.ttlAttribute != null) {
      g.writeObjectFieldStart("TimeToLiveDescription");
      g.writeStringField("TimeToLiveStatus", "ENABLED");
      g.writeStringField("AttributeName", t.ttlAttribute);
      g.writeEndObject();
    }
    if (t.sseEnabled) {
      g.writeObjectFieldStart("SSEDescription");
      g.writeStringField("Status", "ENABLED");
      g.writeStringField("SSEType", t.sseType);
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** ListBackups' BackupSummary. */
  static void writeSummary(JsonGenerator g, Backup b) throws IOException {
    TableDescriptor t = b.source();
    g.writeStartObject();
    g.writeStringField("TableName", t.name);
    g.writeStringField("TableId", t.id);
    g.writeStringField("TableArn", t.arn());
    g.writeStringField("BackupArn", b.arn());
    g.writeStringField("BackupName", b.name());
    g.writeNumberField("BackupCreationDateTime", b.created());
    if (b.expires() > 0) {
      g.writeNumberField("BackupExpiryDateTime", b.expires());
    }
    g.writeStringField("BackupStatus", AVAILABLE);
    g.writeStringField("BackupType", b.type());
    g.writeNumberField("BackupSizeBytes", b.sizeBytes());
    g.writeEndObject();
  }
}
