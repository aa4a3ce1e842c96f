package io.tidemark.partiql;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.DynamoNumber;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts literal expressions to attribute values (AWS ql-reference.data-types): strings, numbers,
 * booleans, NULL, lists {@code [..]}, maps {@code {'k': v}}, and string or number sets {@code
 * <<..>>}. Errors name where the offending value sits as DynamoDB does: {@code root} for the value
 * itself, then {@code root.key} and {@code root[1]} inside it.
 */
final class Literals {
  private Literals() {}

  /** Whether {@code e} is a literal (or bound parameter) rather than a path, call or operator. */
  static boolean isValue(Expr e) {
    return e instanceof Expr.Lit || e instanceof Expr.Num || e instanceof Expr.ListLit || e instanceof Expr.SeqLit
        || e instanceof Expr.TupleLit || e instanceof Expr.BagLit;
  }

  /** The item of INSERT: each attribute's value is a root of its own. */
  static Map<String, AttributeValue> item(Expr.TupleLit tuple) {
    return entries(tuple, "root", true);
  }

  static AttributeValue value(Expr e, String path) {
    if (e instanceof Expr.Lit lit) {
      return lit.value();
    }
    if (e instanceof Expr.Num num) {
      return AttributeValue.n(number(num.text(), path));
    }
    if (e instanceof Expr.ListLit || e instanceof Expr.SeqLit) {
      List<Expr> elements = e instanceof Expr.ListLit list ? list.elements() : ((Expr.SeqLit) e).elements();
      List<AttributeValue> result = new ArrayList<>(elements.size());
      for (int i = 0; i < elements.size(); i++) {
        result.add(value(elements.get(i), path + "[" + i + "]"));
      }
      return AttributeValue.l(result);
    }
    if (e instanceof Expr.TupleLit tuple) {
      return AttributeValue.m(entries(tuple, path, false));
    }
    if (e instanceof Expr.BagLit bag) {
      return set(bag, path);
    }
    if (e instanceof Expr.Missing) {
      throw Errors.validation(PartiQlMessages.MISSING_WITHOUT_IS);
    }
    throw Errors.validation(PartiQlMessages.UNSUPPORTED_DATA_TYPE, Expr.kind(e), path);
  }

  private static Map<String, AttributeValue> entries(Expr.TupleLit tuple, String path, boolean item) {
    Map<String, AttributeValue> map = new LinkedHashMap<>(tuple.keys().size() * 2);
    for (int i = 0; i < tuple.keys().size(); i++) {
      Expr keyExpr = tuple.keys().get(i);
      if (!(keyExpr instanceof Expr.Lit lit) || lit.value().type() != AttributeValue.Type.S) {
        throw Errors.validation(PartiQlMessages.TUPLE_KEY_TYPE, Expr.kind(keyExpr), path);
      }
      String key = lit.value().s();
      if (map.containsKey(key)) {
        throw Errors.validation(PartiQlMessages.TUPLE_DUPLICATE_KEY, key, path);
      }
      map.put(key, value(tuple.values().get(i), item ? "root" : path + "." + key));
    }
    return map;
  }

  /** A string set or number set; binary sets have no literal and come only as parameters. */
  private static AttributeValue set(Expr.BagLit bag, String path) {
    if (bag.elements().isEmpty()) {
      throw Errors.validation(PartiQlMessages.EMPTY_BAG);
    }
    List<AttributeValue> members = new ArrayList<>(bag.elements().size());
    for (int i = 0; i < bag.elements().size(); i++) {
      Expr element = bag.elements().get(i);
      if (!(element instanceof Expr.Lit) && !(element instanceof Expr.Num)) {
        throw Errors.validation(PartiQlMessages.BAG_TYPE);
      }
      AttributeValue member = value(element, path + "[" + i + "]");
      if ((member.type() != AttributeValue.Type.S && member.type() != AttributeValue.Type.N)
          || (!members.isEmpty() && member.type() != members.get(0).type())) {
        throw Errors.validation(PartiQlMessages.BAG_TYPE);
      }
      if (members.contains(member)) {
        throw Errors.validation(PartiQlMessages.BAG_DUPLICATES);
      }
      members.add(member);
    }
    if (members.get(0).type() == AttributeValue.Type.S) {
      List<String> strings = new ArrayList<>(members.size());
      for (AttributeValue m : members) {
        strings.add(m.s());
      }
      return AttributeValue.ss(strings);
    }
    List<DynamoNumber> numbers = new ArrayList<>(members.size());
    for (AttributeValue m : members) {
      numbers.add(m.n());
    }
    return AttributeValue.ns(numbers);
  }

  /**
   * A number literal. Text the decimal reader cannot take (an exponent beyond 32 bits) is a bare
   * syntax error, as DynamoDB answers; a number out of DynamoDB's range or precision gets the usual
   * number message with its place appended.
   */
  static DynamoNumber number(String text, String path) {
    BigDecimal decimal;
    try {
      decimal = new BigDecimal(text);
    } catch (NumberFormatException | ArithmeticException e) {
      throw Errors.malformed("");
    }
    try {
      return DynamoNumber.of(decimal);
    } catch (DynamoDbException e) {
      throw Errors.validation(e.getMessage() + " under " + path);
    }
  }
}
