package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A document path: a top-level attribute name followed by map keys and list indexes, such as
 * {@code a.b[1].c}. Names are the resolved attribute names (expression attribute names already
 * substituted). Immutable.
 */
public final class Path {
  /** One entry per element: the map key, or null where the element is a list index. */
  private final String[] names;
  /** One entry per element: the list index, meaningful where {@code names[i] == null}. */
  private final int[] indexes;
  private final int hash;

  private Path(String[] names, int[] indexes) {
    this.names = names;
    this.indexes = indexes;
    this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(indexes);
  }

  /** A top-level attribute. */
  public static Path of(String attributeName) {
    return new Path(new String[] {Objects.requireNonNull(attributeName)}, new int[1]);
  }

  /**
   * A path from its elements: the first must be a String (the attribute name); each further one is
   * a String (map key) or an Integer (list index).
   */
  public static Path of(Object... elements) {
    if (elements.length == 0 || !(elements[0] instanceof String)) {
      throw new IllegalArgumentException("a path starts with an attribute name");
    }
    String[] names = new String[elements.length];
    int[] indexes = new int[elements.length];
    for (int i = 0; i < elements.length; i++) {
      Object e = elements[i];
      if (e instanceof String) {
        names[i] = (String) e;
      } else if (e instanceof Integer && (Integer) e >= 0) {
        indexes[i] = (Integer) e;
      } else {
        throw new IllegalArgumentException("not a path element: " + e);
      }
    }
    return new Path(names, indexes);
  }

  /** This path followed by the map key {@code name}. */
  public Path child(String name) {
    String[] n = Arrays.copyOf(names, names.length + 1);
    int[] x = Arrays.copyOf(indexes, indexes.length + 1);
    n[names.length] = Objects.requireNonNull(name);
    return new Path(n, x);
  }

  /** This path followed by the list index {@code index}. */
  public Path atIndex(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative index");
    }
    String[] n = Arrays.copyOf(names, names.length + 1);
    int[] x = Arrays.copyOf(indexes, indexes.length + 1);
    x[indexes.length] = index;
    return new Path(n, x);
  }

  /** Number of elements, the top-level name included. */
  public int length() {
    return names.length;
  }

  public boolean isIndex(int element) {
    return names[element] == null;
  }

  /** The map key (or top-level name) at {@code element}; null where that element is an index. */
  public String name(int element) {
    return names[element];
  }

  public int index(int element) {
    return indexes[element];
  }

  public String topLevelName() {
    return names[0];
  }

  /** True when the path is just an attribute name, with no nested element. */
  public boolean isTopLevel() {
    return names.length == 1;
  }

  /** The value this path designates in {@code item}, or null when it does not resolve. */
  public AttributeValue resolve(Map<String, AttributeValue> item) {
    if (item == null) {
      return null;
    }
    AttributeValue value = item.get(names[0]);
    for (int i = 1; i < names.length && value != null; i++) {
      String name = names[i];
      if (name != null) {
        value = value.type() == AttributeValue.Type.M ? value.m().get(name) : null;
      } else if (value.type() == AttributeValue.Type.L) {
        List<AttributeValue> list = value.l();
        int index = indexes[i];
        value = index < list.size() ? list.get(index) : null;
      } else {
        value = null;
      }
    }
    return value;
  }

  /** DynamoDB's rendering in error messages: {@code [a, b, [1]]}. */
  String bracketString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      if (names[i] != null) {
        sb.append(names[i]);
      } else {
        sb.append('[').append(indexes[i]).append(']');
      }
    }
    return sb.append(']').toString();
  }

  /** The element at {@code i} equals the element at {@code j} of {@code other}. */
  boolean sameElement(int i, Path other, int j) {
    String a = names[i];
    String b = other.names[j];
    if (a == null || b == null) {
      return a == null && b == null && indexes[i] == other.indexes[j];
    }
    return a.equals(b);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Path)) {
      return false;
    }
    Path p = (Path) o;
    return hash == p.hash && Arrays.equals(names, p.names) && Arrays.equals(indexes, p.indexes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Document-path notation: {@code a.b[1].c}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(names[0]);
    for (int i = 1; i < names.length; i++) {
      if (names[i] != null) {
        sb.append('.').append(names[i]);
      } else {
        sb.append('[').append(indexes[i]).append(']');
      }
    }
    return sb.toString();
  }
}
