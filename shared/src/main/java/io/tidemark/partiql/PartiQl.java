package io.tidemark.partiql;

import io.tidemark.wire.AttributeValue;
import java.util.List;

/**
 * DynamoDB's PartiQL front end: parses one statement of ExecuteStatement, BatchExecuteStatement or
 * ExecuteTransaction and compiles it into Tidemark's native expressions (AWS "PartiQL - a
 * SQL-compatible query language for Amazon DynamoDB"). Stateless and thread-safe.
 *
 * <pre>{@code
 * Statement s = PartiQl.parse("SELECT * FROM \"Music\" WHERE Artist = ? AND begins_with(SongTitle, 'A')",
 *     List.of(AttributeValue.s("Acme Band")));
 * if (s instanceof Statement.Select select) {
 *   List<KeyPredicate> hash = select.where().predicatesOn("Artist"); // EQ 'Acme Band': a Query
 *   Condition filter = select.where().condition();
 * }
 * }</pre>
 */
public final class PartiQl {
  private PartiQl() {}

  /**
   * Parses and compiles {@code statement}, binding its {@code ?} parameters in order from {@code
   * parameters} (null for none). Throws DynamoDB's ValidationException for a statement DynamoDB
   * rejects without looking at the table; checks that need the table (key schema, index names)
   * are left to the executor.
   */
  public static Statement parse(String statement, List<AttributeValue> parameters) {
    if (statement == null || statement.isBlank()) {
      throw Errors.malformed(PartiQlMessages.EXPECTED_DML);
    }
    return Compiler.compile(Parser.parse(statement, parameters));
  }
}
