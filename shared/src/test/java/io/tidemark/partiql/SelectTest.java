package io.tidemark.partiql;

import static io.tidemark.partiql.Support.error;
import static io.tidemark.partiql.Support.item;
import static io.tidemark.partiql.Support.malformed;
import static io.tidemark.partiql.Support.n;
import static io.tidemark.partiql.Support.s;
import static io.tidemark.partiql.Support.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.expr.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SELECT: source, projection, WHERE presence, ORDER BY (AWS ql-reference.select). */
class SelectTest {
  @Test
  void starWithoutWhere() {
    Statement.Select s = select("SELECT * FROM Music");
    assertEquals("Music", s.tableName());
    assertNull(s.indexName());
    assertNull(s.projectionExpression());
    assertNull(s.projection());
    assertNull(s.where());
    assertEquals(List.of(), s.orderBy());
  }

  @Test
  void quotedTableAndIndex() {
    Statement.Select s = select("SELECT * FROM \"Music\".\"ArtistIndex\" WHERE Artist = 'a'");
    assertEquals("Music", s.tableName());
    assertEquals("ArtistIndex", s.indexName());
  }

  @Test
  void unquotedIndexIsAccepted() {
    assertEquals("by-artist", select("SELECT * FROM Music.\"by-artist\"").indexName());
    assertEquals("ByArtist", select("SELECT * FROM Music.ByArtist").indexName());
  }

  @Test
  void keywordsIgnoreCase() {
    Statement.Select s = select("select * from Music where Artist = 'a' order by Artist desc");
    assertEquals("Music", s.tableName());
    assertEquals(List.of(new OrderBy("Artist", true)), s.orderBy());
  }

  @Test
  void projectionOfPaths() {
    Statement.Select s = select("SELECT Artist, \"Song Title\", Awards.Grammys[0], info['year'] FROM Music");
    assertEquals("#n0, #n1, #n2.#n3[0], #n4.#n5", s.projectionExpression());
    assertEquals(Map.of("#n0", "Artist", "#n1", "Song Title", "#n2", "Awards", "#n3", "Grammys", "#n4", "info",
        "#n5", "year"), s.names());
    assertEquals(List.of(Path.of("Artist"), Path.of("Song Title"), Path.of("Awards", "Grammys", 0),
        Path.of("info", "year")), s.projection().paths());
    // the executor may equally parse the string itself
    assertEquals(s.projection().paths(), Expressions.parseProjection(s.projectionExpression(),
        new ExpressionContext(s.names(), s.values())).paths());
  }

  @Test
  void projectionAppliesToItems() {
    Statement.Select s = select("SELECT a.b, c[1] FROM Music");
    assertEquals(item("{'a': {'M': {'b': {'N': '1'}}}, 'c': {'L': [{'S': 'y'}]}}"),
        s.projection().apply(item("{'a': {'M': {'b': {'N': '1'}, 'x': {'N': '2'}}}, 'c': {'L': [{'S': 'x'}, {'S': 'y'}]},"
            + " 'd': {'S': 'z'}}")));
  }

  @Test
  void reservedWordsAndOddNamesGoThroughPlaceholders() {
    Statement.Select s = select("SELECT \"name\", \"status\", \"a.b\", _under FROM Music WHERE \"date\" = '2020'");
    assertEquals("#n0, #n1, #n2, #n3", s.projectionExpression());
    assertEquals("a.b", s.names().get("#n2"));
    assertEquals("#n4 = :v0", s.where().expression());
  }

  @Test
  void projectionAndWhereShareNames() {
    Statement.Select s = select("SELECT Artist FROM Music WHERE Artist = 'x' AND Year > 2000");
    assertEquals("#n0", s.projectionExpression());
    assertEquals("#n0 = :v0 AND #n1 > :v1", s.where().expression());
    assertEquals(Map.of("#n0", "Artist", "#n1", "Year"), s.where().names());
    assertEquals(Map.of(":v0", s("x"), ":v1", n("2000")), s.where().values());
  }

  @Test
  void orderByKeys() {
    Statement.Select s = select("SELECT * FROM Music WHERE Artist = 'a' ORDER BY Artist, SongTitle DESC");
    assertEquals(List.of(new OrderBy("Artist", false), new OrderBy("SongTitle", true)), s.orderBy());
    assertEquals(List.of(new OrderBy("SongTitle", false)),
        select("SELECT * FROM Music WHERE Artist = 'a' ORDER BY \"SongTitle\" ASC").orderBy());
  }

