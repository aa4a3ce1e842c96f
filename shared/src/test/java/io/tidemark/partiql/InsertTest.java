package io.tidemark.partiql;

import static io.tidemark.partiql.Support.error;
import static io.tidemark.partiql.Support.insert;
import static io.tidemark.partiql.Support.item;
import static io.tidemark.partiql.Support.malformed;
import static io.tidemark.partiql.Support.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidemark.wire.AttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** INSERT INTO table VALUE {...} (AWS ql-reference.insert). */
class InsertTest {
  @Test
  void documentedExample() {
    Statement.Insert i = insert("INSERT INTO \"Music\" value {'Artist' : 'Acme Band','SongTitle' : 'PartiQL Rocks'}");
    assertEquals("Music", i.tableName());
    assertEquals(Map.of("Artist", s("Acme Band"), "SongTitle", s("PartiQL Rocks")), i.item());
  }

  /** The data-types page's example, with every literal type. */
  @Test
  void everyLiteralType() {
    Statement.Insert i = insert("INSERT INTO TypesTable value {'primarykey':'1', 'NumberType':1,"
        + " 'MapType' : {'entryname1': 'value', 'entryname2': 4}, 'ListType': [1,'stringval'],"
        + " 'NumberSetType':<<1,34,32,4.5>>, 'StringSetType':<<'stringval','stringval2'>>,"
        + " 'Bool': TRUE, 'Off': false, 'Nothing': NULL, 'Empty': {}, 'NoList': [], 'Neg': -1.50e2 }");
    assertEquals(item("{'primarykey': {'S': '1'}, 'NumberType': {'N': '1'},"
        + " 'MapType': {'M': {'entryname1': {'S': 'value'}, 'entryname2': {'N': '4'}}},"
        + " 'ListType': {'L': [{'N': '1'}, {'S': 'stringval'}]}, 'NumberSetType': {'NS': ['1', '34', '32', '4.5']},"
        + " 'StringSetType': {'SS': ['stringval', 'stringval2']}, 'Bool': {'BOOL': true}, 'Off': {'BOOL': false},"
        + " 'Nothing': {'NULL': true}, 'Empty': {'M': {}}, 'NoList': {'L': []}, 'Neg': {'N': '-150'}}"), i.item());
  }

  @Test
  void keysAreCaseSensitiveStringsWithEscapes() {
    Statement.Insert i = insert("INSERT INTO Music VALUE {'it''s': 'don''t', 'A': 1, 'a': 2}");
    assertEquals(Map.of("it's", s("don't"), "A", AttributeValue.n("1"), "a", AttributeValue.n("2")), i.item());
  }

  @Test
  void parametersAsValuesKeysAndWholeItem() {
    AttributeValue bs = Support.av("{'BS': ['AAE=']}");
    Statement.Insert i = insert("INSERT INTO Music VALUE {'pk': ?, ?: [?], 'bin': ?}", s("k"), s("dyn"), s("x"), bs);
    assertEquals(Map.of("pk", s("k"), "dyn", AttributeValue.l(List.of(s("x"))), "bin", bs), i.item());
    AttributeValue whole = Support.av("{'M': {'pk': {'S': 'k'}}}");
    assertEquals(whole.m(), insert("INSERT INTO Music VALUE ?", whole).item());
  }

  @Test
  void numbersAreCanonical() {
    assertEquals(AttributeValue.n("1.5"), insert("INSERT INTO Music VALUE {'n': 15E-1}").item().get("n"));
    assertEquals(AttributeValue.n("100"), insert("INSERT INTO Music VALUE {'n': 1e2}").item().get("n"));
    assertEquals(AttributeValue.n("0.5"), insert("INSERT INTO Music VALUE {'n': .5}").item().get("n"));
  }

  @Test
  void rejectedForms() {
    assertEquals(PartiQlMessages.INSERT_MULTIPLE, error("INSERT INTO Music VALUES {'a': 1}"));
    assertEquals(PartiQlMessages.INSERT_MULTIPLE, error("INSERT INTO Music << {'a': 1}, {'a': 2} >>"));
    assertEquals(PartiQlMessages.INSERT_MULTIPLE, error("INSERT INTO Music VALUE [{'a': 1}, {'a': 2}]"));
    assertEquals(PartiQlMessages.INSERT_ITEM_FORMAT, error("INSERT INTO Music VALUE 'a'"));
    assertEquals(PartiQlMessages.INSERT_ITEM_FORMAT, error("INSERT INTO Music VALUE ?", s("a")));
    assertEquals(PartiQlMessages.INSERT_RETURNING, error("INSERT INTO Music VALUE {'a': 1} RETURNING ALL OLD *"));
    assertEquals(PartiQlMessages.INSERT_AT, error("INSERT INTO Music VALUE {'a': 1} AT x"));
    assertEquals(PartiQlMessages.INSERT_FROM_WHERE, error("INSERT INTO Music VALUE {'a': 1} WHERE a = 1"));
    assertEquals(PartiQlMessages.DML_INVALID_FROM, error("INSERT INTO Music.idx VALUE {'a': 1}"));
    assertEquals(malformed(PartiQlMessages.LEFTOVER), error("INSERT INTO \"Music\" t VALUE {'a': 1}"));
    assertEquals(malformed(PartiQlMessages.LEFTOVER), error("INSERT INTO Music VALUE {'pk': 970001} foo"));
    assertEquals(malformed(PartiQlMessages.EXPECTED_SIMPLE_PATH), error("INSERT INTO VALUE {'a': 1}"));
    assertEquals(malformed("Expected INTO"), error("INSERT Music VALUE {'a': 1}"));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_TERM), error("INSERT INTO Music"));
  }

  @Test
  void tupleKeyErrors() {
    assertEquals("Tuple keys must be of type String. Actual type: Path under root",
        error("INSERT INTO Music VALUE {a: 1}"));
    assertEquals("Tuple keys must be of type String. Actual type: Path under root",
        error("INSERT INTO Music VALUE {\"a\": 1}"));
    // an attribute's value is a root of its own, as in DynamoDB's "under root.x" for {'m': {'x': 1e126}}
    assertEquals("Tuple keys must be of type String. Actual type: N under root",
        error("INSERT INTO Music VALUE {'m': {1: 1}}"));
    assertEquals("Tuple keys must be of type String. Actual type: N under root.m.n",
        error("INSERT INTO Music VALUE {'m': {'m': {'n': {1: 1}}}}"));
    assertEquals("Duplicate keys in tuple. Key: a under root", error("INSERT INTO Music VALUE {'a': 1, 'a': 2}"));
    assertEquals("Duplicate keys in tuple. Key: x under root",
        error("INSERT INTO Music VALUE {'m': {'x': 1, 'x': 1}}"));
  }

  @Test
  void valueErrorsNameTheirPlace() {
    assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range under root",
        error("INSERT INTO Music VALUE {'pk': 1e126}"));
    assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range under root.x",
        error("INSERT INTO Music VALUE {'pk': 1, 'm': {'x': 1e126}}"));
    assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range under root[1]",
        error("INSERT INTO Music VALUE {'pk': 1, 'l': [1, 1e126]}"));
    assertEquals("Unsupported data type: Path under key root[0]", error("INSERT INTO Music VALUE {'l': [a]}"));
    assertEquals(PartiQlMessages.MISSING_WITHOUT_IS, error("INSERT INTO Music VALUE {'a': MISSING}"));
  }
}
