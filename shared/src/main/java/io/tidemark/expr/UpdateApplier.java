package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValue.Type;
import io.tidemark.wire.DynamoDbException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies an {@link UpdatePlan} to an item. All SET values are computed from the item as it was
 * before the update; then the actions are applied along the tree of paths, copying only the maps
 * and lists on the way to a change.
 */
final class UpdateApplier {
  static final String INVALID_PATH = "The document path provided in the update expression is invalid for update";
  static final String INCORRECT_TYPE = "An operand in the update expression has an incorrect data type";
  static final String MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item";
  static final String LEGACY_TYPE_MISMATCH = "Type mismatch for attribute to update";

  private final UpdatePlan plan;
  private final AttributeValue[] setValues;

  private UpdateApplier(UpdatePlan plan, Map<String, AttributeValue> base) {
    this.plan = plan;
    this.setValues = new AttributeValue[plan.actions.size()];
    for (int i = 0; i < setValues.length; i++) {
      UpdatePlan.Action action = plan.actions.get(i);
      if (action.type == UpdatePlan.ActionType.SET) {
        setValues[i] = evaluate(action.value, base);
      }
    }
  }

  static Map<String, AttributeValue> apply(UpdatePlan plan, Map<String, AttributeValue> oldItem) {
    Map<String, AttributeValue> base = oldItem == null ? Map.of() : oldItem;
    UpdateApplier applier = new UpdateApplier(plan, base);
    Map<String, AttributeValue> result = new LinkedHashMap<>(base);
    applier.applyToMap(result, plan.root);
    return result;
  }

  private void applyToMap(Map<String, AttributeValue> map, UpdatePlan.Node node) {
    for (Map.Entry<String, UpdatePlan.Node> e : node.names.entrySet()) {
      String name = e.getKey();
      UpdatePlan.Node child = e.getValue();
      AttributeValue existing = map.get(name);
      AttributeValue updated;
      if (child.action >= 0) {
        updated = leaf(child.action, existing);
      } else {
        if (existing == null) {
          throw DynamoDbException.validation(INVALID_PATH);
        }
        updated = applyInside(existing, child);
      }
      if (updated == null) {
        map.remove(name);
      } else {
        map.put(name, updated);
      }
    }
  }

  /** Applies the actions below {@code node} inside the map or list {@code existing}. */
  private AttributeValue applyInside(AttributeValue existing, UpdatePlan.Node node) {
    if (!node.names.isEmpty()) {
      if (existing.type() != Type.M) {
        throw DynamoDbException.validation(INVALID_PATH);
      }
      Map<String, AttributeValue> copy = new LinkedHashMap<>(existing.m());
      applyToMap(copy, node);
      return AttributeValue.m(copy);
    }
    if (existing.type() != Type.L) {
      throw DynamoDbException.validation(INVALID_PATH);
    }
    return AttributeValue.l(applyToList(existing.l(), node));
  }

  /**
   * Indexes refer to the list as it was: {@code REMOVE a[1], a[3]} removes the second and fourth
   * elements; a SET or ADD at or beyond the end appends, in index order.
   */
  private List<AttributeValue> applyToList(List<AttributeValue> list, UpdatePlan.Node node) {
    List<AttributeValue> result = new ArrayList<>(list.size() + node.indexes.size());
    Iterator<Map.Entry<Integer, UpdatePlan.Node>> it = node.indexes.entrySet().iterator();
    Map.Entry<Integer, UpdatePlan.Node> next = it.hasNext() ? it.next() : null;
    for (int i = 0; i < list.size(); i++) {
      AttributeValue element = list.get(i);
      if (next == null || next.getKey() != i) {
        result.add(element);
        continue;
      }
      UpdatePlan.Node child = next.getValue();
      next = it.hasNext() ? it.next() : null;
      AttributeValue updated = child.action >= 0 ? leaf(child.action, element) : applyInside(element, child);
      if (updated != null) {
        result.add(updated);
      }
    }
    for (; next != null; next = it.hasNext() ? it.next() : null) {
      UpdatePlan.Node child = next.getValue();
      if (child.action < 0) {
        throw DynamoDbException.validation(INVALID_PATH);
      }
      AttributeValue updated = leaf(child.action, null);
      if (updated != null) {
        result.add(updated);
      }
    }
    return result;
  }

