package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;

/**
 * UpdateTimeToLive: turns TTL on (naming the expiry attribute) or off. Stored and described;
 * deleting expired items is not done yet.
 */
final class UpdateTimeToLive implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    Request spec = r.struct("TimeToLiveSpecification");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    c.notNull(spec, "timeToLiveSpecification");
    if (spec != null) {
      String attribute = spec.string("AttributeName");
      c.notNull(attribute, "timeToLiveSpecification.attributeName")
          .length(attribute, "timeToLiveSpecification.attributeName", 1, 255)
          .notNull(spec.raw("Enabled"), "timeToLiveSpecification.enabled");
    }
    c.check();
    boolean enable = spec.bool("Enabled");
    String attribute = spec.string("AttributeName");
    TableView table = Tables.require(ctx, name);
    ctx.database().modify(table, d -> {
      if (enable && d.ttlAttribute != null) {
        throw DynamoDbException.validation("TimeToLive is already enabled");
      }
      if (!enable && d.ttlAttribute == null) {
        throw DynamoDbException.validation("TimeToLive is already disabled");
      }
      if (!enable && !d.ttlAttribute.equals(attribute)) {
        throw DynamoDbException.validation("TimeToLive is active on a different AttributeName: current "
            + "AttributeName is " + d.ttlAttribute);
      }
      return d.toBuilder().timeToLive(enable ? attribute : null).build();
    });
    out.writeStartObject();
    out.writeObjectFieldStart("TimeToLiveSpecification");
    out.writeBooleanField("Enabled", enable);
    out.writeStringField("AttributeName", attribute);
    out.writeEndObject();
    out.writeEndObject();
  }
}
