package io.tidemark.testing.s3;

/**
 * One request the in-process server answered, as {@link S3TestServer#onRequest} reports it.
 *
 * @param kind what S3 bills it as
 * @param method the HTTP method
 * @param path the request path, not decoded: {@code /bucket/key...}
 * @param query the query string, or null
 * @param status the HTTP status of the answer
 */
public record S3Request(S3RequestKind kind, String method, String path, String query, int status) {
    /** E.g. {@code PUT /tidemark-test/x/log/00000000000000000001 412}. */
    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " " + status;
    }
}
