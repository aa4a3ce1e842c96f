package io.tidemark.storage;

import io.tidemark.log.EventLog;
import io.tidemark.log.RecordLog;
import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Serverless mode: everything in one S3 bucket under a prefix, laid out as on local disk
 * ({@code catalog/}, {@code tables/<id>/s<shard>/log/} and {@code ckpt/}, {@code backups/},
 * {@code txlog/}), except that a shard's log is one object per commit batch ({@link S3EventLog}).
 * Every object is written with server-side encryption: a table's log objects and checkpoints as
 * the table's SSESpecification says ({@link Encryption}), everything else with SSE-S3.
 */
public final class S3Storage implements Storage {
  private final S3Client s3;
  private final boolean ownsClient;
  private final S3BlobStore blobs;

  /** @param prefix where the database lives in the bucket: empty, or ending with '/' */
  public S3Storage(S3Client s3, String bucket, String prefix) {
    this(s3, bucket, prefix, false);
  }

  private S3Storage(S3Client s3, String bucket, String prefix, boolean ownsClient) {
    this.s3 = s3;
    this.ownsClient = ownsClient;
    this.blobs = new S3BlobStore(s3, bucket, prefix);
  }

  /**
   * Storage at {@code s3://BUCKET/PREFIX} ({@link StoreLocation#open}), with credentials and
   * region from the standard AWS chains (environment, profile, container or instance role).
   *
   * @param endpoint another S3-compatible endpoint (path-style addressing), or null for AWS's
   */
  static S3Storage open(StoreLocation location, URI endpoint) {
    S3ClientBuilder builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        // checksums only where S3 requires them: what S3-compatible servers accept too
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (endpoint != null) {
      builder.endpointOverride(endpoint).forcePathStyle(true);
      try {
        new software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain().getRegion();
      } catch (RuntimeException noRegionConfigured) {
        builder.region(software.amazon.awssdk.regions.Region.US_EAST_1); // most S3-compatible servers ignore it
      }
    }
    return new S3Storage(builder.build(), location.bucket(), location.prefix(), true);
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public S3BlobStore blobs() {
    return blobs;
  }

  @Override
  public S3BlobStore blobs(Supplier<Encryption> encryption) {
    return blobs.encryptedBy(encryption);
  }

  @Override
  public EventLog openLog(String shardPrefix, Supplier<Encryption> encryption) {
    return new S3EventLog(blobs.encryptedBy(encryption), shardPrefix + "log/", false);
  }

  @Override
  public EventLog openLogReadOnly(String shardPrefix) {
    return new S3EventLog(blobs, shardPrefix + "log/", true);
  }

  @Override
  public RecordLog openRecordLog(String name) {
    return new S3RecordLog(blobs, name);
  }

  @Override
  public void deleteTree(String prefix) {
    blobs.deleteTree(prefix);
  }

  @Override
  public void close() {
    if (ownsClient) {
      s3.close();
    }
  }
}
