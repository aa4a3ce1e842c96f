package io.tidemark.partiql;

import static io.tidemark.partiql.Support.av;
import static io.tidemark.partiql.Support.error;
import static io.tidemark.partiql.Support.n;
import static io.tidemark.partiql.Support.s;
import static io.tidemark.partiql.Support.select;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidemark.wire.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Positional {@code ?} parameters, bound in statement order (AWS ExecuteStatement, "Parameters"). */
class ParametersTest {
  @Test
  void boundInOrderOfAppearance() {
    Statement.Select sel = select("SELECT * FROM Music WHERE a = ? AND b BETWEEN ? AND ? AND c IN [?, ?]",
        s("1"), n("2"), n("3"), s("4"), s("5"));
    assertEquals(Map.of(":v0", s("1"), ":v1", n("2"), ":v2", n("3"), ":v3", s("4"), ":v4", s("5")),
        sel.where().values());
  }

  @Test
  void everyTypeIncludingBinary() {
    AttributeValue[] values = {s("x"), n("1"), av("{'B': 'AAE='}"), av("{'SS': ['a']}"), av("{'NS': ['1']}"),
        av("{'BS': ['AAE=']}"), av("{'M': {'k': {'S': 'v'}}}"), av("{'L': [{'N': '1'}]}"), AttributeValue.TRUE,
        AttributeValue.NULL};
    for (AttributeValue v : values) {
      assertEquals(v, select("SELECT * FROM Music WHERE a = ?", v).where().values().get(":v0"));
    }
  }

  @Test
  void insideLiteralsAndFunctions() {
    Statement.Select sel = select("SELECT * FROM Music WHERE begins_with(a, ?) AND b = [?, {'k': ?}]",
        s("pre"), n("1"), s("v"));
    assertEquals(s("pre"), sel.where().values().get(":v0"));
    assertEquals(av("{'L': [{'N': '1'}, {'M': {'k': {'S': 'v'}}}]}"), sel.where().values().get(":v1"));
  }

  @Test
  void questionMarkInAStringOrNameIsText() {
    Statement.Select sel = select("SELECT * FROM Music WHERE \"a?\" = 'b?'");
    assertEquals(s("b?"), sel.where().values().get(":v0"));
    assertEquals("a?", sel.where().names().get("#n0"));
  }

  @Test
  void countMustMatch() {
    assertEquals(PartiQlMessages.PARAMETER_COUNT, error("SELECT * FROM Music WHERE a = ?"));
    assertEquals(PartiQlMessages.PARAMETER_COUNT, error("SELECT * FROM Music WHERE a = ? AND b = ?", s("1")));
    assertEquals(PartiQlMessages.PARAMETER_COUNT, error("SELECT * FROM Music WHERE a = ?", s("1"), s("2")));
    assertEquals(PartiQlMessages.PARAMETER_COUNT, error("SELECT * FROM Music", s("1")));
    assertEquals(PartiQlMessages.PARAMETER_COUNT, error("SELECT * FROM Music WHERE a = ?", (java.util.List<AttributeValue>) null));
    assertEquals(0, PartiQl.parse("SELECT * FROM Music WHERE a = 1", null).tableName().indexOf("Music"));
  }

  @Test
  void notInsideSetLiterals() {
    assertEquals(PartiQlMessages.BAG_TYPE, error("UPDATE Music SET s = set_add(s, <<?>>) WHERE pk = 1", s("x")));
  }
}
