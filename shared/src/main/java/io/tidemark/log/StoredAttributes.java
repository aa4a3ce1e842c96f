package io.tidemark.log;

import io.tidemark.wire.AttributeValue;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An item (or map attribute) decoded from the log or a checkpoint: its names and values in two
 * arrays, in stored order, immutable as every item in a view is. A view holds millions of these,
 * so their size matters: two small objects instead of a LinkedHashMap's table and one entry per
 * attribute, which is less to allocate when a view is rebuilt and less for the garbage collector
 * to copy while it is. Lookups compare names one by one, so only small items are kept this way
 * ({@link #MAX_ATTRIBUTES}).
 */
final class StoredAttributes extends AbstractMap<String, AttributeValue> {
  /** Larger items are decoded into a hash map: a linear lookup would cost more than it saves. */
  static final int MAX_ATTRIBUTES = 16;

  private final String[] names;
  private final AttributeValue[] values;

  StoredAttributes(String[] names, AttributeValue[] values) {
    this.names = names;
    this.values = values;
  }

  @Override
  public int size() {
    return names.length;
  }

  private int indexOf(Object name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public AttributeValue get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public Set<Entry<String, AttributeValue>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return names.length;
      }

      @Override
      public Iterator<Entry<String, AttributeValue>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Entry<String, AttributeValue> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            Entry<String, AttributeValue> e = Map.entry(names[next], values[next]);
            next++;
            return e;
          }
        };
      }
    };
  }
}
