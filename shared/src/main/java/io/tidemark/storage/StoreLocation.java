package io.tidemark.storage;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a database lives: {@code s3://BUCKET[/PREFIX]} or a local directory. The background
 * functions are configured with one ({@code TIDEMARK_STORE}) and receive S3 events naming
 * objects by bucket and full key; {@link #keyWithin} turns such a key into the store's own.
 */
public record StoreLocation(String bucket, String prefix, Path directory) {

  public static StoreLocation parse(String location) {
    if (location.startsWith("s3:")) {
      URI uri = URI.create(location);
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new IllegalArgumentException("expected s3://BUCKET[/PREFIX], not " + location);
      }
      String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "");
      if (!prefix.isEmpty() && !prefix.endsWith("/")) {
        prefix += "/";
      }
      return new StoreLocation(uri.getHost(), prefix, null);
    }
    return new StoreLocation(null, null, Path.of(location));
  }

  /**
   * The store a function's environment names: {@code TIDEMARK_STORE}, required.
   *
   * @throws IllegalStateException if it is not set
   */
  public static StoreLocation fromEnvironment(java.util.Map<String, String> environment) {
    String store = environment.get("TIDEMARK_STORE");
    if (store == null || store.isBlank()) {
      throw new IllegalStateException("TIDEMARK_STORE is not set: s3://BUCKET/PREFIX of the database");
    }
    return parse(store);
  }

  /** Opens the store with the S3 endpoint a function's environment names ({@code TIDEMARK_S3_ENDPOINT}), if any. */
  public Storage open(java.util.Map<String, String> environment) {
    String endpoint = environment.getOrDefault("TIDEMARK_S3_ENDPOINT", "");
    return open(endpoint.isBlank() ? null : URI.create(endpoint));
  }

  public boolean isS3() {
    return bucket != null;
  }

  /** Opens the store; {@code s3Endpoint} names another S3-compatible service (null: AWS's). */
  public Storage open(URI s3Endpoint) {
    return isS3() ? S3Storage.open(this, s3Endpoint) : new LocalStorage(directory, true);
  }

  /**
   * The store's own key of an object an S3 event names, or null if the object is not in this
   * store. A local store takes the key as its own (sample events replayed against a directory).
   */
  public String keyWithin(String objectBucket, String objectKey) {
    if (!isS3()) {
      return objectKey;
    }
    return bucket.equals(objectBucket) && objectKey.startsWith(prefix) ? objectKey.substring(prefix.length()) : null;
  }
}
