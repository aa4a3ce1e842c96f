package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.Request;
import java.io.IOException;

/**
 * One DynamoDB operation that is done on the calling thread: reads the request, does the work,
 * writes the response body. Operations that commit item writes are {@link CommittingOperation}s.
 */
public interface Operation {
  void execute(Request request, CallContext context, JsonGenerator out) throws IOException;
}
