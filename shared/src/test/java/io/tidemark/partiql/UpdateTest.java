package io.tidemark.partiql;

import static io.tidemark.partiql.Support.error;
import static io.tidemark.partiql.Support.item;
import static io.tidemark.partiql.Support.malformed;
import static io.tidemark.partiql.Support.n;
import static io.tidemark.partiql.Support.s;
import static io.tidemark.partiql.Support.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Expressions;
import io.tidemark.partiql.KeyPredicate.Operator;
import io.tidemark.wire.AttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** UPDATE ... SET / REMOVE ... WHERE ... [RETURNING] (AWS ql-reference.update, ql-reference.data-types). */
class UpdateTest {
  private static Map<String, AttributeValue> apply(Statement.Update u, String oldItem) {
    return u.plan().apply(item(oldItem));
  }

  @Test
  void documentedExample() {
    Statement.Update u = update("UPDATE \"Music\" SET AwardsWon=1 SET AwardDetail={'Grammys':[2020, 2018]} "
        + "WHERE Artist='Acme Band' AND SongTitle='PartiQL Rocks'");
    assertEquals("Music", u.tableName());
    assertEquals("SET #n0 = :v0, #n1 = :v1", u.updateExpression());
    assertEquals("#n2 = :v2 AND #n3 = :v3", u.where().expression());
    assertEquals(ReturnValues.NONE, u.returnValues());
    assertEquals(s("Acme Band"), u.where().predicatesOn("Artist").get(0).value());
    assertEquals(Operator.EQ, u.where().predicatesOn("SongTitle").get(0).operator());
    assertSame(u.names(), u.where().names());
    assertSame(u.values(), u.where().values());
    assertEquals(item("{'Artist': {'S': 'Acme Band'}, 'AwardsWon': {'N': '1'},"
        + " 'AwardDetail': {'M': {'Grammys': {'L': [{'N': '2020'}, {'N': '2018'}]}}}}"),
        apply(u, "{'Artist': {'S': 'Acme Band'}}"));
  }

  /** The data-types page's two update examples, merged into one native expression each. */
  @Test
  void documentedSetFunctionsAndArithmetic() {
    Statement.Update add = update("UPDATE TypesTable SET NumberType=NumberType + 100 "
        + "SET MapType.NewMapEntry=[2020, 'stringvalue', 2.4] "
        + "SET ListType = LIST_APPEND(ListType, [4, <<'string1', 'string2'>>]) "
        + "SET NumberSetType= SET_ADD(NumberSetType, <<345, 48.4>>) "
        + "SET StringSetType = SET_ADD(StringSetType, <<'stringsetvalue1', 'stringsetvalue2'>>) "
        + "WHERE primarykey='1'");
    assertEquals("SET #n0 = #n0 + :v0, #n1.#n2 = :v1, #n3 = list_append(#n3, :v2) ADD #n4 :v3, #n5 :v4",
        add.updateExpression());
    Map<String, AttributeValue> after = apply(add, "{'primarykey': {'S': '1'}, 'NumberType': {'N': '1'},"
        + " 'MapType': {'M': {}}, 'ListType': {'L': [{'N': '1'}]}, 'NumberSetType': {'NS': ['1']},"
        + " 'StringSetType': {'SS': ['a']}}");
    assertEquals(n("101"), after.get("NumberType"));
    assertEquals(3, after.get("MapType").m().get("NewMapEntry").l().size());
    assertEquals(3, after.get("ListType").l().size());
    assertEquals(3, after.get("NumberSetType").ns().size());
    assertEquals(3, after.get("StringSetType").ss().size());

    Statement.Update remove = update("UPDATE TypesTable SET NumberType=NumberType - 1 REMOVE ListType[1] "
        + "REMOVE MapType.NewMapEntry SET NumberSetType = SET_DELETE( NumberSetType, <<345>>) "
        + "SET StringSetType = SET_DELETE( StringSetType, <<'stringsetvalue1'>>) WHERE primarykey='1'");
    assertEquals("SET #n0 = #n0 - :v0 REMOVE #n1[1], #n2.#n3 DELETE #n4 :v1, #n5 :v2", remove.updateExpression());
    after = apply(remove, "{'primarykey': {'S': '1'}, 'NumberType': {'N': '101'},"
        + " 'MapType': {'M': {'NewMapEntry': {'N': '1'}}}, 'ListType': {'L': [{'N': '1'}, {'N': '2'}]},"
        + " 'NumberSetType': {'NS': ['1', '345']}, 'StringSetType': {'SS': ['a', 'stringsetvalue1']}}");
    assertEquals(item("{'primarykey': {'S': '1'}, 'NumberType': {'N': '100'}, 'MapType': {'M': {}},"
        + " 'ListType': {'L': [{'N': '1'}]}, 'NumberSetType': {'NS': ['1']}, 'StringSetType': {'SS': ['a']}}"), after);
  }

