package io.tidemark.testing.s3;

import java.util.Set;

/**
 * What kind of S3 request an HTTP request is, in the classes S3 bills by: see
 * {@link S3TestServer#requestCounts()}.
 *
 * <p>Only path-style addressing ({@code /bucket/key}) is understood, which is what the in-process
 * server gets.
 */
public enum S3RequestKind {
    /** PutObject, conditional ones included (If-None-Match, If-Match), whatever the answer. */
    PUT,
    /** GetObject, ranged or not, whatever the answer (200, 206, 304, 404, 412, ...). */
    GET,
    /** HeadObject and HeadBucket. */
    HEAD,
    /** ListObjectsV2 (and the older ListObjects): a GET of the bucket without a sub-resource. */
    LIST,
    /** DeleteObject, and DeleteObjects (one POST {@code ?delete} naming many keys counts once). */
    DELETE,
    /** Anything else: CopyObject, multipart uploads, bucket and object sub-resources, CreateBucket, ... */
    OTHER;

    /** Query parameters of a ListObjects(V2) request; any other makes a bucket GET something else. */
    private static final Set<String> LIST_PARAMETERS = Set.of("list-type", "prefix", "delimiter", "marker",
            "max-keys", "encoding-type", "start-after", "continuation-token", "fetch-owner", "x-id");

    /** Query parameters of a GET or PUT of an object that make it an operation on the object itself. */
    private static final Set<String> OBJECT_PARAMETERS = Set.of("x-id", "versionId", "partNumber",
            "response-cache-control", "response-content-disposition", "response-content-encoding",
            "response-content-language", "response-content-type", "response-expires");

    /**
     * The kind of one request.
     *
     * @param method the HTTP method
     * @param path the request path, not decoded: {@code /bucket} or {@code /bucket/key...}
     * @param parameters the names of the query parameters
     * @param copySource whether the request has an {@code x-amz-copy-source} header
     */
    public static S3RequestKind of(String method, String path, Set<String> parameters, boolean copySource) {
        String rest = path.startsWith("/") ? path.substring(1) : path;
        if (rest.isEmpty() || rest.startsWith("/")) {
            return OTHER; // no bucket: ListBuckets
        }
        int slash = rest.indexOf('/');
        boolean object = slash >= 0 && slash < rest.length() - 1;
        switch (method) {
            case "HEAD":
                return HEAD;
            case "GET":
                if (object) {
                    return OBJECT_PARAMETERS.containsAll(parameters) ? GET : OTHER;
                }
                return LIST_PARAMETERS.containsAll(parameters) ? LIST : OTHER;
            case "PUT":
                // an upload's part has uploadId, a copy its header: both are OTHER
                return object && !copySource && OBJECT_PARAMETERS.containsAll(parameters) ? PUT : OTHER;
            case "DELETE":
                return object && (parameters.isEmpty() || Set.of("x-id", "versionId").containsAll(parameters))
                        ? DELETE : OTHER;
            case "POST":
                return !object && parameters.contains("delete") ? DELETE : OTHER;
            default:
                return OTHER;
        }
    }
}
