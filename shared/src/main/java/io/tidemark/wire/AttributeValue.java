package io.tidemark.wire;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One DynamoDB attribute value, immutable. The payload depends on the type:
 * S → String, N → {@link DynamoNumber}, B → {@link Bytes}, SS → List&lt;String&gt;,
 * NS → List&lt;DynamoNumber&gt;, BS → List&lt;Bytes&gt;, M → Map&lt;String, AttributeValue&gt;,
 * L → List&lt;AttributeValue&gt;, BOOL → Boolean, NULL → Boolean.TRUE.
 * Sets keep their members in the order they were given, without duplicates.
 */
public final class AttributeValue {
  public enum Type { S, N, B, SS, NS, BS, M, L, BOOL, NULL }

  public static final AttributeValue TRUE = new AttributeValue(Type.BOOL, Boolean.TRUE);
  public static final AttributeValue FALSE = new AttributeValue(Type.BOOL, Boolean.FALSE);
  public static final AttributeValue NULL = new AttributeValue(Type.NULL, Boolean.TRUE);

  private final Type type;
  private final Object value;
  /**
   * {@link #size()}, computed on first use (-1 before), with {@link #PLAIN_CHECKED} set once a
   * string has been checked for what JSON carries unescaped and {@link #PLAIN_JSON} if it can be.
   * A benign race, as with String's hash: every thread computes the same value and an int is
   * written atomically (a lost flag is only checked again).
   */
  private int size = -1;
  /** Sizes up to 512 MB fit beside the flags (a request is at most 16 MB). */
  private static final int SIZE_BITS = 0x1FFF_FFFF;
  private static final int PLAIN_JSON = 0x2000_0000;
  private static final int PLAIN_CHECKED = 0x4000_0000;

  private AttributeValue(Type type, Object value) {
    this.type = type;
    this.value = value;
  }

  public static AttributeValue s(String s) {
    return new AttributeValue(Type.S, Objects.requireNonNull(s));
  }

  /** A string whose UTF-8 length is known already (decoded from those bytes): its size need not be counted. */
  public static AttributeValue s(String s, int utf8Length) {
    AttributeValue v = new AttributeValue(Type.S, Objects.requireNonNull(s));
    v.size = Math.min(SIZE_BITS, utf8Length);
    return v;
  }

  public static AttributeValue n(DynamoNumber n) {
    return new AttributeValue(Type.N, Objects.requireNonNull(n));
  }

  public static AttributeValue n(String n) {
    return n(DynamoNumber.parse(n));
  }

  public static AttributeValue b(Bytes b) {
    return new AttributeValue(Type.B, Objects.requireNonNull(b));
  }

  public static AttributeValue bool(boolean b) {
    return b ? TRUE : FALSE;
  }

  public static AttributeValue ss(List<String> members) {
    return new AttributeValue(Type.SS, Collections.unmodifiableList(members));
  }

  public static AttributeValue ns(List<DynamoNumber> members) {
    return new AttributeValue(Type.NS, Collections.unmodifiableList(members));
  }

  public static AttributeValue bs(List<Bytes> members) {
    return new AttributeValue(Type.BS, Collections.unmodifiableList(members));
  }

  public static AttributeValue m(Map<String, AttributeValue> map) {
    return new AttributeValue(Type.M, Collections.unmodifiableMap(map));
  }

  public static AttributeValue l(List<AttributeValue> list) {
    return new AttributeValue(Type.L, Collections.unmodifiableList(list));
  }

  public Type type() {
    return type;
  }

  public String s() {
    return (String) value;
  }

  public DynamoNumber n() {
    return (DynamoNumber) value;
  }

  public Bytes b() {
    return (Bytes) value;
  }

  public boolean bool() {
    return (Boolean) value;
  }

  @SuppressWarnings("unchecked")
  public List<String> ss() {
    return (List<String>) value;
  }

  @SuppressWarnings("unchecked")
  public List<DynamoNumber> ns() {
    return (List<DynamoNumber>) value;
  }

  @SuppressWarnings("unchecked")
  public List<Bytes> bs() {
    return (List<Bytes>) value;
  }

  @SuppressWarnings("unchecked")
  public Map<String, AttributeValue> m() {
    return (Map<String, AttributeValue>) value;
  }

  @SuppressWarnings("unchecked")
  public List<AttributeValue> l() {
    return (List<AttributeValue>) value;
  }

  /** The members of a set type as a list of objects (String, DynamoNumber or Bytes). */
  public List<?> setMembers() {
    return (List<?>) value;
  }

  public boolean isSet() {
    return type == Type.SS || type == Type.NS || type == Type.BS;
  }

  /**
   * The attribute's size by DynamoDB's rules (without its name): strings are UTF-8 bytes, binary
   * its length, numbers about one byte per two significant digits plus one, containers 3 bytes plus
   * their contents (and 1 byte per element), booleans and nulls 1 byte.
   */
  public long size() {
    return sizeAndFlags() & SIZE_BITS;
  }

