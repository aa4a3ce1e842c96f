package io.tidemark.ops;

import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tags as CreateTable and TagResource take them: [{Key, Value}], at most 50. */
final class Tagging {
  static final int MAX_TAGS = 50;

  private Tagging() {}

  static Map<String, String> read(List<Object> list) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (list == null) {
      return tags;
    }
    Constraints c = new Constraints();
    for (int i = 0; i < list.size(); i++) {
      Request t = new Request(Request.asMap(list.get(i)));
      String key = t.string("Key");
      String value = t.string("Value");
      String path = "tags." + (i + 1) + ".member.";
      c.notNull(key, path + "key").length(key, path + "key", 1, 128)
          .notNull(value, path + "value").length(value, path + "value", 0, 256);
      if (key != null && value != null) {
        tags.put(key, value);
      }
    }
    c.check();
    if (tags.size() > MAX_TAGS) {
      throw DynamoDbException.validation("One or more parameter values were invalid: Too many tags");
    }
    return tags;
  }
}
