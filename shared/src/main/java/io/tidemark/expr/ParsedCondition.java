package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import java.util.Map;
import java.util.Set;

/** A condition parsed from an expression or mapped from legacy parameters. */
final class ParsedCondition implements Condition {
  final Ast.Cond root;
  private final Set<String> topLevelNames;
  private final Set<String> nestedTopLevelNames;

  ParsedCondition(Ast.Cond root, Set<String> topLevelNames, Set<String> nestedTopLevelNames) {
    this.root = root;
    this.topLevelNames = Set.copyOf(topLevelNames);
    this.nestedTopLevelNames = Set.copyOf(nestedTopLevelNames);
  }

  @Override
  public boolean test(Map<String, AttributeValue> item) {
    return ConditionEvaluator.test(root, item);
  }

  @Override
  public Set<String> topLevelNames() {
    return topLevelNames;
  }

  @Override
  public Set<String> nestedTopLevelNames() {
    return nestedTopLevelNames;
  }
}
