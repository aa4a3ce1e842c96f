package io.tidemark.ops;

import io.tidemark.partiql.PartiQl;
import io.tidemark.partiql.Statement;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * BatchExecuteStatement: up to 25 PartiQL statements, each run on its own (not a transaction).
 * A statement that fails gets an Error in its response; the others still run. Reads must name a
 * whole primary key.
 */
final class BatchExecuteStatement implements CommittingOperation {
  private static final int MAX_STATEMENTS = 25;

  /** One member's outcome: the table it ran on (null if rejected before running), its item, or its error. */
  private record Member(String tableName, Map<String, AttributeValue> item,
      DynamoDbException error, double capacityUnits) {
  }

  @Override
  public CompletableFuture<Reply> execute(Request r, CallContext ctx) {
    List<Object> statements = r.list("Statements");
    Constraints c = new Constraints().notNull(statements, "statements");
    if (statements != null) {
      c.size(statements, statements, "statements", 1, MAX_STATEMENTS);
    }
    ItemRequests.checkReturnConsumedCapacity(c, r);
    c.check();
    List<CompletableFuture<Member>> members = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      members.add(run(new Request(Request.asMap(statements.get(i))), i, ctx));
    }
    boolean capacity = Capacity.wanted(r);
    return CompletableFuture.allOf(members.toArray(CompletableFuture[]::new)).thenApply(done -> out -> {
      out.writeStartObject();
      out.writeArrayFieldStart("Responses");
      for (CompletableFuture<Member> f : members) {
        Member m = f.join();
        out.writeStartObject();
        if (m.error() != null) {
          out.writeObjectFieldStart("Error");
          out.writeStringField("Code", PartiQlRequests.errorCode(m.error().type()));
          out.writeStringField("Message", m.error().getMessage());
          out.writeEndObject();
        }
        if (m.tableName() != null) {
          out.writeStringField("TableName", m.tableName());
        }
        if (m.item() != null && !m.item().isEmpty()) {
          out.writeFieldName("Item");
          AttributeValues.writeItem(out, m.item());
        }
        out.writeEndObject();
      }
      out.writeEndArray();
      if (capacity) {
        Map<String, Double> units = new LinkedHashMap<>();
        for (CompletableFuture<Member> f : members) {
          Member m = f.join();
          if (m.tableName() != null && m.error() == null) {
            units.merge(m.tableName(), m.capacityUnits(), Double::sum);
          }
        }
        Capacity.writeList(out, r, units);
      }
      out.writeEndObject();
    });
  }

  private static CompletableFuture<Member> run(Request member, int index, CallContext ctx) {
    Statement statement;
    try {
      Constraints c = new Constraints();
      PartiQlRequests.checkStatement(c, member, "statements." + (index + 1) + ".member.statement");
      c.check();
      statement = PartiQl.parse(member.string("Statement"), PartiQlRequests.parameters(member));
      if (statement instanceof Statement.Select s && (s.indexName() != null
          || PartiQlRunner.fullKey(s, Tables.require(ctx, s.tableName()).descriptor().keySchema) == null)) {
        throw DynamoDbException.validation(
            "Select statements within BatchExecuteStatement must specify the primary key in the where clause.");
      }
    } catch (DynamoDbException e) {
      return CompletableFuture.completedFuture(new Member(null, null, e, 0));
    }
    PartiQlRunner.Options options = new PartiQlRunner.Options(Boolean.TRUE.equals(member.bool("ConsistentRead")),
        null, null, "TOTAL", false);
    CompletableFuture<PartiQlRunner.Result> result;
    try {
      result = PartiQlRunner.run(statement, ctx, options);
    } catch (DynamoDbException e) {
      return CompletableFuture.completedFuture(new Member(tableIfExists(statement, ctx), null, e, 0));
    }
    return result.handle((done, failure) -> {
      if (failure == null) {
        return new Member(done.tableName(), done.items().isEmpty() ? null : done.items().get(0), null,
            capacityUnits(done.response()));
      }
      Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (e instanceof DynamoDbException d) {
        return new Member(tableIfExists(statement, ctx), null, d, 0);
      }
      throw new CompletionException(e);
    });
  }

  /** CapacityUnits of a native response's ConsumedCapacity (asked for as TOTAL). */
  private static double capacityUnits(Map<String, Object> response) {
    Object consumed = response.get("ConsumedCapacity");
    if (consumed == null) {
      return 0;
    }
    Object units = Request.asMap(consumed).get("CapacityUnits");
    return units instanceof BigDecimal n ? n.doubleValue() : 0;
  }

  private static String tableIfExists(Statement statement, CallContext ctx) {
    var table = ctx.database().table(Tables.nameOf(statement.tableName()));
    return table == null ? null : table.descriptor().name;
  }
}
