package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;

/** DeleteTable: refused while deletion protection is on; answers the last description, DELETING. */
final class DeleteTable implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    c.check();
    String tableName = Tables.nameOf(name);
    TableView existing = ctx.database().table(tableName);
    if (existing == null) {
      throw DynamoDbException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
    }
    if (existing.descriptor().deletionProtection) {
      throw DynamoDbException.validation("Resource cannot be deleted as it is currently protected against "
          + "deletion. Disable deletion protection first.");
    }
    long count = existing.itemCount();
    long size = existing.sizeBytes();
    TableView table = ctx.database().delete(tableName);
    out.writeStartObject();
    out.writeObjectFieldStart("TableDescription");
    table.descriptor().writeDescription(out, "DELETING", count, size);
    out.writeEndObject();
    out.writeEndObject();
  }
}
