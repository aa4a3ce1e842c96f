package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.List;

/** ListTables: names in order, at most Limit (default 100), paged by ExclusiveStartTableName. */
final class ListTables implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    Integer limit = r.integer("Limit");
    String start = r.string("ExclusiveStartTableName");
    new Constraints().atLeast(limit, "limit", 1).atMost(limit, "limit", 100)
        .length(start, "exclusiveStartTableName", 3, 255).tableName(start, "exclusiveStartTableName").check();
    int max = limit == null ? 100 : limit;
    List<String> names = ctx.database().tableNames();
    out.writeStartObject();
    out.writeArrayFieldStart("TableNames");
    int written = 0;
    String last = null;
    boolean more = false;
    for (String name : names) {
      if (start != null && name.compareTo(start) <= 0) {
        continue;
      }
      if (written == max) {
        more = true;
        break;
      }
      out.writeString(name);
      last = name;
      written++;
    }
    out.writeEndArray();
    if (more) {
      out.writeStringField("LastEvaluatedTableName", last);
    }
    out.writeEndObject();
  }
}
