package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.io.IOException;

/**
 * DescribeContinuousBackups: whether point-in-time recovery is on, and the window a restore may
 * target. The latest restorable time is now: every acknowledged write is in the log.
 */
final class DescribeContinuousBackups implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    c.check();
    TableView table = requireForBackups(ctx, name);
    out.writeStartObject();
    write(out, table.descriptor());
    out.writeEndObject();
  }

  /** The table, or TableNotFoundException (the backup operations' error for a missing table). */
  static TableView requireForBackups(CallContext ctx, String name) {
    TableView table = ctx.database().table(Tables.nameOf(name));
    if (table == null) {
      throw new DynamoDbException(ErrorType.TableNotFoundException, "Table not found: " + name);
    }
    return table;
  }

  /** The ContinuousBackupsDescription member. */
  static void write(JsonGenerator out, TableDescriptor d) throws IOException {
    out.writeObjectFieldStart("ContinuousBackupsDescription");
    out.writeStringField("ContinuousBackupsStatus", "ENABLED");
    out.writeObjectFieldStart("PointInTimeRecoveryDescription");
    out.writeStringField("PointInTimeRecoveryStatus", d.pitrEnabled ? "ENABLED" : "DISABLED");
    if (d.pitrEnabled) {
      double now = System.currentTimeMillis() / 1000.0;
      out.writeNumberField("RecoveryPeriodInDays", d.recoveryPeriodDays);
      out.writeNumberField("EarliestRestorableDateTime", PointInTimeWindow.earliest(d, now));
      out.writeNumberField("LatestRestorableDateTime", now);
    }
    out.writeEndObject();
    out.writeEndObject();
  }
}
