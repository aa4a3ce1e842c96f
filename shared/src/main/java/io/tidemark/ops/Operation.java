package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.Request;
import java.io.IOException;

/** One DynamoDB operation: reads the request, does the work, writes the response body. */
public interface Operation {
  void execute(Request request, CallContext context, JsonGenerator out) throws IOException;
}
