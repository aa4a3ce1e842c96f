package io.tidemark.table;

import io.tidemark.wire.AttributeValue;
import java.nio.charset.StandardCharsets;

/**
 * A stable 32-bit hash of a partition key value (FNV-1a over the type and the canonical bytes,
 * then a final mix). It must never change: it decides shards and scan order of stored data.
 */
public final class PartitionHash {
  private PartitionHash() {}

  public static int of(AttributeValue key) {
    int h = 0x811C9DC5;
    h = step(h, key.type().ordinal());
    byte[] bytes;
    switch (key.type()) {
      case S:
        bytes = key.s().getBytes(StandardCharsets.UTF_8);
        break;
      case N:
        bytes = key.n().text().getBytes(StandardCharsets.US_ASCII);
        break;
      case B:
        bytes = key.b().array();
        break;
      default:
        throw new IllegalArgumentException("not a key type: " + key.type());
    }
    for (byte b : bytes) {
      h = step(h, b & 0xFF);
    }
    // murmur3 finaliser: spreads FNV's weak high bits, which choose the shard
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return h;
  }

  private static int step(int h, int b) {
    return (h ^ b) * 0x01000193;
  }
}