  @Test
  void commaSeparatedActionsAndMixedOrder() {
    Statement.Update u = update("update Music set a = 1, b = 'x' remove c, d.e set f = g where pk = 1");
    assertEquals("SET #n0 = :v0, #n1 = :v1, #n5 = #n6 REMOVE #n2, #n3.#n4", u.updateExpression());
  }

  @Test
  void operandsOfSet() {
    assertEquals("SET #n0 = :v0 + #n1", update("UPDATE Music SET a = 1 + b WHERE pk = 1").updateExpression());
    assertEquals("SET #n0 = #n1", update("UPDATE Music SET a = b WHERE pk = 1").updateExpression());
    assertEquals("SET #n0 = list_append(:v0, #n0)",
        update("UPDATE Music SET a = list_append(['x'], a) WHERE pk = 1").updateExpression());
    assertEquals("SET #n0 = #n0 - :v0", update("UPDATE Music SET a = a - ? WHERE pk = 1", n("2"))
        .updateExpression());
    assertEquals("SET #n0 = :v0", update("UPDATE Music SET a = -3 WHERE pk = 1").updateExpression());
    assertEquals("SET #n0.#n1[2] = :v0", update("UPDATE Music SET \"a\".b[2] = NULL WHERE pk = 1").updateExpression());
  }

  @Test
  void updateAndWhereAreValidNativeExpressions() {
    Statement.Update u = update("UPDATE Music SET a = a + 1, l = list_append(l, [2]) REMOVE r "
        + "SET s = set_add(s, <<'x'>>) WHERE pk = 'k' AND a < 10 RETURNING ALL NEW *");
    ExpressionContext ctx = new ExpressionContext(u.names(), u.values());
    assertEquals(u.plan().paths(), Expressions.parseUpdate(u.updateExpression(), ctx).paths());
    Expressions.parseCondition(u.where().expression(), ctx, "ConditionExpression");
    ctx.checkAllUsed();
    assertTrue(u.where().condition().test(item("{'pk': {'S': 'k'}, 'a': {'N': '9'}}")));
    assertFalse(u.where().condition().test(item("{'pk': {'S': 'k'}, 'a': {'N': '10'}}")));
    assertFalse(u.where().condition().test(null));
  }

  @Test
  void returning() {
    String base = "UPDATE Music SET a = 1 WHERE pk = 1 RETURNING ";
    assertEquals(ReturnValues.ALL_OLD, update(base + "ALL OLD *").returnValues());
    assertEquals(ReturnValues.UPDATED_OLD, update(base + "MODIFIED OLD *").returnValues());
    assertEquals(ReturnValues.ALL_NEW, update(base + "all new *").returnValues());
    assertEquals(ReturnValues.UPDATED_NEW, update(base + "MODIFIED NEW *").returnValues());
    assertEquals(PartiQlMessages.RETURNING_SYNTAX, error(base + "ALL OLD"));
    assertEquals(PartiQlMessages.RETURNING_SYNTAX, error(base + "NONE"));
    assertEquals(PartiQlMessages.RETURNING_SYNTAX, error(base + "ALL BOTH *"));
    assertEquals(PartiQlMessages.RETURNING_MULTIPLE, error(base + "ALL OLD *, ALL NEW *"));
  }

  @Test
  void setFunctionRules() {
    assertEquals("SET_ADD must have exactly two arguments", error("UPDATE Music SET s = set_add(s) WHERE pk = 1"));
    assertEquals("The first argument to SET_ADD must equal the assignment value",
        error("UPDATE Music SET s = set_add(t, <<1>>) WHERE pk = 1"));
    assertEquals("The second argument to SET_DELETE must be a value with type SET",
        error("UPDATE Music SET s = set_delete(s, [1]) WHERE pk = 1"));
    assertEquals("SET #n0 :v0", update("UPDATE Music SET s = set_delete(s, ?) WHERE pk = 1",
        Support.av("{'BS': ['AAE=']}")).updateExpression().replace("DELETE", "SET"));
  }

