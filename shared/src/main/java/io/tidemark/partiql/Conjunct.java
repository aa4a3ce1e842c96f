package io.tidemark.partiql;

/**
 * One top-level AND term of a WHERE clause: its native condition expression (placeholders of the
 * statement's names and values maps, valid on its own) and, when it has one, its structured form.
 */
public record Conjunct(String expression, KeyPredicate predicate) {
  public boolean hasPredicate() {
    return predicate != null;
  }
}
