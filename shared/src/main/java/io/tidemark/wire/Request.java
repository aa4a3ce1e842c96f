package io.tidemark.wire;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a decoded request body. A member of the wrong JSON type is a
 * SerializationException, as DynamoDB's protocol layer answers; an absent member is null.
 */
public final class Request {
  private final Map<String, Object> body;

  public Request(Map<String, Object> body) {
    this.body = body;
  }

  public static Request parse(byte[] json) {
    return new Request(JsonReader.readObject(json));
  }

  public Map<String, Object> body() {
    return body;
  }

  public boolean has(String name) {
    return body.get(name) != null;
  }

  public Object raw(String name) {
    return body.get(name);
  }

  public String string(String name) {
    Object v = body.get(name);
    return v == null ? null : asString(v);
  }

  public Integer integer(String name) {
    Object v = body.get(name);
    return v == null ? null : asInt(v);
  }

  public Long longValue(String name) {
    Object v = body.get(name);
    return v == null ? null : asLong(v);
  }

  public Boolean bool(String name) {
    Object v = body.get(name);
    return v == null ? null : asBoolean(v);
  }

  public Map<String, Object> map(String name) {
    Object v = body.get(name);
    return v == null ? null : asMap(v);
  }

  public List<Object> list(String name) {
    Object v = body.get(name);
    return v == null ? null : asList(v);
  }

  public Request struct(String name) {
    Object v = body.get(name);
    return v == null ? null : new Request(asMap(v));
  }

  public Map<String, AttributeValue> item(String name) {
    return AttributeValues.decodeItem(body.get(name));
  }

  /** ExpressionAttributeNames-style map of strings. */
  @SuppressWarnings("unchecked")
  public Map<String, String> stringMap(String name) {
    Map<String, Object> m = map(name);
    if (m == null) {
      return null;
    }
    for (Object v : m.values()) {
      asString(v);
    }
    return (Map<String, String>) (Map<?, ?>) m;
  }

  public static String asString(Object v) {
    if (v instanceof String) {
      return (String) v;
    }
    throw mismatch(v, "String");
  }

  public static boolean asBoolean(Object v) {
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    throw mismatch(v, "Boolean");
  }

  public static int asInt(Object v) {
    if (v instanceof BigDecimal) {
      try {
        return ((BigDecimal) v).intValueExact();
      } catch (ArithmeticException e) {
        throw DynamoDbException.serialization("NUMBER_VALUE cannot be converted to Integer");
      }
    }
    throw mismatch(v, "Integer");
  }

  public static long asLong(Object v) {
    if (v instanceof BigDecimal) {
      try {
        return ((BigDecimal) v).longValueExact();
      } catch (ArithmeticException e) {
        throw DynamoDbException.serialization("NUMBER_VALUE cannot be converted to Long");
      }
    }
    throw mismatch(v, "Long");
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(Object v) {
    if (v instanceof Map) {
      return (Map<String, Object>) v;
    }
    if (v instanceof List) {
      throw DynamoDbException.serialization("Start of list found where not expected");
    }
    throw DynamoDbException.serialization("Unexpected value type in payload");
  }

  @SuppressWarnings("unchecked")
  public static List<Object> asList(Object v) {
    if (v instanceof List) {
      return (List<Object>) v;
    }
    if (v instanceof Map) {
      throw DynamoDbException.serialization("Start of structure or map found where not expected.");
    }
    throw DynamoDbException.serialization("Unexpected value type in payload");
  }

  private static DynamoDbException mismatch(Object v, String expected) {
    if (v instanceof Map) {
      return DynamoDbException.serialization("Start of structure or map found where not expected.");
    }
    if (v instanceof List) {
      return DynamoDbException.serialization("Start of list found where not expected");
    }
    String found = v instanceof String ? "STRING_VALUE" : v instanceof Boolean ? "BOOLEAN_VALUE" : "NUMBER_VALUE";
    return DynamoDbException.serialization(found + " cannot be converted to " + expected);
  }
}
