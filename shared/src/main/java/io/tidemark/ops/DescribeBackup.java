package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.Request;
import java.io.IOException;

/** DescribeBackup: the backup, its source table as it was, and the table's features then. */
final class DescribeBackup implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String arn = r.string("BackupArn");
    Constraints c = new Constraints();
    BackupDescriptions.checkArn(c, arn);
    c.check();
    out.writeStartObject();
    BackupDescriptions.writeDescription(out, BackupDescriptions.require(ctx, arn), BackupDescriptions.AVAILABLE);
    out.writeEndObject();
  }
}
