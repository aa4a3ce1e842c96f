package io.tidemark.partiql;

/**
 * One ORDER BY key of a SELECT. The parser only checks the form (a bare attribute name, after a
 * WHERE clause); the executor checks that it is a key attribute, with {@link
 * PartiQlMessages#ORDER_BY_NOT_KEY}, and that WHERE has a hash key equality ({@link
 * PartiQlMessages#ORDER_BY_WITHOUT_HASH_KEY}), as the AWS select page requires.
 */
public record OrderBy(String attribute, boolean descending) {}
