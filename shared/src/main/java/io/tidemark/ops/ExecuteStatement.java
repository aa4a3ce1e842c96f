package io.tidemark.ops;

import io.tidemark.partiql.PartiQl;
import io.tidemark.partiql.Statement;
import io.tidemark.wire.Request;
import java.util.concurrent.CompletableFuture;

/**
 * ExecuteStatement: one PartiQL statement (SELECT, INSERT, UPDATE, DELETE), run as the native
 * request it compiles to. SELECT pages with Limit and NextToken as Query and Scan do.
 */
final class ExecuteStatement implements CommittingOperation {
  @Override
  public CompletableFuture<Reply> execute(Request r, CallContext ctx) {
    Constraints c = new Constraints();
    PartiQlRequests.checkStatement(c, r, "statement");
    c.atLeast(r.integer("Limit"), "limit", 1);
    c.length(r.string("NextToken"), "nextToken", 1, 32768);
    ItemRequests.checkReturnConsumedCapacity(c, r);
    c.oneOf(r.string("ReturnValuesOnConditionCheckFailure"), "returnValuesOnConditionCheckFailure", "ALL_OLD", "NONE");
    c.check();
    Statement statement = PartiQl.parse(r.string("Statement"), PartiQlRequests.parameters(r));
    PartiQlRunner.Options options = new PartiQlRunner.Options(Boolean.TRUE.equals(r.bool("ConsistentRead")),
        r.integer("Limit"), r.string("NextToken"), r.string("ReturnConsumedCapacity"),
        "ALL_OLD".equals(r.string("ReturnValuesOnConditionCheckFailure")));
    return PartiQlRunner.run(statement, ctx, options).thenApply(result -> out -> {
      out.writeStartObject();
      PartiQlRequests.writeItems(out, result.items());
      if (result.nextToken() != null) {
        out.writeStringField("NextToken", result.nextToken());
      }
      PartiQlRequests.copy(out, result.response(), "ConsumedCapacity");
      out.writeEndObject();
    });
  }
}
