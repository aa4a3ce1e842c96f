package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DuplicateItemException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * ExecuteStatement, BatchExecuteStatement and ExecuteTransaction through the SDK.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
 */
class PartiQlTest extends SdkTestBase {
  private static String table;

  @BeforeAll
  static void createTable() {
    table = createTable("partiql", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
  }

  private static List<Map<String, AttributeValue>> run(String statement, AttributeValue... parameters) {
    return ddb.executeStatement(r -> r.statement(statement).parameters(parameters.length == 0 ? null : List.of(parameters)))
        .items();
  }

  @Test
  void insertSelectUpdateDelete() {
    run("INSERT INTO \"" + table + "\" VALUE {'pk': 'a', 'sk': 1, 'color': 'red', 'n': 10}");
    run("INSERT INTO \"" + table + "\" VALUE {'pk': ?, 'sk': ?, 'color': 'blue'}", s("a"), n("2"));
    assertError(DuplicateItemException.class, "DuplicateItemException", "Duplicate primary key exists in table",
        () -> run("INSERT INTO \"" + table + "\" VALUE {'pk': 'a', 'sk': 1}"));
    List<Map<String, AttributeValue>> all = run("SELECT * FROM \"" + table + "\" WHERE pk = 'a'");
    assertEquals(2, all.size());
    assertEquals(List.of(Map.of("color", s("red"))),
        run("SELECT color FROM \"" + table + "\" WHERE pk = ? AND sk = ?", s("a"), n("1")));
    assertEquals(1, run("SELECT * FROM \"" + table + "\" WHERE color = 'blue'").size(), "a scan with a filter");
    run("INSERT INTO \"" + table + "\" VALUE {'pk': 'doc', 'sk': 1, 'm': {'nested': 'deep', 'other': 1}}");
    assertEquals(List.of(Map.of("nested", s("deep"))),
        run("SELECT m.nested FROM \"" + table + "\" WHERE pk = 'doc' AND sk = 1"), "named by the path's last name");
    List<Map<String, AttributeValue>> desc = run("SELECT sk FROM \"" + table + "\" WHERE pk = 'a' ORDER BY sk DESC");
    assertEquals(List.of(n("2"), n("1")), List.of(desc.get(0).get("sk"), desc.get(1).get("sk")));

    assertEquals(List.of(), run("UPDATE \"" + table + "\" SET n = n + 5 REMOVE color WHERE pk = 'a' AND sk = 1"));
    Map<String, AttributeValue> updated = run("SELECT * FROM \"" + table + "\" WHERE pk = 'a' AND sk = 1").get(0);
    assertEquals(n("15"), updated.get("n"));
    assertFalse(updated.containsKey("color"));
    List<Map<String, AttributeValue>> returned = run("UPDATE \"" + table + "\" SET n = 1 WHERE pk = 'a' AND sk = 1 "
        + "RETURNING MODIFIED OLD *");
    assertEquals(List.of(Map.of("n", n("15"))), returned);
    assertError(ConditionalCheckFailedException.class, "ConditionalCheckFailedException", null,
        () -> run("UPDATE \"" + table + "\" SET n = 2 WHERE pk = 'a' AND sk = 1 AND n = 99"));
    assertError(ConditionalCheckFailedException.class, "ConditionalCheckFailedException", null,
        () -> run("UPDATE \"" + table + "\" SET n = 2 WHERE pk = 'absent' AND sk = 1"));
    assertError(DynamoDbException.class, "ValidationException",
        "Where clause does not contain a mandatory equality on all key attributes",
        () -> run("UPDATE \"" + table + "\" SET n = 2 WHERE pk = 'a'"));

    assertEquals(List.of(), run("DELETE FROM \"" + table + "\" WHERE pk = 'nobody' AND sk = 1"), "absent: no-op");
    List<Map<String, AttributeValue>> deleted = run("DELETE FROM \"" + table + "\" WHERE pk = 'a' AND sk = 2 "
        + "RETURNING ALL OLD *");
    assertEquals(s("blue"), deleted.get(0).get("color"));
    assertEquals(1, run("SELECT * FROM \"" + table + "\" WHERE pk = 'a'").size());
    assertError(DynamoDbException.class, "ValidationException", null,
        () -> run("SELEC * FROM \"" + table + "\""));
  }

  @Test
  void selectPagesWithLimitAndNextToken() {
    for (int i = 0; i < 7; i++) {
      run("INSERT INTO \"" + table + "\" VALUE {'pk': 'pages', 'sk': ?}", n(Integer.toString(i)));
    }
    List<AttributeValue> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      ExecuteStatementResponse page = ddb.executeStatement(r -> r.statement("SELECT sk FROM \"" + table
          + "\" WHERE pk = 'pages'").limit(3).nextToken(next));
      page.items().forEach(item -> seen.add(item.get("sk")));
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertEquals(7, seen.size());
    assertTrue(pages >= 3);
  }

  @Test
  void batchStatementsRunOnTheirOwn() {
    run("INSERT INTO \"" + table + "\" VALUE {'pk': 'batch', 'sk': 1, 'v': 'one'}");
    var batch = ddb.batchExecuteStatement(r -> r.returnConsumedCapacity("TOTAL").statements(
        BatchStatementRequest.builder().statement("SELECT * FROM \"" + table + "\" WHERE pk = 'batch' AND sk = 1").build(),
        BatchStatementRequest.builder().statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'batch', 'sk': 1}").build(),
        BatchStatementRequest.builder().statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'batch', 'sk': 2}").build(),
        BatchStatementRequest.builder().statement("SELECT * FROM \"" + table + "\" WHERE pk = 'batch'").build()));
    List<BatchStatementResponse> responses = batch.responses();
    assertEquals(1.5, batch.consumedCapacity().get(0).capacityUnits(), "an eventually consistent read and a write");
    assertEquals(s("one"), responses.get(0).item().get("v"));
    assertEquals("DuplicateItem", responses.get(1).error().codeAsString());
    assertEquals(table, responses.get(1).tableName());
    assertNull(responses.get(2).error());
    assertEquals("ValidationError", responses.get(3).error().codeAsString());
    assertEquals("Select statements within BatchExecuteStatement must specify the primary key in the where clause.",
        responses.get(3).error().message());
    assertEquals(2, run("SELECT * FROM \"" + table + "\" WHERE pk = 'batch'").size());
  }

  @Test
  void transactionsApplyAllOrNothing() {
    run("INSERT INTO \"" + table + "\" VALUE {'pk': 'tx', 'sk': 1, 'n': 0}");
    ddb.executeTransaction(r -> r.transactStatements(
        ParameterizedStatement.builder().statement("UPDATE \"" + table + "\" SET n = n + 1 WHERE pk = 'tx' AND sk = 1").build(),
        ParameterizedStatement.builder().statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'tx', 'sk': 2}").build()));
    assertEquals(n("1"), run("SELECT n FROM \"" + table + "\" WHERE pk = 'tx' AND sk = 1").get(0).get("n"));
    TransactionCanceledException e = assertError(TransactionCanceledException.class, "TransactionCanceledException", null,
        () -> ddb.executeTransaction(r -> r.transactStatements(
            ParameterizedStatement.builder().statement("UPDATE \"" + table + "\" SET n = n + 1 WHERE pk = 'tx' AND sk = 1").build(),
            ParameterizedStatement.builder().statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'tx', 'sk': 2}").build())));
    assertEquals("DuplicateItem", e.cancellationReasons().get(1).code());
    assertEquals(n("1"), run("SELECT n FROM \"" + table + "\" WHERE pk = 'tx' AND sk = 1").get(0).get("n"),
        "nothing of the cancelled transaction applied");
    var read = ddb.executeTransaction(r -> r.transactStatements(
        ParameterizedStatement.builder().statement("SELECT n FROM \"" + table + "\" WHERE pk = 'tx' AND sk = 1").build(),
        ParameterizedStatement.builder().statement("SELECT n FROM \"" + table + "\" WHERE pk = 'tx' AND sk = 2 AND n = 5")
            .build()));
    assertEquals(Map.of("n", n("1")), read.responses().get(0).item());
    assertFalse(read.responses().get(1).hasItem(), "the rest of WHERE applies to the item read");
    // DELETE with a condition beyond the key: an absent item is not an error, a present one must match
    assertEquals(List.of(), run("DELETE FROM \"" + table + "\" WHERE pk = 'tx' AND sk = 99 AND n = 5"));
    assertError(ConditionalCheckFailedException.class, "ConditionalCheckFailedException", null,
        () -> run("DELETE FROM \"" + table + "\" WHERE pk = 'tx' AND sk = 1 AND n = 5"));
    assertError(DynamoDbException.class, "ValidationException",
        "Validation failed in TransactStatements[0]: RETURNING clause is not supported in ExecuteTransaction.",
        () -> ddb.executeTransaction(r -> r.transactStatements(ParameterizedStatement.builder().statement(
            "DELETE FROM \"" + table + "\" WHERE pk = 'tx' AND sk = 2 RETURNING ALL OLD *").build())));
  }
}
