package io.tidemark.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DynamoDB JSON codec and number rules, per the "Data types" page of the DynamoDB developer guide. */
class CodecTest {
  private static Map<String, AttributeValue> decode(String json) {
    return Request.parse(json.getBytes(StandardCharsets.UTF_8)).item("Item");
  }

  private static String encode(Map<String, AttributeValue> item) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      AttributeValues.writeItem(g, item);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripsEveryType() throws IOException {
    String json = "{\"s\":{\"S\":\"x\"},\"n\":{\"N\":\"12.5\"},\"b\":{\"B\":\"AAE=\"},\"ss\":{\"SS\":[\"a\",\"b\"]},"
        + "\"ns\":{\"NS\":[\"1\",\"2\"]},\"bs\":{\"BS\":[\"AQ==\"]},\"m\":{\"M\":{\"k\":{\"BOOL\":true}}},"
        + "\"l\":{\"L\":[{\"NULL\":true},{\"S\":\"\"}]}}";
    Map<String, AttributeValue> item = decode("{\"Item\":" + json + "}");
    assertEquals(json, encode(item));
  }

  @Test
  void stringsAreEscapedOnlyWhereJsonNeedsIt() throws IOException {
    // plain ASCII is copied byte for byte; quotes, backslashes, control and non-ASCII chars go through the escaper
    String[] values = {"plain text 123 ~!@#$%^&*()", "say \"hi\"", "back\\slash", "tab\there", "caf\u00e9",
        "\ud83d\ude00", "del\u007f", ""};
    for (String v : values) {
      Map<String, AttributeValue> item = Map.of("a", AttributeValue.s(v));
      String json = encode(item);
      assertEquals(item, decode("{\"Item\":" + json + "}"), json);
    }
    assertTrue(AttributeValue.s("plain").isPlainJsonString());
    assertTrue(!AttributeValue.s("caf\u00e9").isPlainJsonString());
    assertEquals("{\"a\":{\"S\":\"x\\\"y\"}}", encode(Map.of("a", AttributeValue.s("x\"y"))));
    assertEquals(5, AttributeValue.s("caf\u00e9").size(), "the flag does not disturb the size");
    assertEquals("{\"a\":{\"S\":\"plain\"}}", JsonText.item(Map.of("a", AttributeValue.s("plain"))),
        "a character-level generator takes the ordinary path");
  }

  @Test
  void numbersAreNormalisedAndComparedNumerically() {
    assertEquals("100", DynamoNumber.parse("1E2").text());
    assertEquals("-1.5", DynamoNumber.parse("-01.500").text());
    assertEquals("0", DynamoNumber.parse("-0.000").text());
    assertEquals(0, DynamoNumber.parse("10").compareTo(DynamoNumber.parse("1.0E1")));
    assertTrue(DynamoNumber.parse("9").compareTo(DynamoNumber.parse("10")) < 0);
    assertEquals(DynamoNumber.parse("2"), DynamoNumber.parse("2.00"));
  }

