package io.tidemark.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as S3 objects under one prefix of one bucket. A PUT replaces an object atomically, so
 * {@link #put} needs nothing more; {@link #create} is the conditional create (If-None-Match: *)
 * that the log's sequence numbers rely on.
 */
public final class S3BlobStore implements BlobStore {
  private static final int DELETE_BATCH = 1000;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  /** @param prefix prepended to every key: empty, or ending with '/' */
  public S3BlobStore(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
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
    s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromBytes(data));
  }

  /**
   * Creates the object only if no object has that key (If-None-Match: *); false if one created by
   * another call has. Of any number of writers creating the same key, S3 lets exactly one succeed: the
   * others get 412 Precondition Failed, or 409 ConditionalRequestConflict while the winner's
   * upload is in flight.
   */
  @Override
  public boolean create(String key, byte[] data) {
    String attempt = java.util.UUID.randomUUID().toString();
    try {
      s3.putObject(b -> b.bucket(bucket).key(prefix + key).ifNoneMatch("*").metadata(Map.of(WRITER, attempt)),
          RequestBody.fromBytes(data));
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
