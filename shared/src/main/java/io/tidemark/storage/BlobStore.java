package io.tidemark.storage;

import java.util.List;

/**
 * Named immutable objects and a few small pointers: catalog entries, checkpoints, manifests.
 * Embedded mode keeps them in files ({@link FileBlobStore}); serverless mode in S3.
 */
public interface BlobStore {
  /** The object's bytes, or null if there is none. */
  byte[] get(String key);

  /** Creates or replaces the object atomically and durably: readers see the old bytes or the new, never a mix. */
  void put(String key, byte[] data);

  /** Every key that starts with {@code prefix}, sorted. */
  List<String> list(String prefix);

  void delete(String key);

  /** Deletes every object under the prefix. */
  void deleteTree(String prefix);
}
