package io.tidemark.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request body into plain Java values with Jackson's streaming parser: objects become
 * {@code LinkedHashMap<String,Object>}, arrays {@code ArrayList<Object>}, strings String, numbers
 * BigDecimal, booleans Boolean, JSON null Java null. {@link Request} then gives typed access.
 */
public final class JsonReader {
  /**
   * Each level of a DynamoDB document is two JSON levels ({"L": [ ... ]}), so 32 documented levels
   * need about 70; anything this deep is refused before it can exhaust the stack.
   */
  private static final int MAX_JSON_DEPTH = 256;

  static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_JSON_DEPTH)
          .maxStringLength(Integer.MAX_VALUE)
          .build())
      .build();

  private JsonReader() {}

  public static Map<String, Object> readObject(byte[] body) {
    if (body == null || body.length == 0) {
      return new LinkedHashMap<>();
    }
    try (JsonParser parser = FACTORY.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new LinkedHashMap<>();
      }
      if (first != JsonToken.START_OBJECT) {
        throw DynamoDbException.serialization("Start of structure or map found where not expected");
      }
      Map<String, Object> result = readObjectBody(parser);
      if (parser.nextToken() != null) {
        throw DynamoDbException.serialization("Unexpected content after the end of the request");
      }
      return result;
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw DynamoDbException.validation("Nesting Levels have exceeded supported limits");
    } catch (JsonParseException e) {
      throw DynamoDbException.serialization(e.getOriginalMessage());
    } catch (IOException e) {
      throw DynamoDbException.serialization(e.getMessage());
    }
  }

  private static Map<String, Object> readObjectBody(JsonParser parser) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      map.put(name, readValue(parser, parser.nextToken()));
    }
    if (token != JsonToken.END_OBJECT) {
      throw DynamoDbException.serialization("Unexpected token " + token);
    }
    return map;
  }

  private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        return readObjectBody(parser);
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
          list.add(readValue(parser, t));
        }
        return list;
      }
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new BigDecimal(parser.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw DynamoDbException.serialization("Unexpected token " + token);
    }
  }
}
