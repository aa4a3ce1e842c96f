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
 * view is dropped; one byte array per item is far less to allocate, and for the garbage collector
 * to copy, than a map of decoded values. Writing the item out again (a checkpoint) copies its
 * bytes without decoding them.
 *
 * <p>Safe to share between threads: decoding is a benign race, and the bytes are released only
 * after the decoded map is published.
 */
public final class EncodedItem extends AbstractMap<String, AttributeValue> {
  /** The encoded item, until it is decoded. */
  private volatile byte[] bytes;
  private volatile Map<String, AttributeValue> decoded;
  private final int attributes;
  private final long size;

  EncodedItem(byte[] bytes, int attributes, long size) {
    this.bytes = bytes;
    this.attributes = attributes;
    this.size = size;
  }

  /** The item's size by DynamoDB's rules, counted from its bytes. */
  public long dynamoSize() {
    return size;
  }

  /** The encoded bytes, or null once decoded (then write the map instead). */
  byte[] bytesIfEncoded() {
    return bytes;
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
    item = BinaryItems.readItem(ByteBuffer.wrap(encoded));
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
    return BinaryItems.findAttribute(ByteBuffer.wrap(encoded), (String) name);
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
