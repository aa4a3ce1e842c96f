package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.recovery.Backup;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.Database;
import io.tidemark.view.ShardView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RestoreTableFromBackup: a new table holding the items the backup's cut names: each source
 * shard's newest checkpoint at or before its position, plus its log up to it. Works after the
 * source table was deleted.
 */
final class RestoreTableFromBackup implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String targetName = r.string("TargetTableName");
    String arn = r.string("BackupArn");
    Constraints c = new Constraints();
    Restores.checkTargetName(c, targetName);
    BackupDescriptions.checkArn(c, arn);
    Restores.checkOverrides(c, r);
    c.check();
    Backup backup = BackupDescriptions.require(ctx, arn);
    if (ctx.database().table(targetName) != null) {
      throw new DynamoDbException(ErrorType.TableAlreadyExistsException, "Table already exists: " + targetName);
    }
    TableDescriptor source = backup.source();
    try (Database.RestoreReservation reserved = ctx.database().reserveRestore(targetName, arn, backup.id(), source.id)) {
      if (!ctx.database().isCurrent(backup)) {
        ctx.database().awaitBackupCheckpoint(backup.id()); // then each shard loads one checkpoint
      }
      List<ShardView> views = new ArrayList<>();
      long cutTime = 0; // the commit time of the newest event in the backup's cut
      for (int shard = 0; shard < backup.positions().size(); shard++) {
        long[] position = backup.positions().get(shard);
        views.add(ctx.database().shardAsOf(source, shard, position[0]));
        cutTime = Math.max(cutTime, position[1]);
      }
      TableDescriptor target = Restores.target(r, ctx, source, targetName,
          new TableDescriptor.RestoreSummary(backup.arn(), source.arn(), backup.created()));
      Restores.create(ctx, target, source.id, views, cutTime, out);
    }
  }
}
