package io.tidemark.expr;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all the
 * expressions of that request, remembering which placeholders the expressions used so that
 * {@link #checkAllUsed()} can reject the unused ones as DynamoDB does. Not thread-safe: one per
 * request.
 */
public final class ExpressionContext {
  /** DynamoDB's limit on a placeholder key, in bytes including the {@code #} or {@code :}. */
  static final int MAX_KEY_BYTES = 255;

  private final Map<String, String> names;
  private final Map<String, AttributeValue> values;
  private Set<String> usedNames;
  private Set<String> usedValues;

  /** Either map may be null (parameter absent). The maps are used as given, not validated. */
  public ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
    this.names = names == null ? Map.of() : names;
    this.values = values == null ? Map.of() : values;
  }

  /** A context with neither names nor values. */
  public static ExpressionContext empty() {
    return new ExpressionContext(null, null);
  }

  /**
   * Builds a context from the generic JSON of a request ({@code ExpressionAttributeNames} and
   * {@code ExpressionAttributeValues}, either may be null), validating the maps with DynamoDB's
   * messages: empty maps, malformed or too long placeholder keys, empty names, invalid values.
   */
  public static ExpressionContext fromJson(Object namesJson, Object valuesJson) {
    return fromJson(namesJson, valuesJson, true);
  }

  /**
   * As {@link #fromJson(Object, Object)}; with {@code nameTheValueKey} false an invalid value is
   * reported with its own message alone, as DynamoDB's single-item operations, GetItem, Query and
   * BatchGetItem do (Scan, BatchWriteItem and the transactions say which key held it).
   */
  public static ExpressionContext fromJson(Object namesJson, Object valuesJson, boolean nameTheValueKey) {
    Map<String, String> names = null;
    if (namesJson != null) {
      Map<String, Object> raw = Request.asMap(namesJson);
      if (raw.isEmpty()) {
        throw DynamoDbException.validation("ExpressionAttributeNames must not be empty");
      }
      names = new LinkedHashMap<>(raw.size() * 2);
      for (Map.Entry<String, Object> e : raw.entrySet()) {
        String key = e.getKey();
        checkKey("ExpressionAttributeNames", key, '#', true);
        Object v = e.getValue();
        String name = v == null ? null : Request.asString(v);
        if (name == null || name.isEmpty()) {
          throw DynamoDbException.validation(
              "ExpressionAttributeNames contains invalid value: Empty attribute name for key " + key);
        }
        names.put(key, name);
      }
    }
    Map<String, AttributeValue> values = null;
    if (valuesJson != null) {
      Map<String, Object> raw = Request.asMap(valuesJson);
      if (raw.isEmpty()) {
        throw DynamoDbException.validation("ExpressionAttributeValues must not be empty");
      }
      for (String key : raw.keySet()) {
        checkKey("ExpressionAttributeValues", key, ':', false);
      }
      values = new LinkedHashMap<>(raw.size() * 2);
      for (Map.Entry<String, Object> e : raw.entrySet()) {
        try {
          values.put(e.getKey(), AttributeValues.decode(e.getValue()));
        } catch (DynamoDbException ex) {
          if (ex.type() != ErrorType.ValidationException || !nameTheValueKey) {
            throw ex;
          }
          throw DynamoDbException.validation("ExpressionAttributeValues contains invalid value: "
              + ex.getMessage() + " for key " + e.getKey());
        }
      }
    }
    return new ExpressionContext(names, values);
  }

  private static void checkKey(String parameter, String key, char prefix, boolean reportSize) {
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw DynamoDbException.validation(parameter
          + " contains invalid key: The expression attribute map contains a key that is too long;"
          + (reportSize ? " size of key: " + bytes : ""));
    }
    boolean ok = key.length() > 1 && key.charAt(0) == prefix;
    for (int i = 1; ok && i < key.length(); i++) {
      ok = Lexer.isNamePart(key.charAt(i));
    }
    if (!ok) {
      throw DynamoDbException.validation(parameter + " contains invalid key: Syntax error; key: \"" + key + "\"");
    }
  }

  public boolean hasNames() {
    return !names.isEmpty();
  }

  public boolean hasValues() {
    return !values.isEmpty();
  }

  /** The attribute name behind {@code #placeholder}, marking it used; null when it is not defined. */
  String resolveName(String placeholder) {
    String name = names.get(placeholder);
    if (name != null) {
      if (usedNames == null) {
        usedNames = new HashSet<>();
      }
      usedNames.add(placeholder);
    }
    return name;
  }

  /** The value behind {@code :placeholder}, marking it used; null when it is not defined. */
  AttributeValue resolveValue(String placeholder) {
    AttributeValue value = values.get(placeholder);
    if (value != null) {
      if (usedValues == null) {
        usedValues = new HashSet<>();
      }
      usedValues.add(placeholder);
    }
    return value;
  }

  /**
   * Rejects placeholders no expression used, names first:
   * {@code Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}}.
   * Keys are listed in sorted order.
   */
  public void checkAllUsed() {
    List<String> unused = unused(names.keySet(), usedNames);
    if (!unused.isEmpty()) {
      throw DynamoDbException.validation(
          "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + String.join(", ", unused) + "}");
    }
    unused = unused(values.keySet(), usedValues);
    if (!unused.isEmpty()) {
      throw DynamoDbException.validation(
          "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + String.join(", ", unused) + "}");
    }
  }

  private static List<String> unused(Set<String> defined, Set<String> used) {
    if (defined.isEmpty()) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (String key : defined) {
      if (used == null || !used.contains(key)) {
        result.add(key);
      }
    }
    Collections.sort(result);
    return result;
  }
}
