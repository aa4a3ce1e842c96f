package io.tidemark.log;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.Bytes;
import io.tidemark.wire.DynamoNumber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact binary form of items for the log and checkpoints: a type byte, then lengths as
 * unsigned varints and UTF-8 or raw bytes. Cheaper to write and read than DynamoDB JSON, which
 * only the wire needs. Numbers keep their canonical text, so they round-trip exactly.
 */
public final class BinaryItems {
  private static final AttributeValue.Type[] TYPES = AttributeValue.Type.values();

  private BinaryItems() {}

  /** A growable output buffer; {@link #reset()} reuses it. */
  public static final class Writer {
    private byte[] buf;
    private int pos;

    public Writer(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
      if (pos + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
      }
    }

    public void writeByte(int b) {
      ensure(1);
      buf[pos++] = (byte) b;
    }

    public void writeLong(long v) {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[pos++] = (byte) (v >>> (i * 8));
      }
    }

    public void writeVarint(int v) {
      ensure(5);
      while ((v & ~0x7F) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    /** Bytes as they are, without a length. */
    public void writeRaw(byte[] b) {
      writeRaw(b, 0, b.length);
    }

    public void writeRaw(byte[] b, int offset, int length) {
      ensure(length);
      System.arraycopy(b, offset, buf, pos, length);
      pos += length;
    }

    public void writeBytes(byte[] b) {
      writeVarint(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }

    public void writeString(String s) {
      writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A string whose UTF-8 length is known (attribute values cache theirs). When it equals the
     * string's length every character is ASCII, and the characters are copied straight in.
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is exact for ASCII, and copies without allocating
    public void writeString(String s, long utf8Length) {
      int n = s.length();
      if (utf8Length != n) {
        writeString(s);
        return;
      }
      writeVarint(n);
      ensure(n);
      s.getBytes(0, n, buf, pos);
      pos += n;
    }

    /** A string that may be absent. */
    public void writeOptionalString(String s) {
      if (s == null) {
        writeByte(0);
      } else {
        writeByte(1);
        writeString(s);
      }
    }

    /** Overwrites 4 bytes already written, big-endian (a record's length or checksum). */
    public void putInt(int at, int v) {
      buf[at] = (byte) (v >>> 24);
      buf[at + 1] = (byte) (v >>> 16);
      buf[at + 2] = (byte) (v >>> 8);
      buf[at + 3] = (byte) v;
    }

    /** Reserves bytes to fill in later with {@link #putInt}. */
    public void skip(int n) {
      ensure(n);
      pos += n;
    }

    public int position() {
      return pos;
    }

    /** The buffer itself; bytes 0 to {@link #position()} are what was written. */
    public byte[] array() {
      return buf;
    }

    /** Starts over, keeping the buffer unless it grew past {@code maxKept} bytes. */
    public void reset(int maxKept) {
      pos = 0;
      if (buf.length > maxKept) {
        buf = new byte[Math.max(16, maxKept)];
      }
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  public static void writeItem(Writer out, Map<String, AttributeValue> item) {
    if (item instanceof EncodedItem && ((EncodedItem) item).writeEncoded(out)) {
      return; // as it was read: no need to decode it to write it again
    }
    out.writeVarint(item.size());
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      out.writeString(e.getKey());
      write(out, e.getValue());
    }
  }

  /** An item that may be absent (a missing old or new image). */
  public static void writeOptionalItem(Writer out, Map<String, AttributeValue> item) {
    if (item == null) {
      out.writeByte(0);
    } else {
      out.writeByte(1);
      writeItem(out, item);
    }
  }

  public static void write(Writer out, AttributeValue v) {
    out.writeByte(v.type().ordinal());
    switch (v.type()) {
      case S -> out.writeString(v.s(), v.size());
      case N -> out.writeString(v.n().text());
      case B -> out.writeBytes(v.b().array());
      case BOOL -> out.writeByte(v.bool() ? 1 : 0);
      case NULL -> { }
      case SS -> {
        out.writeVarint(v.ss().size());
        v.ss().forEach(out::writeString);
      }
      case NS -> {
        out.writeVarint(v.ns().size());
        v.ns().forEach(n -> out.writeString(n.text()));
      }
      case BS -> {
        out.writeVarint(v.bs().size());
        v.bs().forEach(b -> out.writeBytes(b.array()));
      }
      case M -> writeItem(out, v.m());
      case L -> {
        out.writeVarint(v.l().size());
        v.l().forEach(e -> write(out, e));
      }
      default -> throw new IllegalStateException(v.type().name());
    }
  }

  public static long readLong(ByteBuffer in) {
    return in.getLong();
  }

  public static int readVarint(ByteBuffer in) {
    int result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.get();
      result |= (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new IllegalStateException("malformed varint");
  }

  private static byte[] readBytes(ByteBuffer in) {
    byte[] b = new byte[readVarint(in)];
    in.get(b);
    return b;
  }

  public static String readString(ByteBuffer in) {
    int length = readVarint(in);
    String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return s;
  }

  /** A string that may be absent and recurs often (who made an event): shared as attribute names are. */
  static String readOptionalName(ByteBuffer in) {
    return in.get() == 0 ? null : readName(in);
  }

  public static String readOptionalString(ByteBuffer in) {
    return in.get() == 0 ? null : readString(in);
  }

  /** An item as stored: immutable, its attribute names shared with every other item that has them. */
  public static Map<String, AttributeValue> readItem(ByteBuffer in) {
    int size = readVarint(in);
    if (size <= StoredAttributes.MAX_ATTRIBUTES) {
      String[] names = new String[size];
      AttributeValue[] values = new AttributeValue[size];
      for (int i = 0; i < size; i++) {
        names[i] = readName(in);
        values[i] = read(in);
      }
      return new StoredAttributes(names, values);
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>(Math.max(4, size * 2));
    for (int i = 0; i < size; i++) {
      String name = readName(in);
      item.put(name, read(in));
    }
    return java.util.Collections.unmodifiableMap(item);
  }

  /**
   * The item at the buffer's position, kept encoded (a copy of its bytes) until used; its size
   * is counted on the way past.
   */
  public static EncodedItem readEncodedItem(ByteBuffer in) {
    int start = in.position();
    int attributes = readVarint(in);
    in.position(start);
    long size = itemSize(in);
    byte[] bytes = new byte[in.position() - start];
    in.get(start, bytes);
    return new EncodedItem(bytes, 0, bytes.length, attributes, size);
  }

  /**
   * As above, but sharing the buffer's array instead of copying the item out of it: for a
   * checkpoint, whose every record becomes an item of the view (a log segment also holds old
   * versions, which sharing would keep alive).
   */
  public static EncodedItem readEncodedItemInPlace(ByteBuffer in) {
    int start = in.position();
    int attributes = readVarint(in);
    in.position(start);
    long size = itemSize(in);
    return new EncodedItem(in.array(), in.arrayOffset() + start, in.position() - start, attributes, size);
  }

  public static EncodedItem readOptionalEncodedItem(ByteBuffer in) {
    return in.get() == 0 ? null : readEncodedItem(in);
  }

  /** One attribute of the item at the buffer's position, decoded alone; null if the item lacks it. */
  static AttributeValue findAttribute(ByteBuffer in, String name) {
    int count = readVarint(in);
    for (int i = 0; i < count; i++) {
      if (readName(in).equals(name)) {
        return read(in);
      }
      skip(in);
    }
    return null;
  }

  /**
   * Moves past the item at the buffer's position and returns its size by DynamoDB's rules, the
   * same as {@link io.tidemark.table.Items#size} of the decoded item (see {@link AttributeValue#size}).
   */
  private static long itemSize(ByteBuffer in) {
    int count = readVarint(in);
    long total = 0;
    for (int i = 0; i < count; i++) {
      int nameLength = readVarint(in);
      in.position(in.position() + nameLength);
      total += nameLength + valueSize(in);
    }
    return total;
  }

  private static long valueSize(ByteBuffer in) {
    switch (TYPES[in.get()]) {
      case S, B:
        return lengthPrefixedSize(in);
      case N:
        return AttributeValue.numberSize(readString(in));
      case BOOL:
        in.get();
        return 1;
      case NULL:
        return 1;
      case SS, BS: {
        int n = readVarint(in);
        long total = 0;
        for (int i = 0; i < n; i++) {
          total += lengthPrefixedSize(in);
        }
        return total;
      }
      case NS: {
        int n = readVarint(in);
        long total = 0;
        for (int i = 0; i < n; i++) {
          total += AttributeValue.numberSize(readString(in));
        }
        return total;
      }
      case M: {
        int n = readVarint(in);
        long total = 3;
        for (int i = 0; i < n; i++) {
          int nameLength = readVarint(in);
          in.position(in.position() + nameLength);
          total += nameLength + valueSize(in) + 1;
        }
        return total;
      }
      case L: {
        int n = readVarint(in);
        long total = 3;
        for (int i = 0; i < n; i++) {
          total += valueSize(in) + 1;
        }
        return total;
      }
      default:
        throw new IllegalStateException("unknown type");
    }
  }

  private static int lengthPrefixedSize(ByteBuffer in) {
    int length = readVarint(in);
    in.position(in.position() + length);
    return length;
  }

  /** A recently read attribute name with its UTF-8 bytes, to hand out again instead of a new string. */
  private record CachedName(byte[] utf8, String name) {
  }

  private static final int NAME_CACHE_SLOTS = 4096;
  /** Names are hashed into slots; a collision replaces the slot's name. Races only cost a miss. */
  private static final CachedName[] NAME_CACHE = new CachedName[NAME_CACHE_SLOTS];
  private static final int MAX_CACHED_NAME_BYTES = 64;

  /**
   * An attribute name (or another short string that recurs, such as an event's operation): the
   * same few names recur in every item, so each is decoded once and the string shared, rather
   * than allocated again for every item of a million-item view.
   */
  static String readName(ByteBuffer in) {
    int length = readVarint(in);
    byte[] array = in.array();
    int from = in.arrayOffset() + in.position();
    in.position(in.position() + length);
    if (length > MAX_CACHED_NAME_BYTES) {
      return new String(array, from, length, StandardCharsets.UTF_8);
    }
    int hash = 1;
    for (int i = from; i < from + length; i++) {
      hash = 31 * hash + array[i];
    }
    int slot = (hash ^ (hash >>> 12)) & (NAME_CACHE_SLOTS - 1);
    CachedName cached = NAME_CACHE[slot];
    if (cached != null && Arrays.equals(cached.utf8, 0, cached.utf8.length, array, from, from + length)) {
      return cached.name;
    }
    byte[] utf8 = Arrays.copyOfRange(array, from, from + length);
    String name = new String(utf8, StandardCharsets.UTF_8);
    NAME_CACHE[slot] = new CachedName(utf8, name);
    return name;
  }

  public static Map<String, AttributeValue> readOptionalItem(ByteBuffer in) {
    return in.get() == 0 ? null : readItem(in);
  }

  /** Moves past an optional item without building it (a replay that needs no old images). */
  public static void skipOptionalItem(ByteBuffer in) {
    if (in.get() != 0) {
      skipItem(in);
    }
  }

  private static void skipItem(ByteBuffer in) {
    int size = readVarint(in);
    for (int i = 0; i < size; i++) {
      skipLengthPrefixed(in); // the name
      skip(in);
    }
  }

  private static void skipLengthPrefixed(ByteBuffer in) {
    int length = readVarint(in);
    in.position(in.position() + length);
  }

  private static void skip(ByteBuffer in) {
    switch (TYPES[in.get()]) {
      case S, N, B -> skipLengthPrefixed(in);
      case BOOL -> in.get();
      case NULL -> { }
      case SS, NS, BS -> {
        int n = readVarint(in);
        for (int i = 0; i < n; i++) {
          skipLengthPrefixed(in);
        }
      }
      case M -> skipItem(in);
      case L -> {
        int n = readVarint(in);
        for (int i = 0; i < n; i++) {
          skip(in);
        }
      }
      default -> throw new IllegalStateException("unknown type");
    }
  }

  public static AttributeValue read(ByteBuffer in) {
    AttributeValue.Type type = TYPES[in.get()];
    switch (type) {
      case S: {
        int length = readVarint(in);
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return AttributeValue.s(s, length);
      }
      case N:
        return AttributeValue.n(DynamoNumber.ofCanonical(readString(in)));
      case B:
        return AttributeValue.b(Bytes.wrap(readBytes(in)));
      case BOOL:
        return AttributeValue.bool(in.get() != 0);
      case NULL:
        return AttributeValue.NULL;
      case SS: {
        int n = readVarint(in);
        List<String> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          members.add(readString(in));
        }
        return AttributeValue.ss(members);
      }
      case NS: {
        int n = readVarint(in);
        List<DynamoNumber> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          members.add(DynamoNumber.ofCanonical(readString(in)));
        }
        return AttributeValue.ns(members);
      }
      case BS: {
        int n = readVarint(in);
        List<Bytes> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          members.add(Bytes.wrap(readBytes(in)));
        }
        return AttributeValue.bs(members);
      }
      case M:
        return AttributeValue.m(readItem(in));
      case L: {
        int n = readVarint(in);
        List<AttributeValue> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          members.add(read(in));
        }
        return AttributeValue.l(members);
      }
      default:
        throw new IllegalStateException(type.name());
    }
  }
}
