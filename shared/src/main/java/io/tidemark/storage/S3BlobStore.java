package io.tidemark.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Blobs as S3 objects under one prefix of one bucket. A PUT replaces an object atomically, so
 * {@link #put} needs nothing more; {@link #create} is the conditional create (If-None-Match: *)
 * that the log's sequence numbers rely on.
 *
 * <p>Every PUT asks for server-side encryption explicitly ({@link Encryption}): by default with
 * S3's own keys (SSE-S3); a table's objects go through a view of the store with the table's
 * setting ({@link #encryptedBy}), which may be SSE-KMS.
 */
public final class S3BlobStore implements BlobStore {
  private static final int DELETE_BATCH = 1000;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  /** How to encrypt what is written now: read at every PUT, so that a table's new setting applies at once. */
  private final Supplier<Encryption> encryption;

  /** @param prefix prepended to every key: empty, or ending with '/' */
  public S3BlobStore(S3Client s3, String bucket, String prefix) {
    this(s3, bucket, prefix, () -> Encryption.STORE_KEYS);
  }

  private S3BlobStore(S3Client s3, String bucket, String prefix, Supplier<Encryption> encryption) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.encryption = encryption;
  }

  /** The same objects, with what is written from now on encrypted as {@code encryption} says at the time. */
  public S3BlobStore encryptedBy(Supplier<Encryption> encryption) {
    return new S3BlobStore(s3, bucket, prefix, encryption);
  }

  /**
   * S3's AWS managed key, by its alias: what SSE-KMS without a key id of its own uses. PutObject
   * documents that x-amz-server-side-encryption: aws:kms without a key id means this key, and takes
   * a key alias as the key id (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html);
   * naming it keeps S3-compatible servers that insist on a key id with aws:kms (the S3Proxy the
   * tests run) working too.
   */
  static final String S3_MANAGED_KMS_KEY = "alias/aws/s3";

  /**
   * The request headers for an object's encryption: x-amz-server-side-encryption, and with
   * SSE-KMS x-amz-server-side-encryption-aws-kms-key-id. The S3 Bucket Key is left to the bucket:
   * an object whose PUT does not say gets the bucket's setting
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-bucket-key-object.html). With
   * SSE-KMS tables, enable it on the bucket, or every log object written or read is a KMS request.
   */
  static PutObjectRequest.Builder encrypted(PutObjectRequest.Builder request, Encryption encryption) {
    switch (encryption.kind()) {
      case STORE_KEYS -> request.serverSideEncryption(ServerSideEncryption.AES256);
      case KMS -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS)
          .ssekmsKeyId(encryption.kmsKeyId() != null ? encryption.kmsKeyId() : S3_MANAGED_KMS_KEY);
    }
    return request;
  }

  @Override
  public byte[] get(String key) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public byte[] head(String key, int bytes) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key).range("bytes=0-" + (bytes - 1)))
          .asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      if (e.statusCode() == 416) {
        return new byte[0]; // an empty object has no first byte to give
      }
      throw e;
    }
  }

  @Override
  public void put(String key, byte[] data) {
    Encryption e = encryption.get();
    s3.putObject(b -> encrypted(b.bucket(bucket).key(prefix + key), e), RequestBody.fromBytes(data));
  }

  /**
   * Creates the object only if no object has that key (If-None-Match: *); false if one created by
   * another call has. Of any number of writers creating the same key, S3 lets exactly one succeed: the
   * others get 412 Precondition Failed, or 409 ConditionalRequestConflict while the winner's
   * upload is in flight.
   */
  @Override
  public boolean create(String key, byte[] data) {
    return create(key, data, encryption.get());
  }

  /** {@link #create(String, byte[])} with this encryption instead of the store's. */
  boolean create(String key, byte[] data, Encryption encryption) {
    String attempt = java.util.UUID.randomUUID().toString();
    try {
      s3.putObject(b -> encrypted(b.bucket(bucket).key(prefix + key).ifNoneMatch("*").metadata(Map.of(WRITER, attempt)),
          encryption), RequestBody.fromBytes(data));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() != 412 && e.statusCode() != 409) {
        throw e;
      }
      // The SDK retries a PUT whose answer was lost; if the first attempt had created the object,
      // the retry is refused as if another writer had. Whose object it is, its metadata tells
      // (not its bytes: two instances may well build the same batch at the same moment).
      return attempt.equals(writerOf(key));
    }
  }

  /**
   * {@link BlobStore#replace}: reads the object and its ETag, and writes the new bytes with
   * If-Match on that ETag, so that a change landing in between makes the write fail (412, or 409
   * while another conditional write of the key is in flight).
   */
  @Override
  public boolean replace(String key, java.util.function.Predicate<byte[]> stillAsExpected, byte[] data) {
    software.amazon.awssdk.core.ResponseBytes<software.amazon.awssdk.services.s3.model.GetObjectResponse> current;
    try {
      current = s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key));
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
    if (!stillAsExpected.test(current.asByteArray())) {
      return false;
    }
    String etag = current.response().eTag();
    Encryption e = encryption.get();
    try {
      s3.putObject(b -> encrypted(b.bucket(bucket).key(prefix + key).ifMatch(etag), e), RequestBody.fromBytes(data));
      return true;
    } catch (S3Exception failed) {
      if (failed.statusCode() == 412 || failed.statusCode() == 409) {
        return false;
      }
      throw failed;
    }
  }

  /** The metadata entry naming the attempt that created an object ({@link #create}). */
  private static final String WRITER = "tidemark-writer";

  private String writerOf(String key) {
    try {
      return s3.headObject(b -> b.bucket(bucket).key(prefix + key)).metadata().get(WRITER);
    } catch (NoSuchKeyException e) {
      return null; // 409: the winner's upload is still in flight
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public List<String> list(String keyPrefix) {
    return list(keyPrefix, null);
  }

  /** The keys under {@code keyPrefix} that sort after {@code startAfter} (a full key, or null), sorted. */
  public List<String> list(String keyPrefix, String startAfter) {
    List<String> keys = new ArrayList<>();
    var pages = s3.listObjectsV2Paginator(b -> {
      b.bucket(bucket).prefix(prefix + keyPrefix);
      if (startAfter != null) {
        b.startAfter(prefix + startAfter);
      }
    });
    for (S3Object o : pages.contents()) {
      keys.add(o.key().substring(prefix.length()));
    }
    keys.sort(null); // S3 lists in UTF-8 byte order; keys here are ASCII, where that is String order
    return keys;
  }

  @Override
  public void delete(String key) {
    s3.deleteObject(b -> b.bucket(bucket).key(prefix + key));
  }

  @Override
  public void deleteTree(String keyPrefix) {
    List<String> keys = list(keyPrefix);
    for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
      List<ObjectIdentifier> batch = new ArrayList<>();
      for (String key : keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH))) {
        batch.add(ObjectIdentifier.builder().key(prefix + key).build());
      }
      s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
    }
  }
}
