package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** TagResource: adds tags to a table (a tag with an existing key replaces its value); at most 50 per table. */
final class TagResource implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String arn = r.string("ResourceArn");
    Constraints c = new Constraints();
    Resources.checkArn(c, arn);
    c.notNull(r.raw("Tags"), "tags");
    c.check();
    Map<String, String> tags = Tagging.read(r.list("Tags"));
    TableView table = Resources.table(ctx, arn, "TagResource");
    ctx.database().modify(table, d -> {
      Map<String, String> merged = new LinkedHashMap<>(d.tags);
      merged.putAll(tags);
      if (merged.size() > Tagging.MAX_TAGS) {
        throw DynamoDbException.validation("One or more parameter values were invalid: Too many tags");
      }
      return d.toBuilder().tags(merged).build();
    });
    out.writeStartObject();
    out.writeEndObject();
  }
}
