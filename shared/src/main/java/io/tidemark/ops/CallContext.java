package io.tidemark.ops;

import io.tidemark.view.Database;

/**
 * Who is calling and where: the database, the access key id that signed the request (the
 * principal recorded in every event), the region from the signature's scope, the host the client
 * addressed (null if unknown), which DescribeEndpoints hands back, and the moment GetItem, Query
 * and Scan read as of ({@link #AS_OF_HEADER}; null: now).
 */
public record CallContext(Database database, String principal, String region, String host, String asOf) {
  /** Tidemark's own request header: read the table as it was at this moment (ISO-8601 or epoch seconds). */
  public static final String AS_OF_HEADER = "X-Tidemark-As-Of";

  public CallContext(Database database, String principal, String region, String host) {
    this(database, principal, region, host, null);
  }
}
