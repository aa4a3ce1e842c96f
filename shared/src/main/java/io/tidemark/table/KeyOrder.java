package io.tidemark.table;

import io.tidemark.wire.AttributeValue;

/** How DynamoDB orders key values: numbers numerically, strings by UTF-8 bytes, binary unsigned bytewise. */
public final class KeyOrder {
  private KeyOrder() {}

  public static int compare(AttributeValue a, AttributeValue b) {
    if (a.type() != b.type()) {
      return a.type().compareTo(b.type());
    }
    switch (a.type()) {
      case S:
        // most comparisons inside a partition compare equal partition keys: the intrinsic equals is far cheaper
        return a.s().equals(b.s()) ? 0 : AttributeValue.compareUtf8(a.s(), b.s());
      case N:
        return a.n().compareTo(b.n());
      case B:
        return a.b().compareTo(b.b());
      default:
        throw new IllegalArgumentException("not a key type: " + a.type());
    }
  }
}
