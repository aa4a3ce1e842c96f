package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.TableDescriptor;
import io.tidemark.wire.Request;
import java.io.IOException;

/** DescribeTimeToLive: ENABLED with the attribute name, or DISABLED. */
final class DescribeTimeToLive implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    c.check();
    TableDescriptor d = Tables.require(ctx, name).descriptor();
    out.writeStartObject();
    out.writeObjectFieldStart("TimeToLiveDescription");
    out.writeStringField("TimeToLiveStatus", d.ttlAttribute == null ? "DISABLED" : "ENABLED");
    if (d.ttlAttribute != null) {
      out.writeStringField("AttributeName", d.ttlAttribute);
    }
    out.writeEndObject();
    out.writeEndObject();
  }
}
