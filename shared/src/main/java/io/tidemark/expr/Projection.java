package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValue.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of document paths to copy out of an item (ProjectionExpression, AttributesToGet, and the
 * UPDATED_OLD / UPDATED_NEW return values). As DynamoDB does (AWS "Projection expressions"), nested
 * maps keep their structure with only the projected keys, and the projected elements of a list
 * come back as a compacted list in index order. Paths that do not resolve are left out.
 */
public final class Projection {
  /** The paths as a tree; a terminal node copies the whole value found there. */
  private static final class Node {
    final LinkedHashMap<String, Node> names = new LinkedHashMap<>();
    final TreeMap<Integer, Node> indexes = new TreeMap<>();
    boolean terminal;
  }

  private final List<Path> paths;
  private final Node root = new Node();

  Projection(List<Path> paths) {
    this.paths = Collections.unmodifiableList(new ArrayList<>(paths));
    for (Path path : paths) {
      Node node = root;
      for (int e = 0; e < path.length(); e++) {
        node = path.isIndex(e)
            ? node.indexes.computeIfAbsent(path.index(e), k -> new Node())
            : node.names.computeIfAbsent(path.name(e), k -> new Node());
      }
      node.terminal = true;
    }
  }

  /** A projection of the given paths, without the checks of a ProjectionExpression. */
  public static Projection ofPaths(List<Path> paths) {
    return new Projection(paths);
  }

  public List<Path> paths() {
    return paths;
  }

  /** The projected item; empty (never null) when nothing resolves or {@code item} is null. */
  public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> result = new LinkedHashMap<>();
    if (item == null || item.isEmpty()) {
      return result;
    }
    for (Map.Entry<String, Node> e : root.names.entrySet()) {
      AttributeValue value = item.get(e.getKey());
      if (value != null) {
        AttributeValue projected = project(value, e.getValue());
        if (projected != null) {
          result.put(e.getKey(), projected);
        }
      }
    }
    return result;
  }

  private static AttributeValue project(AttributeValue value, Node node) {
    if (node.terminal) {
      return value;
    }
    if (value.type() == Type.M && !node.names.isEmpty()) {
      Map<String, AttributeValue> map = value.m();
      Map<String, AttributeValue> out = null;
      for (Map.Entry<String, Node> e : node.names.entrySet()) {
        AttributeValue child = map.get(e.getKey());
        if (child != null) {
          AttributeValue projected = project(child, e.getValue());
          if (projected != null) {
            if (out == null) {
              out = new LinkedHashMap<>();
            }
            out.put(e.getKey(), projected);
          }
        }
      }
      return out == null ? null : AttributeValue.m(out);
    }
    if (value.type() == Type.L && !node.indexes.isEmpty()) {
      List<AttributeValue> list = value.l();
      List<AttributeValue> out = null;
      for (Map.Entry<Integer, Node> e : node.indexes.headMap(list.size()).entrySet()) {
        AttributeValue projected = project(list.get(e.getKey()), e.getValue());
        if (projected != null) {
          if (out == null) {
            out = new ArrayList<>();
          }
          out.add(projected);
        }
      }
      return out == null ? null : AttributeValue.l(out);
    }
    return null;
  }
}
