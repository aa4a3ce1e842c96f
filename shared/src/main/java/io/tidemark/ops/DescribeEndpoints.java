package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.Request;
import java.io.IOException;

/**
 * DescribeEndpoints: the address to use, with DynamoDB's cache period of 1440 minutes. Tidemark
 * answers with the host the client called, so clients that discover endpoints stay on it.
 */
final class DescribeEndpoints implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String address = ctx.host() != null ? ctx.host() : "dynamodb." + ctx.region() + ".amazonaws.com";
    out.writeStartObject();
    out.writeArrayFieldStart("Endpoints");
    out.writeStartObject();
    out.writeStringField("Address", address);
    out.writeNumberField("CachePeriodInMinutes", 1440);
    out.writeEndObject();
    out.writeEndArray();
    out.writeEndObject();
  }
}