  /** The new value at the end of an action's path; null removes it. */
  private AttributeValue leaf(int actionIndex, AttributeValue existing) {
    UpdatePlan.Action action = plan.actions.get(actionIndex);
    switch (action.type) {
      case SET:
        return setValues[actionIndex];
      case REMOVE:
        return null;
      case ADD:
        return add(existing, action.operand);
      case DELETE:
        return existing == null ? null : delete(existing, action.operand);
      default:
        throw new IllegalStateException(action.type.name());
    }
  }

  private AttributeValue add(AttributeValue existing, AttributeValue operand) {
    if (existing == null) {
      return operand;
    }
    if (existing.type() == operand.type()) {
      switch (existing.type()) {
        case N:
          return AttributeValue.n(existing.n().add(operand.n()));
        case SS: {
          List<String> members = new ArrayList<>(existing.ss());
          for (String s : operand.ss()) {
            if (!members.contains(s)) {
              members.add(s);
            }
          }
          return AttributeValue.ss(members);
        }
        case NS: {
          List<io.tidemark.wire.DynamoNumber> members = new ArrayList<>(existing.ns());
          for (io.tidemark.wire.DynamoNumber n : operand.ns()) {
            if (!members.contains(n)) {
              members.add(n);
            }
          }
          return AttributeValue.ns(members);
        }
        case BS: {
          List<io.tidemark.wire.Bytes> members = new ArrayList<>(existing.bs());
          for (io.tidemark.wire.Bytes b : operand.bs()) {
            if (!members.contains(b)) {
              members.add(b);
            }
          }
          return AttributeValue.bs(members);
        }
        case L:
          if (plan.legacy) {
            List<AttributeValue> elements = new ArrayList<>(existing.l());
            elements.addAll(operand.l());
            return AttributeValue.l(elements);
          }
          break;
        default:
          break;
      }
    }
    throw typeError();
  }

  /** Removes the members of {@code operand} from the set {@code existing}; null when none is left. */
  private AttributeValue delete(AttributeValue existing, AttributeValue operand) {
    if (existing.type() != operand.type()) {
      throw typeError();
    }
    List<?> remove = operand.setMembers();
    List<Object> left = new ArrayList<>(existing.setMembers().size());
    for (Object member : existing.setMembers()) {
      if (!remove.contains(member)) {
        left.add(member);
      }
    }
    if (left.isEmpty()) {
      return null;
    }
    if (left.size() == existing.setMembers().size()) {
      return existing;
    }
    switch (existing.type()) {
      case SS:
        return AttributeValue.ss(castList(left));
      case NS:
        return AttributeValue.ns(castList(left));
      default:
        return AttributeValue.bs(castList(left));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> castList(List<Object> list) {
    return (List<T>) (List<?>) list;
  }

  private DynamoDbException typeError() {
    return DynamoDbException.validation(plan.legacy ? LEGACY_TYPE_MISMATCH : INCORRECT_TYPE);
  }

  private static AttributeValue evaluate(UpdatePlan.SetValue value, Map<String, AttributeValue> item) {
    AttributeValue left = operand(value.left, item);
    if (value.operator == 0) {
      return left;
    }
    if (left.type() != Type.N) {
      throw DynamoDbException.validation(INCORRECT_TYPE);
    }
    AttributeValue right = operand(value.right, item);
    if (right.type() != Type.N) {
      throw DynamoDbException.validation(INCORRECT_TYPE);
    }
    return AttributeValue.n(value.operator == '+' ? left.n().add(right.n()) : left.n().subtract(right.n()));
  }

  private static AttributeValue operand(Ast.Operand o, Map<String, AttributeValue> item) {
    switch (o.kind) {
      case VALUE:
        return o.value;
      case PATH: {
        AttributeValue v = o.path.resolve(item);
        if (v == null) {
          throw DynamoDbException.validation(MISSING_ATTRIBUTE);
        }
        return v;
      }
      case CALL: {
        Ast.Operand[] args = o.call.args;
        if (o.call.fn == Ast.Fn.IF_NOT_EXISTS) {
          AttributeValue v = args[0].path.resolve(item);
          return v != null ? v : operand(args[1], item);
        }
        // list_append
        AttributeValue a = operand(args[0], item);
        if (a.type() != Type.L) {
          throw DynamoDbException.validation(INCORRECT_TYPE);
        }
        AttributeValue b = operand(args[1], item);
        if (b.type() != Type.L) {
          throw DynamoDbException.validation(INCORRECT_TYPE);
        }
        List<AttributeValue> elements = new ArrayList<>(a.l().size() + b.l().size());
        elements.addAll(a.l());
        elements.addAll(b.l());
        return AttributeValue.l(elements);
      }
      default:
        throw new IllegalStateException(o.kind.name());
    }
  }
}
