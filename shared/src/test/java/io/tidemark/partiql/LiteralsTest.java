package io.tidemark.partiql;

import static io.tidemark.partiql.Support.av;
import static io.tidemark.partiql.Support.error;
import static io.tidemark.partiql.Support.insert;
import static io.tidemark.partiql.Support.malformed;
import static io.tidemark.partiql.Support.n;
import static io.tidemark.partiql.Support.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidemark.wire.AttributeValue;
import org.junit.jupiter.api.Test;

/** Literal syntax (AWS ql-reference.data-types) and DynamoDB's limits on values. */
class LiteralsTest {
  private static AttributeValue value(String literal) {
    return insert("INSERT INTO Music VALUE {'v': " + literal + "}").item().get("v");
  }

  @Test
  void strings() {
    assertEquals(s("it's here"), value("'it''s here'"));
    assertEquals(s(""), value("''"));
    assertEquals(s("say \"hi\" -- not a comment /* nor this */"), value("'say \"hi\" -- not a comment /* nor this */'"));
    assertEquals(s("ünïcødé 😀"), value("'ünïcødé 😀'"));
    assertEquals(s("line\nbreak"), value("'line\nbreak'"));
  }

  @Test
  void numbers() {
    assertEquals(n("1"), value("1"));
    assertEquals(n("1"), value("1.0"));
    assertEquals(n("1"), value("1e0"));
    assertEquals(n("-0.001"), value("-1E-3"));
    assertEquals(n("1.5"), value("+1.50"));
    assertEquals(n("12345678901234567890123456789012345678"), value("12345678901234567890123456789012345678"));
    assertEquals(n("5"), value("- -5"));
  }

  @Test
  void booleansAndNullIgnoreCase() {
    assertEquals(AttributeValue.TRUE, value("TRUE"));
    assertEquals(AttributeValue.FALSE, value("False"));
    assertEquals(AttributeValue.NULL, value("null"));
  }

  @Test
  void collections() {
    assertEquals(av("{'L': [{'N': '1'}, {'L': []}, {'M': {'a': {'SS': ['x']}}}]}"), value("[1, [], {'a': <<'x'>>}]"));
    assertEquals(av("{'NS': ['1', '2.5']}"), value("<<1, 2.5>>"));
    assertEquals(av("{'SS': ['b', 'a']}"), value("<< 'b' , 'a' >>"));
    assertEquals(av("{'L': [{'N': '1'}, {'N': '2'}]}"), value("(1, 2)"));
  }

  @Test
  void setErrors() {
    assertEquals(PartiQlMessages.EMPTY_BAG, error("INSERT INTO Music VALUE {'v': <<>>}"));
    assertEquals(PartiQlMessages.BAG_TYPE, error("INSERT INTO Music VALUE {'v': <<1, 'a'>>}"));
    assertEquals(PartiQlMessages.BAG_TYPE, error("INSERT INTO Music VALUE {'v': <<true>>}"));
    assertEquals(PartiQlMessages.BAG_TYPE, error("INSERT INTO Music VALUE {'v': <<[1]>>}"));
    assertEquals(PartiQlMessages.BAG_TYPE, error("INSERT INTO Music VALUE {'v': <<a>>}"));
    assertEquals(PartiQlMessages.BAG_DUPLICATES, error("INSERT INTO Music VALUE {'v': <<'a', 'a'>>}"));
    assertEquals(PartiQlMessages.BAG_DUPLICATES, error("INSERT INTO Music VALUE {'v': <<1, 1.0>>}"));
  }

  @Test
  void numberErrors() {
    assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range under root",
        error("SELECT * FROM Music WHERE pk = 1e126"));
    assertEquals("Number underflow. Attempting to store a number with magnitude smaller than supported range under root",
        error("SELECT * FROM Music WHERE pk = 1e-131"));
    assertEquals("Attempting to store more than 38 significant digits in a Number under root",
        error("SELECT * FROM Music WHERE pk = 123456789012345678901234567890123456789"));
    assertEquals(malformed(""), error("SELECT * FROM Music WHERE pk = 1e2147483648"));
    assertEquals(malformed(""), error("SELECT * FROM Music WHERE pk = 1e99999999999"));
    assertEquals(malformed(""), error("SELECT * FROM Music WHERE pk = 1.5e-2147483647"));
    assertEquals(malformed(PartiQlMessages.LEFTOVER), error("SELECT * FROM Music WHERE pk = 1 e5"));
  }

  @Test
  void lexicalErrorsHaveNoDetail() {
    assertEquals(malformed(""), error("SELECT * FROM Music WHERE pk = 1 # note"));
    assertEquals(malformed(""), error("SELECT * FROM Music WHERE pk = 1 /* note"));
    assertEquals(malformed(""), error("SELECT * FROM Music WHERE pk = 'open"));
    assertEquals(malformed(""), error("SELECT * FROM \"Music WHERE pk = 1"));
    assertEquals(malformed(""), error("SELECT * FROM Music WHERE pk = `ion`"));
    assertEquals(malformed(""), error("SELECT * FROM Music WHERE pk ! 1"));
  }
}
