package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.JsonText;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the PartiQL operations share: statement members, parameters, copying native response parts. */
final class PartiQlRequests {
  private PartiQlRequests() {}

  /**
   * Checks one statement's members (Statement, Parameters) under {@code path}, e.g. "statement" or
   * "statements.1.member.statement".
   */
  static void checkStatement(Constraints c, Request r, String path) {
    String statement = r.string("Statement");
    c.notNull(statement, path).length(statement, path, 1, 8192);
    List<Object> parameters = r.list("Parameters");
    if (parameters != null && parameters.isEmpty()) {
      c.add("[]", path.replace("statement", "parameters"), "Member must have length greater than or equal to 1");
    }
  }

  /** The statement's {@code ?} parameters, in order. */
  static List<AttributeValue> parameters(Request r) {
    List<Object> raw = r.list("Parameters");
    List<AttributeValue> values = new ArrayList<>();
    if (raw != null) {
      for (Object p : raw) {
        values.add(AttributeValues.decode(p));
      }
    }
    return values;
  }

  static void writeItems(JsonGenerator out, List<Map<String, AttributeValue>> items) throws IOException {
    out.writeArrayFieldStart("Items");
    for (Map<String, AttributeValue> item : items) {
      AttributeValues.writeItem(out, item);
    }
    out.writeEndArray();
  }

  /** Copies a member of a native operation's response (ConsumedCapacity, say) as it is. */
  static void copy(JsonGenerator out, Map<String, Object> response, String member) throws IOException {
    Object value = response.get(member);
    if (value != null) {
      out.writeFieldName(member);
      out.writeRawValue(JsonText.of(value));
    }
  }

  /** A batch member's error code: DynamoDB's error type without the "Exception" suffix. */
  static String errorCode(io.tidemark.wire.ErrorType type) {
    if (type == io.tidemark.wire.ErrorType.ValidationException) {
      return "ValidationError";
    }
    String name = type.name();
    return name.endsWith("Exception") ? name.substring(0, name.length() - "Exception".length()) : name;
  }
}
