package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes the response body of an operation whose work is done. */
@FunctionalInterface
public interface Reply {
  void write(JsonGenerator out) throws IOException;
}
