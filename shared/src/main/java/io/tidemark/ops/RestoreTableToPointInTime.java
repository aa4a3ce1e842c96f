package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.Database;
import io.tidemark.view.ShardView;
import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * RestoreTableToPointInTime: a new table holding the source's items as they were at a moment of
 * its recovery window, to the microsecond. Each source shard's view is rebuilt from its newest
 * checkpoint before that moment plus the log's events up to it; a transaction's events share one
 * commit time, so it is restored whole or not at all. The source keeps serving meanwhile.
 */
final class RestoreTableToPointInTime implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String sourceName = r.string("SourceTableName");
    String sourceArn = r.string("SourceTableArn");
    String targetName = r.string("TargetTableName");
    Constraints c = new Constraints();
    if (sourceName != null) {
      Tables.checkName(c, sourceName, "sourceTableName");
    }
    Restores.checkTargetName(c, targetName);
    Restores.checkOverrides(c, r);
    c.check();
    boolean latest = Boolean.TRUE.equals(r.bool("UseLatestRestorableTime"));
    BigDecimal at = r.raw("RestoreDateTime") instanceof BigDecimal d ? d : null;
    if (latest && at != null) {
      throw DynamoDbException.validation("Invalid Request: Both RestoreDateTime and UseLatestRestorableTime cannot be "
          + "set for point-in-time restore request. Please specify either RestoreDateTime time or "
          + "UseLatestRestorableTime");
    }
    if (!latest && at == null) {
      throw DynamoDbException.validation(
          "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both");
    }
    if (sourceName == null && sourceArn == null) {
      throw DynamoDbException.validation("The parameter 'TableName' is required but was not present in the request");
    }
    if (sourceName != null && sourceArn != null) {
      throw DynamoDbException.validation("Must provide exactly one of: sourceTableArn, sourceTableName");
    }
    TableView source = DescribeContinuousBackups.requireForBackups(ctx,
        sourceName != null ? sourceName : Tables.nameOf(sourceArn));
    TableDescriptor d = source.descriptor();
    if (!d.pitrEnabled) {
      throw new DynamoDbException(ErrorType.PointInTimeRecoveryUnavailableException,
          "Point in time recovery is not enabled for table '" + d.name + "'");
    }
    double now = System.currentTimeMillis() / 1000.0;
    double earliest = PointInTimeWindow.earliest(d, now);
    double seconds = latest ? now : at.doubleValue();
    if (seconds < earliest || seconds > now) {
      throw new DynamoDbException(ErrorType.InvalidRestoreTimeException, "RestoreDateTime '"
          + PointInTimeWindow.format(seconds) + "' must be within EarliestRestorableDateTime '"
          + PointInTimeWindow.format(earliest) + "' and LatestRestorableDateTime '" + PointInTimeWindow.format(now) + "'");
    }
    if (ctx.database().table(targetName) != null) { // checked last, as DynamoDB does
      throw new DynamoDbException(ErrorType.TableAlreadyExistsException, "Table already exists: " + targetName);
    }
    long micros = latest ? Long.MAX_VALUE : at.movePointRight(6).longValue();
    long bound = TableView.cut(micros);
    try (Database.RestoreReservation reserved = ctx.database().reserveRestore(targetName, d.arn(), null, d.id)) {
      List<ShardView> views = source.viewsAsOf(bound);
      TableDescriptor target = Restores.target(r, ctx, d, targetName,
          new TableDescriptor.RestoreSummary(null, d.arn(), seconds));
      Restores.create(ctx, target, d.id, views, bound, out);
    }
  }
}