  /**
   * Whether this is a string of printable ASCII without a quote or backslash, as most are: JSON
   * carries it byte for byte, so a response can copy it instead of escaping and encoding each char.
   */
  public boolean isPlainJsonString() {
    if (type != Type.S) {
      return false;
    }
    int cached = sizeAndFlags();
    if ((cached & PLAIN_CHECKED) == 0) {
      cached |= PLAIN_CHECKED | (isPlainJson(s()) ? PLAIN_JSON : 0);
      size = cached;
    }
    return (cached & PLAIN_JSON) != 0;
  }

  private int sizeAndFlags() {
    int cached = size;
    if (cached < 0) {
      cached = (int) Math.min(SIZE_BITS, computeSize());
      size = cached;
    }
    return cached;
  }

  private static boolean isPlainJson(String s) {
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private long computeSize() {
    switch (type) {
      case S:
        return utf8Length(s());
      case N:
        return numberSize(n());
      case B:
        return b().length();
      case BOOL:
      case NULL:
        return 1;
      case SS: {
        long total = 0;
        for (String member : ss()) {
          total += utf8Length(member);
        }
        return total;
      }
      case NS: {
        long total = 0;
        for (DynamoNumber member : ns()) {
          total += numberSize(member);
        }
        return total;
      }
      case BS: {
        long total = 0;
        for (Bytes member : bs()) {
          total += member.length();
        }
        return total;
      }
      case M: {
        long total = 3;
        for (Map.Entry<String, AttributeValue> e : m().entrySet()) {
          total += utf8Length(e.getKey()) + e.getValue().size() + 1;
        }
        return total;
      }
      case L: {
        long total = 3;
        for (AttributeValue element : l()) {
          total += element.size() + 1;
        }
        return total;
      }
      default:
        throw new IllegalStateException(type.name());
    }
  }

  /**
   * A number's size as DynamoDB counts it (measured against the service; the developer guide's
   * "one byte per two significant digits, plus one" is an approximation): one byte, plus one per
   * two significant digits of the integer part and of the fraction separately (each rounded up),
   * plus one if negative. Leading and trailing zeros are not significant.
   */
  static long numberSize(DynamoNumber n) {
    return numberSize(n.text());
  }

  /**
   * The size of a number given in canonical text (no exponent, no leading or trailing zeros):
   * read off the text, so that a number read back from storage need not be parsed to be counted.
   */
  public static long numberSize(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    int point = text.indexOf('.');
    int integer;
    int fraction;
    if (point < 0) {
      int end = text.length();
      while (end > start && text.charAt(end - 1) == '0') {
        end--; // trailing zeros of an integer are not significant
      }
      integer = end - start;
      fraction = 0;
    } else if (point == start + 1 && text.charAt(start) == '0') {
      int firstDigit = point + 1;
      while (firstDigit < text.length() && text.charAt(firstDigit) == '0') {
        firstDigit++; // nor are the zeros that lead a fraction below one
      }
      integer = 0;
      fraction = text.length() - firstDigit;
    } else {
      integer = point - start;
      fraction = text.length() - point - 1;
    }
    if (integer == 0 && fraction == 0) {
      return 1; // zero
    }
    return 1 + (integer + 1) / 2 + (fraction + 1) / 2 + start;
  }

  public static long utf8Length(String s) {
    long count = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char ch = s.charAt(i);
      if (ch <= 0x7F) {
        count++;
      } else if (ch <= 0x7FF) {
        count += 2;
      } else if (Character.isHighSurrogate(ch)) {
        count += 4;
        i++;
      } else {
        count += 3;
      }
    }
    return count;
  }

  /**
   * Orders strings as DynamoDB does, by their UTF-8 bytes (that is, by code point), which differs
   * from {@link String#compareTo} for characters outside the Basic Multilingual Plane.
   */
  public static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean xs = Character.isSurrogate(x);
        boolean ys = Character.isSurrogate(y);
        if (xs != ys) {
          // a surrogate (code point above U+FFFF) sorts after every BMP character
          return xs ? 1 : -1;
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AttributeValue)) {
      return false;
    }
    AttributeValue other = (AttributeValue) o;
    if (type != other.type) {
      return false;
    }
    if (isSet()) {
      // sets are equal whatever the order of their members
      List<?> a = setMembers();
      List<?> b = other.setMembers();
      return a.size() == b.size() && a.containsAll(b);
    }
    return value.equals(other.value);
  }

  @Override
  public int hashCode() {
    if (isSet()) {
      int h = type.hashCode();
      for (Object member : setMembers()) {
        h += member.hashCode();
      }
      return h;
    }
    return type.hashCode() * 31 + value.hashCode();
  }

  @Override
  public String toString() {
    return "{" + type + ": " + value + "}";
  }
}
