package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.Request;
import java.io.IOException;

/**
 * DescribeLimits: DynamoDB's default quotas for provisioned capacity (80,000 units per account and
 * 40,000 per table, for reads and for writes), which are also what Tidemark accepts.
 */
final class DescribeLimits implements Operation {
  static final long ACCOUNT_MAX_UNITS = 80_000;
  static final long TABLE_MAX_UNITS = 40_000;

  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeNumberField("AccountMaxReadCapacityUnits", ACCOUNT_MAX_UNITS);
    out.writeNumberField("AccountMaxWriteCapacityUnits", ACCOUNT_MAX_UNITS);
    out.writeNumberField("TableMaxReadCapacityUnits", TABLE_MAX_UNITS);
    out.writeNumberField("TableMaxWriteCapacityUnits", TABLE_MAX_UNITS);
    out.writeEndObject();
  }
}
