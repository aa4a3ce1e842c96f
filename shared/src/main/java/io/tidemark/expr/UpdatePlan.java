package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed UpdateExpression (or legacy AttributeUpdates): the actions to apply to an item.
 * Immutable and reusable; {@link #apply} never mutates its input.
 */
public final class UpdatePlan {
  enum ActionType { SET, REMOVE, ADD, DELETE }

  /** The right-hand side of a SET action: an operand, or two operands joined by + or -. */
  static final class SetValue {
    final Ast.Operand left;
    /** 0, '+' or '-'. */
    final char operator;
    final Ast.Operand right;

    SetValue(Ast.Operand left, char operator, Ast.Operand right) {
      this.left = left;
      this.operator = operator;
      this.right = right;
    }
  }

  static final class Action {
    final ActionType type;
    final Path path;
    /** SET only. */
    final SetValue value;
    /** ADD / DELETE only. */
    final AttributeValue operand;

    Action(ActionType type, Path path, SetValue value, AttributeValue operand) {
      this.type = type;
      this.path = path;
      this.value = value;
      this.operand = operand;
    }
  }

  /**
   * The paths of the actions arranged as a tree: DynamoDB applies all actions on one list in index
   * order against the list as it was, whatever the order of the clauses. Each leaf holds one action.
   */
  static final class Node {
    final LinkedHashMap<String, Node> names = new LinkedHashMap<>();
    final TreeMap<Integer, Node> indexes = new TreeMap<>();
    int action = -1;

    Node child(Path path, int element) {
      if (path.isIndex(element)) {
        return indexes.computeIfAbsent(path.index(element), k -> new Node());
      }
      return names.computeIfAbsent(path.name(element), k -> new Node());
    }
  }

  final List<Action> actions;
  final boolean legacy;
  final Node root = new Node();
  private final List<Path> paths;
  private final Set<String> writtenTopLevelNames;
  private final Set<String> nestedTopLevelNames;

  UpdatePlan(List<Action> actions, boolean legacy, Set<String> nestedTopLevelNames) {
    this.actions = List.copyOf(actions);
    this.legacy = legacy;
    List<Path> p = new ArrayList<>(actions.size());
    Set<String> written = new LinkedHashSet<>();
    for (int i = 0; i < actions.size(); i++) {
      Path path = actions.get(i).path;
      p.add(path);
      written.add(path.topLevelName());
      Node node = root;
      for (int e = 0; e < path.length(); e++) {
        node = node.child(path, e);
      }
      node.action = i;
    }
    this.paths = Collections.unmodifiableList(p);
    this.writtenTopLevelNames = Collections.unmodifiableSet(written);
    this.nestedTopLevelNames = Set.copyOf(nestedTopLevelNames);
  }

  /**
   * Applies the update to {@code oldItem} (null when there is no item yet) and returns the new item,
   * a new map that shares unchanged values with the old one. When there was no item, the result
   * holds only the updated attributes: the caller adds the key. Throws DynamoDB's
   * ValidationException when the item does not fit the update (invalid document path, operand of
   * the wrong type, missing attribute referenced by SET, number overflow).
   */
  public Map<String, AttributeValue> apply(Map<String, AttributeValue> oldItem) {
    return UpdateApplier.apply(this, oldItem);
  }

  /** Every path the update writes or removes, in the order of the expression. */
  public List<Path> paths() {
    return paths;
  }

  /** True when some action writes or removes {@code attributeName} or something inside it. */
  public boolean touchesTopLevel(String attributeName) {
    return writtenTopLevelNames.contains(attributeName);
  }

  /** The top-level attributes written or removed. */
  public Set<String> topLevelNames() {
    return writtenTopLevelNames;
  }

  /**
   * The top-level attributes used anywhere in the expression through a nested path (for "Key
   * attributes must be scalars; list random access '[]' and map lookup '.' are not allowed").
   */
  public Set<String> nestedTopLevelNames() {
    return nestedTopLevelNames;
  }
}
