package io.tidemark.ops;

import io.tidemark.view.Database;

/**
 * Who is calling and where: the database, the access key id that signed the request (the
 * principal recorded in every event), the region from the signature's scope, and the host the
 * client addressed (null if unknown), which DescribeEndpoints hands back.
 */
public record CallContext(Database database, String principal, String region, String host) {
}
