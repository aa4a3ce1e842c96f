package io.tidemark.log;

import io.tidemark.wire.AttributeValue;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * An item read from the log or a checkpoint, kept in {@link BinaryItems}' form until something
 * needs its attributes, then decoded once. Rebuilding a view (restart, restore, point-in-time
 * read) touches a million items that are mostly never read before they are overwritten or the
 * view is dropped; a few bytes (the item's own copy, or a place in the checkpoint it came from)
 * are far less to allocate, and for the garbage collector to copy, than a map of decoded values.
 * Writing the item out again (a checkpoint) copies its bytes without decoding them.
 *
 * <p>Safe to share between threads: decoding is a benign race, and the bytes are released only
 * after the decoded map is published.
 */
public final class EncodedItem extends AbstractMap<String, AttributeValue> {
  /**
   * Holds the encoded item at {@link #offset}, {@link #length} bytes, until it is decoded: its
   * own copy, or the whole checkpoint it was loaded from (shared by all that checkpoint's items,
   * so that loading copies nothing; it is kept while any of them is not yet decoded).
   */
  private volatile byte[] bytes;
  private final int offset;
  private final int length;
  private volatile Map<String, AttributeValue> decoded;
  private final int attributes;
  private final long size;

  EncodedItem(byte[] bytes, int offset, int length, int attributes, long size) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.attributes = attributes;
    this.size = size;
  }

  /** The item's size by DynamoDB's rules, counted from its bytes. */
  public long dynamoSize() {
    return size;
  }

  /** Writes the encoded bytes as they are; false once decoded (then write the map instead). */
  boolean writeEncoded(BinaryItems.Writer out) {
    byte[] encoded = bytes;
    if (encoded == null) {
      return false;
    }
    out.writeRaw(encoded, offset, length);
    return true;
  }

  private Map<String, AttributeValue> decoded() {
    Map<String, AttributeValue> item = decoded;
    if (item != null) {
      return item;
    }
    byte[] encoded = bytes;
    if (encoded == null) {
      return decoded; // released after the map was published
    }
    item = BinaryItems.readItem(ByteBuffer.wrap(encoded, offset, length));
    decoded = item;
    bytes = null;
    return item;
  }

  /** One attribute, found in the bytes without decoding the rest (the item's key, when a view is built). */
  @Override
  public AttributeValue get(Object name) {
    byte[] encoded = bytes;
    if (encoded == null || !(name instanceof String)) {
      return decoded().get(name);
    }
    return BinaryItems.findAttribute(ByteBuffer.wrap(encoded, offset, length), (String) name);
  }

  @Override
  public boolean containsKey(Object name) {
    return get(name) != null;
  }

  @Override
  public int size() {
    return attributes;
  }

  @Override
  public boolean isEmpty() {
    return attributes == 0;
  }

  @Override
  public Set<Entry<String, AttributeValue>> entrySet() {
    return decoded().entrySet();
  }
}
