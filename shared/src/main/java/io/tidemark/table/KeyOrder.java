package io.tidemark.table;

import io.tidemark.wire.AttributeValue;

/** How DynamoDB orders key values: numbers numerically, strings by UTF-8 bytes, binary unsigned bytewise. */
public final class KeyOrder {
  private KeyOrder() {}

  /**
   * @param bmpOnly the caller knows neither string has a supplementary character, so the
   *                intrinsic UTF-16 comparison gives the UTF-8 order
   */
  public static int compare(AttributeValue a, AttributeValue b, boolean bmpOnly) {
    if (bmpOnly && a.type() == AttributeValue.Type.S && b.type() == AttributeValue.Type.S) {
      return a.s().compareTo(b.s());
    }
    return compare(a, b);
  }

  public static int compare(AttributeValue a, AttributeValue b) {
    if (a.type() != b.type()) {
      return a.type().compareTo(b.type());
    }
    switch (a.type()) {
      case S:
        return AttributeValue.compareUtf8(a.s(), b.s());
      case N:
        return a.n().compareTo(b.n());
      case B:
        return a.b().compareTo(b.b());
      default:
        throw new IllegalArgumentException("not a key type: " + a.type());
    }
  }
}