  @Test
  void numberLimits() {
    DynamoNumber.parse("9.9999999999999999999999999999999999999E+125");
    DynamoNumber.parse("1E-130");
    assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range",
        assertThrows(DynamoDbException.class, () -> DynamoNumber.parse("1E+126")).getMessage());
    assertEquals("Number underflow. Attempting to store a number with magnitude smaller than supported range",
        assertThrows(DynamoDbException.class, () -> DynamoNumber.parse("1E-131")).getMessage());
    assertEquals("Attempting to store more than 38 significant digits in a Number",
        assertThrows(DynamoDbException.class, () -> DynamoNumber.parse("1.00000000000000000000000000000000000001")).getMessage());
    DynamoDbException bad = assertThrows(DynamoDbException.class, () -> DynamoNumber.parse("12abc"));
    assertEquals(ErrorType.ValidationException, bad.type());
  }

  @Test
  void attributeValueRules() {
    assertEquals("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
        assertThrows(DynamoDbException.class, () -> decode("{\"Item\":{\"a\":{}}}")).getMessage());
    assertEquals("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
        assertThrows(DynamoDbException.class, () -> decode("{\"Item\":{\"a\":{\"S\":\"x\",\"N\":\"1\"}}}")).getMessage());
    assertEquals("One or more parameter values were invalid: An number set  may not be empty",
        assertThrows(DynamoDbException.class, () -> decode("{\"Item\":{\"a\":{\"NS\":[]}}}")).getMessage());
    assertTrue(assertThrows(DynamoDbException.class, () -> decode("{\"Item\":{\"a\":{\"SS\":[\"x\",\"x\"]}}}"))
        .getMessage().contains("contains duplicates"));
  }

  @Test
  void wrongJsonTypesAreSerializationErrors() {
    DynamoDbException e = assertThrows(DynamoDbException.class, () -> decode("{\"Item\":{\"a\":{\"S\":true}}}"));
    assertEquals(ErrorType.SerializationException, e.type());
    assertEquals("BOOLEAN_VALUE cannot be converted to String", e.getMessage());
    assertEquals(ErrorType.SerializationException,
        assertThrows(DynamoDbException.class, () -> Request.parse("{".getBytes(StandardCharsets.UTF_8))).type());
    assertEquals(ErrorType.SerializationException,
        assertThrows(DynamoDbException.class, () -> Request.parse("[]".getBytes(StandardCharsets.UTF_8))).type());
  }

  @Test
  void nestingBeyond32LevelsIsRejected() {
    String deep = "{\"S\":\"x\"}";
    for (int i = 0; i < 31; i++) {
      deep = "{\"L\":[" + deep + "]}";
    }
    decode("{\"Item\":{\"a\":" + deep + "}}"); // 31 containers and a scalar: 32 levels
    String body = "{\"Item\":{\"a\":{\"M\":{\"m\":" + deep + "}}}}";
    DynamoDbException e = assertThrows(DynamoDbException.class, () -> decode(body));
    assertEquals("Nesting Levels have exceeded supported limits: "
        + "Attributes in the item have nested levels beyond supported limit", e.getMessage());
  }

  @Test
  void sizesFollowDynamoDbRules() {
    assertEquals(3, AttributeValue.s("abc").size());
    assertEquals(4, AttributeValue.s("é€").size() - 1);
    assertEquals(1, AttributeValue.bool(true).size());
    // Sizes measured against DynamoDB (integer and fraction digits count separately, zeros trimmed)
    String[][] numberSizes = {{"0", "1"}, {"-0", "1"}, {"1", "2"}, {"12", "2"}, {"123", "3"}, {"1234", "3"},
        {"0042", "2"}, {"100", "2"}, {"1010", "3"}, {"0.0000001", "2"}, {"1E125", "2"}, {"1E-100", "2"},
        {"1.5", "3"}, {"15", "2"}, {"1.2", "3"}, {"1.200", "3"}, {"1.234", "4"}, {"3.14159", "5"},
        {"123456", "4"}, {"100.5", "4"}, {"0.15", "2"}, {"-42", "3"}, {"1" + "2".repeat(37), "20"}};
    for (String[] c : numberSizes) {
      assertEquals(Long.parseLong(c[1]), AttributeValue.n(c[0]).size(), "size of " + c[0]);
    }
    assertEquals(3 + (1 + 1) + (1 + 1), AttributeValue.l(java.util.List.of(AttributeValue.NULL, AttributeValue.TRUE)).size());
  }

  /** Sizes are read off the canonical text; the rule they follow is stated on BigDecimal's precision and scale. */
  @Test
  void numberSizesFromTextMatchTheRuleOnParsedNumbers() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20000; i++) {
      java.math.BigDecimal raw = new java.math.BigDecimal(new java.math.BigInteger(1 + random.nextInt(120), random),
          random.nextInt(80) - 40);
      if (random.nextBoolean()) {
        raw = raw.negate();
      }
      DynamoNumber n;
      try {
        n = DynamoNumber.of(raw);
      } catch (DynamoDbException tooPreciseOrLarge) {
        continue;
      }
      java.math.BigDecimal v = n.value();
      int fraction = Math.max(0, Math.min(v.precision(), v.scale()));
      int integer = v.precision() - fraction;
      long rule = v.signum() == 0 ? 1 : 1 + (integer + 1) / 2 + (fraction + 1) / 2 + (v.signum() < 0 ? 1 : 0);
      assertEquals(rule, AttributeValue.n(n).size(), "size of " + n);
      // as read back from storage: text only, parsed on demand, equal to the parsed number
      DynamoNumber stored = DynamoNumber.ofCanonical(n.text());
      assertEquals(rule, AttributeValue.n(stored).size(), "stored size of " + n);
      assertEquals(n, stored);
      assertEquals(n.hashCode(), stored.hashCode());
      assertEquals(0, stored.compareTo(n));
    }
  }

  @Test
  void stringsOrderByUtf8Bytes() {
    // U+FF61 is below U+1F600 in UTF-8 order, though not in UTF-16 code unit order
    assertTrue(AttributeValue.compareUtf8("\uFF61", "\uD83D\uDE00") < 0);
    assertTrue("\uFF61".compareTo("\uD83D\uDE00") > 0);
    assertTrue(AttributeValue.compareUtf8("a", "b") < 0);
    assertTrue(AttributeValue.compareUtf8("ab", "a") > 0);
  }
}
