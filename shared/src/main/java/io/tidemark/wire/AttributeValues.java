package io.tidemark.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DynamoDB JSON form of attribute values: decoding from what {@link JsonReader} produced
 * (with DynamoDB's validation of each value) and encoding with a streaming generator.
 */
public final class AttributeValues {
  /**
   * DynamoDB allows documents 32 levels deep, counting the attribute itself: 31 nested maps or
   * lists holding a scalar are accepted, 32 are not (measured against the service).
   */
  public static final int MAX_DEPTH = 32;
  static final String TOO_DEEP = "Nesting Levels have exceeded supported limits: "
      + "Attributes in the item have nested levels beyond supported limit";

  private AttributeValues() {}

  /** Decodes {@code {"name": {"S": "..."}, ...}}; {@code null} stays null. */
  public static Map<String, AttributeValue> decodeItem(Object json) {
    if (json == null) {
      return null;
    }
    Map<String, Object> map = Request.asMap(json);
    Map<String, AttributeValue> item = new LinkedHashMap<>(Math.max(4, map.size() * 2));
    for (Map.Entry<String, Object> e : map.entrySet()) {
      item.put(e.getKey(), decode(e.getValue(), 1));
    }
    return item;
  }

  public static AttributeValue decode(Object json) {
    return decode(json, 1);
  }

  private static AttributeValue decode(Object json, int depth) {
    if (depth > MAX_DEPTH) {
      throw DynamoDbException.validation(TOO_DEEP);
    }
    if (json == null) {
      throw DynamoDbException.validation(
          "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    Map<String, Object> map = Request.asMap(json);
    AttributeValue result = null;
    int count = 0;
    for (Map.Entry<String, Object> e : map.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      count++;
      result = decodeOne(e.getKey(), v, depth);
    }
    if (count != 1) {
      throw DynamoDbException.validation(count == 0
          ? "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
          : "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
    }
    return result;
  }

  private static AttributeValue decodeOne(String type, Object v, int depth) {
    switch (type) {
      case "S":
        return AttributeValue.s(Request.asString(v));
      case "N":
        return AttributeValue.n(DynamoNumber.parse(numberText(v)));
      case "B":
        return AttributeValue.b(Bytes.fromBase64(Request.asString(v)));
      case "BOOL":
        return AttributeValue.bool(Request.asBoolean(v));
      case "NULL":
        if (!Request.asBoolean(v)) {
          throw DynamoDbException.validation("One or more parameter values were invalid: Null attribute value types must have the value of true");
        }
        return AttributeValue.NULL;
      case "SS": {
        List<String> members = new ArrayList<>();
        for (Object o : Request.asList(v)) {
          members.add(Request.asString(o));
        }
        checkSet(members, "SS");
        return AttributeValue.ss(members);
      }
      case "NS": {
        List<DynamoNumber> members = new ArrayList<>();
        for (Object o : Request.asList(v)) {
          members.add(DynamoNumber.parse(numberText(o)));
        }
        checkSet(members, "NS");
        return AttributeValue.ns(members);
      }
      case "BS": {
        List<Bytes> members = new ArrayList<>();
        for (Object o : Request.asList(v)) {
          members.add(Bytes.fromBase64(Request.asString(o)));
        }
        checkSet(members, "BS");
        return AttributeValue.bs(members);
      }
      case "M": {
        Map<String, Object> map = Request.asMap(v);
        Map<String, AttributeValue> members = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<String, Object> e : map.entrySet()) {
          members.put(e.getKey(), decode(e.getValue(), depth + 1));
        }
        return AttributeValue.m(members);
      }
      case "L": {
        List<Object> list = Request.asList(v);
        List<AttributeValue> members = new ArrayList<>(list.size());
        for (Object o : list) {
          members.add(decode(o, depth + 1));
        }
        return AttributeValue.l(members);
      }
      default:
        throw DynamoDbException.serialization("Unknown AttributeValue type: " + type);
    }
  }

  private static String numberText(Object v) {
    if (v instanceof BigDecimal) {
      // Coral accepts a JSON number where a string is expected and uses its text.
      return ((BigDecimal) v).toString();
    }
    return Request.asString(v);
  }

  private static void checkSet(List<?> members, String type) {
    if (members.isEmpty()) {
      throw DynamoDbException.validation(type.equals("BS")
          ? "One or more parameter values were invalid: Binary sets should not be empty"
          : "One or more parameter values were invalid: An " + setName(type) + " set  may not be empty");
    }
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < members.size(); i++) {
      if (!seen.add(members.get(i))) {
        throw DynamoDbException.validation(duplicatesMessage(members, i, type));
      }
    }
  }

  /**
   * DynamoDB's message for a set with a repeated member. It lists the members it had sorted (in
   * its byte order) before meeting the repeat, then the repeat, then the rest as sent; number sets
   * are not listed. Measured against the service; the quoting differs between SS and BS.
   */
  private static String duplicatesMessage(List<?> members, int repeat, String type) {
    String prefix = "One or more parameter values were invalid: Input collection ";
    if (type.equals("NS")) {
      return prefix + "contains duplicates.";
    }
    List<Object> shown = new ArrayList<>(members.subList(0, repeat)); // distinct, so sorting is DynamoDB's set order
    shown.sort((a, b) -> a instanceof Bytes ? ((Bytes) a).compareTo((Bytes) b)
        : AttributeValue.compareUtf8((String) a, (String) b));
    shown.addAll(members.subList(repeat, members.size()));
    StringBuilder sb = new StringBuilder("[");
    for (Object m : shown) {
      String text = m instanceof Bytes ? java.util.Base64.getEncoder().encodeToString(((Bytes) m).array()) : (String) m;
      sb.append(sb.length() == 1 ? "" : type.equals("BS") ? "," : ", ").append('"').append(text).append('"');
    }
    sb.append(']');
    return prefix + sb + (type.equals("BS") ? "of type BS contains duplicates." : " contains duplicates.");
  }

  private static String setName(String type) {
    switch (type) {
      case "SS":
        return "string";
      case "NS":
        return "number";
      default:
        return "binary";
    }
  }

  /** An item in the parsed-JSON form of a request ({@link Request}), as if a client had sent it. */
  public static Map<String, Object> toRequestForm(Map<String, AttributeValue> item) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(bytes)) {
      writeItem(g, item);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return JsonReader.readObject(bytes.toByteArray());
  }

  public static void writeItem(JsonGenerator g, Map<String, AttributeValue> item) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      g.writeFieldName(e.getKey());
      write(g, e.getValue());
    }
    g.writeEndObject();
  }

  private static final SerializedString S = new SerializedString("S");
  private static final SerializedString N = new SerializedString("N");
  private static final SerializedString B = new SerializedString("B");

  public static void write(JsonGenerator g, AttributeValue v) throws IOException {
    g.writeStartObject();
    switch (v.type()) {
      case S:
        g.writeFieldName(S);
        if (v.isPlainJsonString() && g instanceof UTF8JsonGenerator) { // a byte-level generator (responses)
          byte[] ascii = v.s().getBytes(StandardCharsets.ISO_8859_1); // a copy, not a per-char loop
          g.writeRawUTF8String(ascii, 0, ascii.length);
        } else {
          g.writeString(v.s());
        }
        break;
      case N:
        g.writeFieldName(N);
        g.writeString(v.n().text());
        break;
      case B:
        g.writeFieldName(B);
        g.writeBinary(v.b().array());
        break;
      case BOOL:
        g.writeBooleanField("BOOL", v.bool());
        break;
      case NULL:
        g.writeBooleanField("NULL", true);
        break;
      case SS:
        g.writeArrayFieldStart("SS");
        for (String s : v.ss()) {
          g.writeString(s);
        }
        g.writeEndArray();
        break;
      case NS:
        g.writeArrayFieldStart("NS");
        for (DynamoNumber n : v.ns()) {
          g.writeString(n.text());
        }
        g.writeEndArray();
        break;
      case BS:
        g.writeArrayFieldStart("BS");
        for (Bytes b : v.bs()) {
          g.writeBinary(b.array());
        }
        g.writeEndArray();
        break;
      case M:
        g.writeFieldName("M");
        writeItem(g, v.m());
        break;
      case L:
        g.writeArrayFieldStart("L");
        for (AttributeValue e : v.l()) {
          write(g, e);
        }
        g.writeEndArray();
        break;
      default:
        throw new IllegalStateException(v.type().name());
    }
    g.writeEndObject();
  }
}
