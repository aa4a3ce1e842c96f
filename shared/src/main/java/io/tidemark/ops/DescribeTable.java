package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;

/** DescribeTable: the descriptor with live item count and size. */
final class DescribeTable implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    c.check();
    TableView table = ctx.database().table(Tables.nameOf(name));
    if (table == null) {
      throw DynamoDbException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
    }
    out.writeStartObject();
    out.writeObjectFieldStart("Table");
    table.descriptor().writeDescription(out, table.status(), table.itemCount(), table.sizeBytes(), table::indexStats);
    out.writeEndObject();
    out.writeEndObject();
  }
}
