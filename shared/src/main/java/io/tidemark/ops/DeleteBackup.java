package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.recovery.Backup;
import io.tidemark.view.Database;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.io.IOException;

/**
 * DeleteBackup: removes the manifest; once no backup names a deleted table, that table's
 * checkpoints and logs go too.
 */
final class DeleteBackup implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String arn = r.string("BackupArn");
    Constraints c = new Constraints();
    BackupDescriptions.checkArn(c, arn);
    c.check();
    Database db = ctx.database();
    Backup backup;
    synchronized (db) {
      backup = BackupDescriptions.require(ctx, arn);
      if (db.isBeingRestored(backup.id())) {
        throw new DynamoDbException(ErrorType.BackupInUseException, "Backup is being used to restore table: " + arn);
      }
      if (Backup.SYSTEM.equals(backup.type())) {
        throw DynamoDbException.validation("Invalid Request: User is not allowed to delete the system backup with arn "
            + arn + ". It will automatically expire on " + java.time.Instant.ofEpochMilli((long) (backup.expires() * 1000)));
      }
      db.backups().delete(backup);
      String tableId = backup.source().id;
      if (!db.isLive(tableId) && !db.isReferenced(tableId)) {
        db.storage().deleteTree("tables/" + tableId + "/");
      }
    }
    out.writeStartObject();
    BackupDescriptions.writeDescription(out, backup, BackupDescriptions.DELETED);
    out.writeEndObject();
  }
}
