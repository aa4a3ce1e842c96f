package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.view.TableView;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.Map;

/** ListTagsOfResource: a table's tags as [{Key, Value}] (at most 50, so always one page). */
final class ListTagsOfResource implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String arn = r.string("ResourceArn");
    Constraints c = new Constraints();
    Resources.checkArn(c, arn);
    c.check();
    TableView table = Resources.table(ctx, arn, "ListTagsOfResource");
    out.writeStartObject();
    out.writeArrayFieldStart("Tags");
    for (Map.Entry<String, String> t : table.descriptor().tags.entrySet()) {
      out.writeStartObject();
      out.writeStringField("Key", t.getKey());
      out.writeStringField("Value", t.getValue());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }
}