  @Test
  void orderByRules() {
    assertEquals(PartiQlMessages.ORDER_BY_WITHOUT_WHERE, error("SELECT * FROM Music ORDER BY Artist"));
    assertEquals("Argument to ORDER BY must be of type VariableReference. Type: Path",
        error("SELECT * FROM Music WHERE Artist = 'a' ORDER BY a.b"));
    assertEquals("Argument to ORDER BY must be of type VariableReference. Type: S",
        error("SELECT * FROM Music WHERE Artist = 'a' ORDER BY 'a'"));
    assertEquals(malformed(PartiQlMessages.LEFTOVER), error("SELECT * FROM Music ORDER BY Artist WHERE Artist = 1"));
  }

  @Test
  void trailingSemicolonAndComments() {
    Statement.Select s = select("-- leading\nSELECT /* all */ * FROM Music -- trailing\n WHERE a = 1;");
    assertEquals("#n0 = :v0", s.where().expression());
  }

  @Test
  void projectionErrors() {
    assertEquals(PartiQlMessages.STAR_AND_OTHER_ATTRIBUTES, error("SELECT *, a FROM Music"));
    assertEquals(PartiQlMessages.STAR_AND_OTHER_ATTRIBUTES, error("SELECT a, * FROM Music"));
    assertEquals("Duplicate identifiers in select clause: a.b", error("SELECT a.b, x, a.b FROM Music"));
    assertEquals(PartiQlMessages.VALUE_OR_PIVOT, error("SELECT VALUE a FROM Music"));
    assertEquals("Unsupported operation: DISTINCT", error("SELECT DISTINCT a FROM Music"));
    assertEquals(PartiQlMessages.ALIASING, error("SELECT a AS b FROM Music"));
    assertEquals("Unsupported operation: projection of Call in select clause", error("SELECT count(a) FROM Music"));
    assertEquals("Unsupported operation: projection of N in select clause", error("SELECT 1 FROM Music"));
  }

  @Test
  void overlappingProjectionPathsAreRejectedByTheNativeParser() {
    assertEquals("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite "
        + "one of these paths; path one: [a], path two: [a, b]", error("SELECT a, a.b FROM Music"));
  }

  @Test
  void sourceErrors() {
    assertEquals(PartiQlMessages.SELECT_MULTIPLE_FROM, error("SELECT * FROM Music, Other"));
    assertEquals(PartiQlMessages.SELECT_MULTIPLE_FROM, error("SELECT * FROM Music JOIN Other ON a = b"));
    assertEquals(PartiQlMessages.SELECT_MULTIPLE_FROM, error("SELECT * FROM Music CROSS JOIN Other"));
    assertEquals(PartiQlMessages.FROM_PATH_TOO_LONG, error("SELECT * FROM Music.idx.more"));
    assertEquals(PartiQlMessages.INVALID_SOURCE_WITH_DOT, error("SELECT * FROM Music.*"));
    assertEquals(PartiQlMessages.UNEXPECTED_FROM_SOURCE, error("SELECT * FROM (SELECT * FROM Music)"));
    assertEquals(PartiQlMessages.INVALID_SOURCE_AS_LIST, error("SELECT * FROM [1, 2]"));
    assertEquals(PartiQlMessages.ALIASING, error("SELECT * FROM \"Music\" t WHERE pk = 'x'"));
    assertEquals(PartiQlMessages.ALIASING, error("SELECT * FROM \"Music\" AS t WHERE pk = 'x'"));
    assertEquals(PartiQlMessages.INVALID_TABLE_NAME, error("SELECT * FROM \"ab\""));
    assertEquals(PartiQlMessages.INVALID_TABLE_NAME, error("SELECT * FROM \"bad name\""));
    assertEquals(PartiQlMessages.EMPTY_PATH_COMPONENT, error("SELECT * FROM Music.\"\""));
  }

  @Test
  void missingFromOrTable() {
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_TERM), error("SELECT * FROM"));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_TERM), error("SELECT a"));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_KEYWORD), error("SELECT * FROM WHERE a = 1"));
    assertEquals(PartiQlMessages.ALIASING, error("SELECT a b c FROM Music"));
  }

  @Test
  void unsupportedClauses() {
    assertEquals("Unsupported clause: GROUP BY", error("SELECT * FROM Music WHERE a = 1 GROUP BY a"));
    assertEquals("Unsupported clause: LIMIT", error("SELECT * FROM Music LIMIT 10"));
    assertEquals("Unsupported clause: UNION", error("SELECT * FROM Music UNION SELECT * FROM Other"));
    assertEquals("Unsupported clause: HAVING", error("SELECT * FROM Music WHERE a = 1 ORDER BY a HAVING a"));
    assertEquals(malformed(PartiQlMessages.LEFTOVER), error("SELECT * FROM Music; SELECT * FROM Music"));
  }
}
