package io.tidemark.partiql;

import static io.tidemark.partiql.Support.delete;
import static io.tidemark.partiql.Support.error;
import static io.tidemark.partiql.Support.item;
import static io.tidemark.partiql.Support.malformed;
import static io.tidemark.partiql.Support.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** DELETE FROM ... WHERE ... [RETURNING ALL OLD *] (AWS ql-reference.delete) and EXISTS. */
class DeleteTest {
  @Test
  void documentedExample() {
    Statement.Delete d = delete("DELETE FROM \"Music\" WHERE \"Artist\" = 'Acme Band' AND \"SongTitle\" = 'PartiQL Rocks'");
    assertEquals("Music", d.tableName());
    assertEquals("#n0 = :v0 AND #n1 = :v1", d.where().expression());
    assertEquals(s("Acme Band"), d.where().predicatesOn("Artist").get(0).value());
    assertEquals(ReturnValues.NONE, d.returnValues());
    assertTrue(d.where().condition().test(item("{'Artist': {'S': 'Acme Band'}, 'SongTitle': {'S': 'PartiQL Rocks'}}")));
    assertFalse(d.where().condition().test(item("{'Artist': {'S': 'Acme Band'}, 'SongTitle': {'S': 'Other'}}")));
  }

  @Test
  void returningAllOld() {
    assertEquals(ReturnValues.ALL_OLD, delete("DELETE FROM Music WHERE pk = 1 RETURNING ALL OLD *").returnValues());
    assertEquals("Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements.",
        error("DELETE FROM Music WHERE pk = 'x' RETURNING ALL NEW *"));
    assertEquals("Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is allowed in DELETE "
        + "statements.", error("DELETE FROM Music WHERE pk = 'x' RETURNING MODIFIED OLD *"));
  }

  @Test
  void errors() {
    for (String s : new String[] {"DELETE FROM", "DELETE FROM   ", "DELETE FROM;", "DELETE FROM WHERE pk = 'a'"}) {
      assertEquals(malformed(PartiQlMessages.EXPECTED_SIMPLE_PATH), error(s), s);
    }
    assertEquals(PartiQlMessages.INCOMPLETE_KEY, error("DELETE FROM Music"));
    assertEquals(PartiQlMessages.ALIASING, error("DELETE FROM \"Music\" t WHERE pk = 'x'"));
    assertEquals(malformed(PartiQlMessages.LEFTOVER), error("DELETE FROM Music WHERE pk = 970003 foo"));
    assertEquals(malformed(PartiQlMessages.LEFTOVER), error("DELETE FROM Music WHERE pk = 970004 ORDER BY pk"));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_TERM), error("DELETE FROM Music WHERE"));
    assertEquals(malformed("Expected FROM"), error("DELETE Music WHERE pk = 1"));
    assertEquals(PartiQlMessages.DML_INVALID_FROM, error("DELETE FROM Music, Other WHERE pk = 1"));
  }

  @Test
  void existsIsAConditionCheck() {
    Statement.Exists e = assertInstanceOf(Statement.Exists.class, Support.parse(
        "EXISTS( SELECT * FROM \"Music\" WHERE \"Artist\" = 'Acme Band' AND \"SongTitle\" = 'PartiQL Rocks')"));
    assertEquals("Music", e.tableName());
    assertEquals("#n0 = :v0 AND #n1 = :v1", e.select().where().expression());
    assertEquals("Unsupported operator in Condition Expression. Operator: EXISTS",
        error("SELECT * FROM Music WHERE EXISTS(SELECT * FROM Music WHERE pk = 1)"));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_TERM), error("EXISTS(1)"));
  }
}
