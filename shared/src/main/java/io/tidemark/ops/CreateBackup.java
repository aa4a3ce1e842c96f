package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.recovery.Backup;
import io.tidemark.view.TableView;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.Arrays;

/**
 * CreateBackup: writes a manifest of the table's definition and one consistent cut of its shards'
 * log positions. Nothing is copied, so it takes the same time whatever the table's size; the
 * checkpoints and log segments it names are kept while it exists, even after DeleteTable.
 */
final class CreateBackup implements Operation {
  /** Not ThreadLocalRandom: Lambda instances restored from one SnapStart snapshot would share its seed. */
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    String backupName = r.string("BackupName");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    c.notNull(backupName, "backupName");
    if (backupName != null) {
      c.length(backupName, "backupName", 3, 255).tableName(backupName, "backupName");
    }
    c.check();
    Backup backup;
    synchronized (ctx.database()) { // DeleteTable cannot drop the data between the cut and the manifest
      TableView table = DescribeContinuousBackups.requireForBackups(ctx, name);
      long millis = System.currentTimeMillis();
      String id = String.format("%014d-%08x", millis, RANDOM.nextInt());
      long[][] positions = table.consistentPositions();
      backup = new Backup(id, backupName, millis / 1000.0, table.sizeBytes(), table.itemCount(), table.descriptor(),
          Arrays.asList(positions));
      ctx.database().backups().put(backup);
    }
    ctx.database().checkpointBackup(backup);
    out.writeStartObject();
    // DynamoDB answers CREATING and describes the backup AVAILABLE moments later; here it already is
    BackupDescriptions.writeDetails(out, backup, "CREATING");
    out.writeEndObject();
  }
}
