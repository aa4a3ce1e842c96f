package io.tidemark.ops;

import io.tidemark.view.TableView;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tables named by ARN, as the tagging operations take them: arn:aws:dynamodb:REGION:ACCOUNT:table/NAME. */
final class Resources {
  /** The account every embedded table belongs to (the one in the ARNs Tidemark forms). */
  static final String ACCOUNT = "000000000000";
  private static final Pattern TABLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\\d{12}):table/([a-zA-Z0-9_.-]{3,255})");

  private Resources() {}

  static void checkArn(Constraints c, String arn) {
    c.notNull(arn, "resourceArn").length(arn, "resourceArn", 1, 1283);
  }

  /** The table an ARN names; another account's table is not ours to see. */
  static TableView table(CallContext ctx, String arn, String operation) {
    Matcher m = TABLE_ARN.matcher(arn);
    if (!m.matches()) {
      throw DynamoDbException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
    }
    if (!m.group(2).equals(ACCOUNT)) {
      throw new DynamoDbException(ErrorType.AccessDeniedException, "User: arn:aws:iam::" + ACCOUNT + ":user/"
          + ctx.principal() + " is not authorized to perform: dynamodb:" + operation + " on resource: " + arn);
    }
    TableView table = ctx.database().table(m.group(3));
    if (table == null || !table.descriptor().region.equals(m.group(1))) {
      throw DynamoDbException.resourceNotFound("Requested resource not found: ResourcArn: " + arn + " not found");
    }
    return table;
  }
}
