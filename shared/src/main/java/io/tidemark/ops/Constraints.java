package io.tidemark.ops;

import io.tidemark.wire.DynamoDbException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The request-shape checks DynamoDB's framework makes before an operation runs, collected and
 * reported together as "N validation errors detected: ...; ...", in DynamoDB's wording.
 */
public final class Constraints {
  private final List<String> errors = new ArrayList<>();

  private void fail(Object value, String path, String constraint) {
    String shown = value == null ? "null" : "'" + value + "'";
    errors.add("Value " + shown + " at '" + path + "' failed to satisfy constraint: " + constraint);
  }

  /** Matches [a-zA-Z0-9_.-]+ (checked on every request, so without a regular expression). */
  private static boolean isTableName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      boolean ok = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
          || ch == '_' || ch == '.' || ch == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public Constraints notNull(Object value, String path) {
    if (value == null) {
      fail(null, path, "Member must not be null");
    }
    return this;
  }

  public Constraints length(String value, String path, int min, int max) {
    if (value != null) {
      if (value.length() < min) {
        fail(value, path, "Member must have length greater than or equal to " + min);
      } else if (value.length() > max) {
        fail(value, path, "Member must have length less than or equal to " + max);
      }
    }
    return this;
  }

  public Constraints size(Collection<?> value, Object shown, String path, int min, int max) {
    if (value != null) {
      if (value.size() < min) {
        fail(shown, path, "Member must have length greater than or equal to " + min);
      } else if (value.size() > max) {
        fail(shown, path, "Member must have length less than or equal to " + max);
      }
    }
    return this;
  }

  public Constraints tableName(String value, String path) {
    if (value != null && !value.isEmpty() && !isTableName(value)) {
      fail(value, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
    return this;
  }

  public Constraints oneOf(String value, String path, String... allowed) {
    if (value != null) {
      for (String a : allowed) {
        if (a.equals(value)) {
          return this;
        }
      }
      fail(value, path, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
    }
    return this;
  }

  public Constraints atLeast(Number value, String path, long min) {
    if (value != null && value.longValue() < min) {
      fail(value, path, "Member must have value greater than or equal to " + min);
    }
    return this;
  }

  public Constraints atMost(Number value, String path, long max) {
    if (value != null && value.longValue() > max) {
      fail(value, path, "Member must have value less than or equal to " + max);
    }
    return this;
  }

  /**
   * Adds a failure in the framework's newer form, which names the member in PascalCase and does not
   * echo its value ({@code Value at 'RequestItems.t.member.Keys' failed to satisfy constraint: ...}),
   * where DynamoDB answers so.
   */
  public Constraints addUnechoed(String path, String constraint) {
    errors.add("Value at '" + path + "' failed to satisfy constraint: " + constraint);
    return this;
  }

  /** Table names as map keys (BatchGetItem, BatchWriteItem): a name of 3 to 255 characters, or an ARN. */
  public Constraints tableNameKeys(java.util.Set<String> names, Object shown, String path) {
    for (String name : names) {
      boolean valid = name.startsWith("arn:") ? name.length() <= 1024
          : name.length() >= 3 && name.length() <= 255 && isTableName(name);
      if (!valid) {
        fail(shown, path, "Map keys must satisfy constraint: [Member must have length less than or equal to 255, "
            + "Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: "
            + "[a-zA-Z0-9_.-]+]");
        break;
      }
    }
    return this;
  }

  /** Adds a failure with an already formed message. */
  public Constraints add(Object value, String path, String constraint) {
    fail(value, path, constraint);
    return this;
  }

  public void check() {
    if (!errors.isEmpty()) {
      throw DynamoDbException.validation(errors.size() + " validation error" + (errors.size() == 1 ? "" : "s")
          + " detected: " + String.join("; ", errors));
    }
  }
}
