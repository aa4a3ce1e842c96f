package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.view.TableView;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** UntagResource: removes the tags with the given keys (keys without a tag are ignored). */
final class UntagResource implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String arn = r.string("ResourceArn");
    List<Object> keys = r.list("TagKeys");
    Constraints c = new Constraints();
    Resources.checkArn(c, arn);
    c.notNull(keys, "tagKeys");
    c.check();
    List<String> names = new ArrayList<>();
    for (Object k : keys) {
      names.add(Request.asString(k));
    }
    TableView table = Resources.table(ctx, arn, "UntagResource");
    ctx.database().modify(table, d -> {
      Map<String, String> remaining = new LinkedHashMap<>(d.tags);
      names.forEach(remaining::remove);
      return d.toBuilder().tags(remaining).build();
    });
    out.writeStartObject();
    out.writeEndObject();
  }
}
