package io.tidemark.partiql;

import io.tidemark.expr.Projection;
import io.tidemark.expr.UpdatePlan;
import io.tidemark.wire.AttributeValue;
import java.util.List;
import java.util.Map;

/**
 * A compiled PartiQL statement. Expressions are in Tidemark's native expression language, over
 * placeholder maps ({@code #n0}, {@code :v0}) that all the expressions of one statement share, and
 * are also given parsed, ready for the existing evaluators. Executing them (choosing GetItem, Query
 * or Scan, the key checks that need the table's schema) is the executor's business.
 */
public sealed interface Statement
    permits Statement.Select, Statement.Insert, Statement.Update, Statement.Delete, Statement.Exists {
  String tableName();

  /**
   * {@code SELECT ... FROM table[."index"] [WHERE ...] [ORDER BY ...]}.
   *
   * @param indexName null when reading the table itself
   * @param projectionExpression native ProjectionExpression, null for {@code *}
   * @param projection {@code projectionExpression} parsed, null for {@code *}
   * @param where null when there is no WHERE clause (a full scan)
   */
  record Select(String tableName, String indexName, String projectionExpression, Projection projection, Where where,
      List<OrderBy> orderBy, Map<String, String> names, Map<String, AttributeValue> values) implements Statement {}

  /** {@code INSERT INTO table VALUE {...}}: put the item unless its key exists (DuplicateItem). */
  record Insert(String tableName, Map<String, AttributeValue> item) implements Statement {}

  /**
   * {@code UPDATE table SET ... REMOVE ... WHERE ... [RETURNING ...]}: an UpdateItem of the item
   * that WHERE names by key, with WHERE as its condition.
   *
   * @param updateExpression native UpdateExpression; set_add / set_delete become ADD / DELETE
   * @param plan {@code updateExpression} parsed
   */
  record Update(String tableName, String updateExpression, UpdatePlan plan, Where where, ReturnValues returnValues,
      Map<String, String> names, Map<String, AttributeValue> values) implements Statement {}

  /** {@code DELETE FROM table WHERE ... [RETURNING ALL OLD *]}: a DeleteItem with WHERE as its condition. */
  record Delete(String tableName, Where where, ReturnValues returnValues) implements Statement {}

  /**
   * {@code EXISTS(SELECT ...)}: a condition check, allowed only among the write statements of
   * ExecuteTransaction (AWS ql-functions.exists); elsewhere the executor answers {@link
   * PartiQlMessages#EXISTS_ONLY_IN_TRANSACTIONS}.
   */
  record Exists(Select select) implements Statement {
    @Override
    public String tableName() {
      return select.tableName();
    }
  }
}
