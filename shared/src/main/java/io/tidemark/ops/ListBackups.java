package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.recovery.Backup;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * ListBackups: the backups, oldest first, filtered by table, creation time and type (USER unless
 * asked otherwise), a page of Limit at a time continued from ExclusiveStartBackupArn.
 */
final class ListBackups implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String table = r.string("TableName");
    Integer limit = r.integer("Limit");
    String type = r.string("BackupType");
    String start = r.string("ExclusiveStartBackupArn");
    Constraints c = new Constraints();
    if (table != null) {
      Tables.checkName(c, table);
    }
    c.atLeast(limit, "limit", 1).atMost(limit, "limit", 100)
        .oneOf(type, "backupType", "USER", "SYSTEM", "AWS_BACKUP", "ALL");
    if (start != null) {
      c.length(start, "exclusiveStartBackupArn", 37, 1024);
    }
    c.check();
    double lower = seconds(r.raw("TimeRangeLowerBound"), Double.NEGATIVE_INFINITY);
    double upper = seconds(r.raw("TimeRangeUpperBound"), Double.POSITIVE_INFINITY);
    if (lower > upper) {
      throw DynamoDbException.validation("One or more parameter values were invalid: Time range lower bound must be "
          + "less than or equal to upper bound");
    }
    List<Backup> matching = new ArrayList<>();
    for (Backup b : ctx.database().backups().list()) {
      // USER by default; SYSTEM backups are the ones deleting a table with point-in-time recovery leaves
      boolean typeMatches = "ALL".equals(type) || b.type().equals(type == null ? Backup.USER : type);
      boolean inRange = b.created() >= lower && b.created() < upper; // the upper bound is exclusive
      if (typeMatches && inRange && (table == null || b.source().name.equals(Tables.nameOf(table)))) {
        matching.add(b);
      }
    }
    int from = 0;
    if (start != null) {
      // a position, not a lookup: a deleted backup's ARN resumes where it would sort (its id starts with its time)
      String startId = start.substring(start.lastIndexOf('/') + 1);
      while (from < matching.size() && matching.get(from).id().compareTo(startId) <= 0) {
        from++;
      }
    }
    int to = limit == null ? matching.size() : Math.min(matching.size(), from + limit);
    out.writeStartObject();
    out.writeArrayFieldStart("BackupSummaries");
    for (Backup b : matching.subList(from, to)) {
      BackupDescriptions.writeSummary(out, b);
    }
    out.writeEndArray();
    if (to < matching.size()) {
      out.writeStringField("LastEvaluatedBackupArn", matching.get(to - 1).arn());
    }
    out.writeEndObject();
  }

  private static double seconds(Object raw, double absent) {
    return raw instanceof BigDecimal d ? d.doubleValue() : absent;
  }
}
