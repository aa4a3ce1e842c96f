package io.tidemark.ops;

import io.tidemark.view.Database;

/**
 * Who is calling and where: the database, the access key id that signed the request (the
 * principal recorded in every event) and the region from the signature's scope.
 */
public record CallContext(Database database, String principal, String region) {
}
