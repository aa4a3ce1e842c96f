package io.tidemark.wire;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A DynamoDB number: up to 38 significant digits, magnitude between 1E-130 and
 * 9.9999999999999999999999999999999999999E+125, compared numerically, and written back in
 * canonical form (no exponent, no leading or trailing zeros), as DynamoDB returns numbers.
 */
public final class DynamoNumber implements Comparable<DynamoNumber> {
  private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
  private static final BigDecimal MIN = new BigDecimal("1E-130");

  /**
   * Parsed on first use for a number read back from storage ({@link #ofCanonical}): most stored
   * numbers are only ever written out again. A benign race: every thread parses the same text to
   * the same immutable value.
   */
  private BigDecimal value;
  private final String text;

  private DynamoNumber(BigDecimal value) {
    this.value = value;
    this.text = value.signum() == 0 ? "0" : value.toPlainString();
  }

  private DynamoNumber(String canonicalText) {
    this.text = canonicalText;
  }

  /**
   * A number this server wrote itself, in canonical form and already validated (a log or
   * checkpoint record, which its checksum vouches for): kept as text, parsed only if compared or
   * computed with.
   */
  public static DynamoNumber ofCanonical(String text) {
    return new DynamoNumber(text);
  }

  /** Parses and validates a number as it arrives in a request; errors carry DynamoDB's messages. */
  public static DynamoNumber parse(String text) {
    BigDecimal parsed;
    try {
      String trimmed = text.trim();
      if (trimmed.isEmpty() || !trimmed.equals(text)) {
        throw new NumberFormatException();
      }
      parsed = new BigDecimal(trimmed);
    } catch (NumberFormatException e) {
      throw DynamoDbException.validation("The parameter cannot be converted to a numeric value: " + text);
    }
    return of(parsed);
  }

  /** Validates range and precision of a computed or parsed value. */
  public static DynamoNumber of(BigDecimal raw) {
    BigDecimal value = raw.signum() == 0 ? BigDecimal.ZERO : raw.stripTrailingZeros();
    if (value.precision() > 38) {
      throw DynamoDbException.validation("Attempting to store more than 38 significant digits in a Number");
    }
    BigDecimal abs = value.abs();
    if (abs.compareTo(MAX) > 0) {
      throw DynamoDbException.validation(
          "Number overflow. Attempting to store a number with magnitude larger than supported range");
    }
    if (value.signum() != 0 && abs.compareTo(MIN) < 0) {
      throw DynamoDbException.validation(
          "Number underflow. Attempting to store a number with magnitude smaller than supported range");
    }
    return new DynamoNumber(value);
  }

  public DynamoNumber add(DynamoNumber other) {
    return of(value().add(other.value(), MathContext.UNLIMITED));
  }

  public DynamoNumber subtract(DynamoNumber other) {
    return of(value().subtract(other.value(), MathContext.UNLIMITED));
  }

  public BigDecimal value() {
    BigDecimal v = value;
    if (v == null) {
      v = new BigDecimal(text);
      value = v;
    }
    return v;
  }

  /** Canonical text, as DynamoDB returns it. */
  public String text() {
    return text;
  }

  @Override
  public int compareTo(DynamoNumber o) {
    return value().compareTo(o.value());
  }

  @Override
  public boolean equals(Object o) {
    // canonical texts are equal exactly when the numbers are
    return o instanceof DynamoNumber && ((DynamoNumber) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
