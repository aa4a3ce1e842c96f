package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;

/**
 * UpdateContinuousBackups: turns point-in-time recovery on or off and sets its window
 * (RecoveryPeriodInDays, 1 to 35). Turning it on again starts a new window: as in DynamoDB, a
 * restore cannot reach back before recovery was last turned on.
 */
final class UpdateContinuousBackups implements Operation {
  static final int MAX_PERIOD_DAYS = 35;

  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    Request spec = r.struct("PointInTimeRecoverySpecification");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    c.notNull(spec, "pointInTimeRecoverySpecification");
    Integer period = spec == null ? null : spec.integer("RecoveryPeriodInDays");
    if (spec != null) {
      c.notNull(spec.raw("PointInTimeRecoveryEnabled"), "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled")
          .atLeast(period, "pointInTimeRecoverySpecification.recoveryPeriodInDays", 1)
          .atMost(period, "pointInTimeRecoverySpecification.recoveryPeriodInDays", MAX_PERIOD_DAYS);
    }
    c.check();
    boolean enable = spec.bool("PointInTimeRecoveryEnabled");
    if (!enable && period != null) {
      throw DynamoDbException.validation(
          "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.");
    }
    TableView table = DescribeContinuousBackups.requireForBackups(ctx, name);
    double now = System.currentTimeMillis() / 1000.0;
    // enabling again keeps the window's start; disabling forgets the period (35 when enabled again)
    TableDescriptor updated = ctx.database().modify(table, d -> d.toBuilder()
        .pointInTimeRecovery(enable, !enable ? MAX_PERIOD_DAYS : period != null ? period
            : d.pitrEnabled ? d.recoveryPeriodDays : MAX_PERIOD_DAYS, !enable ? 0 : d.pitrEnabled ? d.pitrEnabledTime : now)
        .build());
    out.writeStartObject();
    DescribeContinuousBackups.write(out, updated);
    out.writeEndObject();
  }
}
