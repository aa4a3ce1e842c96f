package io.tidemark.wire;

import java.util.Arrays;
import java.util.Base64;

/** An immutable byte string, ordered as DynamoDB orders binary values: bytewise, unsigned. */
public final class Bytes implements Comparable<Bytes> {
  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** Wraps without copying: the caller hands over the array. */
  public static Bytes wrap(byte[] data) {
    return new Bytes(data);
  }

  public static Bytes fromBase64(String base64) {
    try {
      return new Bytes(Base64.getMimeDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw DynamoDbException.serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " + base64.length());
    }
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(data);
  }

  public int length() {
    return data.length;
  }

  /** The bytes themselves; callers must not modify them. */
  public byte[] array() {
    return data;
  }

  public boolean startsWith(Bytes prefix) {
    return data.length >= prefix.data.length
        && Arrays.equals(data, 0, prefix.data.length, prefix.data, 0, prefix.data.length);
  }

  public boolean contains(Bytes part) {
    outer:
    for (int i = 0; i + part.data.length <= data.length; i++) {
      for (int j = 0; j < part.data.length; j++) {
        if (data[i + j] != part.data[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(data, o.data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes && Arrays.equals(data, ((Bytes) o).data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return base64();
  }
}
