package io.tidemark.api;

/**
 * The access key and region from a SigV4 Authorization header
 * ({@code AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, ...}).
 * Embedded mode accepts any credentials, as DynamoDB Local does; the signature is not checked.
 */
record SignatureScope(String accessKey, String region) {
  private static final String DEFAULT_REGION = "us-east-1";

  static SignatureScope parse(String authorization) {
    if (authorization != null) {
      int start = authorization.indexOf("Credential=");
      if (start >= 0) {
        int end = authorization.indexOf(',', start);
        String[] parts = authorization.substring(start + "Credential=".length(), end < 0 ? authorization.length() : end)
            .trim().split("/");
        if (parts.length >= 3) {
          return new SignatureScope(parts[0], parts[2]);
        }
      }
    }
    return new SignatureScope("anonymous", DEFAULT_REGION);
  }
}
