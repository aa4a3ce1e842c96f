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

  /** Writes an object's bytes to a stream. */
  @FunctionalInterface
  interface Content {
    void writeTo(java.io.OutputStream out) throws java.io.IOException;
  }

  /**
   * Like {@link #put(String, byte[])} for objects too large to build in memory first (checkpoints).
   * This default buffers; stores that can stream override it.
   */
  default void put(String key, Content content) {
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    try {
      content.writeTo(buffer);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    put(key, buffer.toByteArray());
  }

  /**
   * Creates the object only if there is none with that key; false if there is. Atomic where the
   * store is shared between instances (S3's If-None-Match); one process's store (local disk) is
   * serialised by its database, so checking first is enough there.
   */
  default boolean create(String key, byte[] data) {
    if (head(key, 1) != null) {
      return false;
    }
    put(key, data);
    return true;
  }

  /**
   * Replaces the object only if it exists and its bytes still pass {@code stillAsExpected} when the
   * new ones land; false if not (another writer changed or deleted it). The pointers that change
   * (catalog entries) change this way: atomic where the store is shared (S3's If-Match on the
   * ETag read); one process's store (local disk) is serialised by its database.
   */
  default boolean replace(String key, java.util.function.Predicate<byte[]> stillAsExpected, byte[] data) {
    byte[] current = get(key);
    if (current == null || !stillAsExpected.test(current)) {
      return false;
    }
    put(key, data);
    return true;
  }

  /** Every key that starts with {@code prefix}, sorted. */
  List<String> list(String prefix);

  /** The first {@code bytes} bytes of a blob (fewer if it is shorter), or null if it does not exist: headers without reading the whole. */
  default byte[] head(String key, int bytes) {
    byte[] all = get(key);
    return all == null ? null : java.util.Arrays.copyOf(all, Math.min(bytes, all.length));
  }

  void delete(String key);

  /** Deletes every object under the prefix. */
  void deleteTree(String prefix);
}
