package io.tidemark.ops;

import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;

/** Finding the table a request names, by name or by ARN, after DynamoDB's checks on the name. */
final class Tables {
  private Tables() {}

  /** Checks TableName as every operation but CreateTable does: a name of up to 255 characters, or an ARN. */
  static void checkName(Constraints c, String name) {
    checkName(c, name, "tableName");
  }

  /** The same checks on another member that names a table (e.g. sourceTableName). */
  static void checkName(Constraints c, String name, String member) {
    c.notNull(name, member);
    if (name != null && name.startsWith("arn:")) {
      c.length(name, member, 1, 1024);
    } else {
      c.length(name, member, 1, 255).tableName(name, member);
    }
  }

  static String nameOf(String nameOrArn) {
    int slash = nameOrArn.startsWith("arn:") ? nameOrArn.indexOf(":table/") : -1;
    return slash < 0 ? nameOrArn : nameOrArn.substring(slash + ":table/".length());
  }

  static TableView require(CallContext ctx, String nameOrArn) {
    TableView t = ctx.database().table(nameOf(nameOrArn));
    if (t == null) {
      throw DynamoDbException.resourceNotFound("Requested resource not found");
    }
    return t;
  }
}