  @Test
  void unsupportedValues() {
    assertEquals(PartiQlMessages.IS_IN_UPDATE, error("UPDATE Music SET a = b IS NULL WHERE pk = 1"));
    assertEquals("Unsupported operator in Update Expression. Operator: =",
        error("UPDATE Music SET a = (b = 1) WHERE pk = 1"));
    assertEquals("Unsupported operator in Update Expression. Operator: +",
        error("UPDATE Music SET a = a + 1 + 2 WHERE pk = 1"));
    assertEquals("Unsupported operator in Update Expression. Operator: size",
        error("UPDATE Music SET a = size(b) WHERE pk = 1"));
    assertEquals("Unrecognized function: if_not_exists", error("UPDATE Music SET a = if_not_exists(a, 1) WHERE pk = 1"));
    assertEquals(PartiQlMessages.MISSING_WITHOUT_IS, error("UPDATE Music SET a = MISSING WHERE pk = 1"));
    assertEquals("Unrecognized assignment target: 1", error("UPDATE Music SET 1 = 2 WHERE pk = 1"));
    assertEquals("Unrecognized assignment target: size", error("UPDATE Music SET size(a) = 2 WHERE pk = 1"));
  }

  @Test
  void nativeChecksApply() {
    assertEquals("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one "
        + "of these paths; path one: [a], path two: [a, b]", error("UPDATE Music SET a = 1 REMOVE a.b WHERE pk = 1"));
    assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +,"
        + " operand type: S", error("UPDATE Music SET a = a + 'x' WHERE pk = 1"));
  }

  @Test
  void statementErrors() {
    assertEquals(PartiQlMessages.INCOMPLETE_KEY, error("UPDATE Music SET a = 1"));
    assertEquals(PartiQlMessages.INCOMPLETE_KEY, error("UPDATE Music SET a = 1 RETURNING ALL OLD *"));
    assertEquals(malformed(PartiQlMessages.EXPECTED_DML), error("UPDATE Music WHERE pk = 1"));
    assertEquals(malformed(PartiQlMessages.EXPECTED_DML), error("UPDATE Payment-table SET active=? WHERE id=?"));
    assertEquals(PartiQlMessages.ONLY_SET_AND_REMOVE, error("UPDATE Music ADD a 1 WHERE pk = 1"));
    assertEquals(PartiQlMessages.ONLY_SET_AND_REMOVE, error("UPDATE Music SET a = 1 DELETE b WHERE pk = 1"));
    assertEquals(PartiQlMessages.ALIASING, error("UPDATE \"Music\" t SET a = 3 WHERE pk = 'x'"));
    assertEquals(PartiQlMessages.DML_INVALID_FROM, error("UPDATE Music.idx SET a = 3 WHERE pk = 'x'"));
    assertEquals(malformed(PartiQlMessages.LEFTOVER), error("UPDATE Music SET a = 9 WHERE pk = 970002 foo"));
    assertEquals(malformed(PartiQlMessages.UNEXPECTED_TERM), error("UPDATE Music SET a = 1 WHERE"));
    assertEquals(malformed("Expected ="), error("UPDATE Music SET a 1 WHERE pk = 1"));
    assertEquals(malformed(PartiQlMessages.MISSING_RIGHT_HAND_SIDE), error("UPDATE Music SET a ="));
    assertEquals("Number underflow. Attempting to store a number with magnitude smaller than supported range under root",
        error("UPDATE Music SET a = 1e-131 WHERE pk = 970005"));
  }

  @Test
  void keyPredicatesOfWhere() {
    Statement.Update u = update("UPDATE Music SET a = 1 WHERE pk = ? AND sk = ?", s("p"), n("7"));
    assertEquals(List.of(new KeyPredicate("pk", Operator.EQ, List.of(s("p")))), u.where().predicatesOn("pk"));
    assertEquals(List.of(new KeyPredicate("sk", Operator.EQ, List.of(n("7")))), u.where().predicatesOn("sk"));
  }
}
