package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Projection;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.view.StoredItem;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.JsonText;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BatchGetItem: up to 100 keys across tables. Keys whose items would take the response past
 * 16 MB come back in UnprocessedKeys, as DynamoDB does.
 */
final class BatchGetItem implements Operation {
  private static final int MAX_KEYS = 100;
  private static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
  private static final String[] EXPRESSIONS = {"ProjectionExpression"};
  private static final String[] LEGACY = {"AttributesToGet"};

  private record TableRequest(String name, TableView table, Request request, List<Map<String, AttributeValue>> keys,
      Projection projection, boolean consistent) {
  }

  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    Map<String, Object> requestItems = r.map("RequestItems");
    Constraints c = new Constraints().notNull(requestItems, "requestItems");
    if (requestItems != null) {
      if (requestItems.isEmpty()) {
        c.addUnechoed("RequestItems", "Member must have length greater than or equal to 1");
      } else if (requestItems.size() > 100) {
        c.addUnechoed("RequestItems", "Member must have length less than or equal to 100");
      }
      c.tableNameKeys(requestItems.keySet(), JsonText.of(requestItems), "requestItems");
    }
    ItemRequests.checkReturnConsumedCapacity(c, r);
    c.check();
    int total = 0;
    boolean expressions = false;
    boolean legacy = false;
    List<TableRequest> tables = new ArrayList<>();
    for (Map.Entry<String, Object> e : requestItems.entrySet()) {
      Request tr = new Request(Request.asMap(e.getValue()));
      List<Object> rawKeys = tr.list("Keys");
      Constraints tc = new Constraints().notNull(rawKeys, "requestItems." + e.getKey() + ".member.keys");
      if (rawKeys != null && (rawKeys.isEmpty() || rawKeys.size() > 100)) {
        tc.addUnechoed("RequestItems." + e.getKey() + ".member.Keys", rawKeys.isEmpty()
            ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 100");
      }
      tc.check();
      total += rawKeys.size();
      if (total > MAX_KEYS) {
        throw DynamoDbException.validation("Too many items requested for the BatchGetItem call");
      }
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (Object k : rawKeys) {
        keys.add(AttributeValues.decodeItem(k));
      }
      expressions |= tr.has("ProjectionExpression");
      legacy |= tr.has("AttributesToGet");
      if (expressions && legacy) {
        // one table's block with a projection and another's with AttributesToGet: DynamoDB refuses the mix
        throw DynamoDbException.validation("Can not use both expression and non-expression parameters in the same "
            + "request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
      }
      ExpressionContext exprs = ItemRequests.expressionContext(tr, EXPRESSIONS, LEGACY);
      Projection projection = ItemRequests.projection(tr, exprs);
      exprs.checkAllUsed();
      tables.add(new TableRequest(e.getKey(), null, tr, keys, projection, Boolean.TRUE.equals(tr.bool("ConsistentRead"))));
    }
    List<TableRequest> resolved = new ArrayList<>();
    for (TableRequest t : tables) {
      TableView table = Tables.require(ctx, t.name());
      Set<ItemKey> seen = new HashSet<>();
      for (Map<String, AttributeValue> key : t.keys()) {
        if (!seen.add(Items.checkKey(table.descriptor().keySchema, key))) {
          throw DynamoDbException.validation("Provided list of item keys contains duplicates");
        }
      }
      resolved.add(new TableRequest(t.name(), table, t.request(), t.keys(), t.projection(), t.consistent()));
      // a shared log: what other instances committed first in the keys' shards (embedded: nothing
      // to do); eventually consistent reads only past the staleness bound
      if (ctx.database().storage().shared()) {
        long stale = ctx.database().maxStalenessMillis();
        for (io.tidemark.view.Shard shard : seen.stream().map(k -> table.shardFor(k.hash())).distinct().toList()) {
          if (t.consistent()) {
            shard.catchUp();
          } else {
            shard.catchUpIfOlderThan(stale);
          }
        }
      }
    }

    long responseBytes = 0;
    Map<String, List<Map<String, AttributeValue>>> unprocessed = new LinkedHashMap<>();
    Map<String, Double> units = new LinkedHashMap<>();
    out.writeStartObject();
    out.writeObjectFieldStart("Responses");
    for (TableRequest t : resolved) {
      out.writeArrayFieldStart(t.name());
      double tableUnits = 0;
      for (Map<String, AttributeValue> key : t.keys()) {
        if (responseBytes >= MAX_RESPONSE_BYTES) {
          unprocessed.computeIfAbsent(t.name(), n -> new ArrayList<>()).add(key);
          continue;
        }
        StoredItem stored = t.table().stored(ItemKey.of(t.table().descriptor().keySchema, key));
        long size = stored == null ? 0 : stored.size();
        tableUnits += Capacity.readUnits(size, t.consistent());
        if (stored != null) {
          responseBytes += size;
          AttributeValues.writeItem(out, ItemRequests.project(t.projection(), stored.item()));
        }
      }
      units.merge(t.table().descriptor().name, tableUnits, Double::sum);
      out.writeEndArray();
    }
    out.writeEndObject();
    out.writeObjectFieldStart("UnprocessedKeys");
    for (TableRequest t : resolved) {
      List<Map<String, AttributeValue>> keys = unprocessed.get(t.name());
      if (keys == null) {
        continue;
      }
      out.writeObjectFieldStart(t.name());
      out.writeArrayFieldStart("Keys");
      for (Map<String, AttributeValue> key : keys) {
        AttributeValues.writeItem(out, key);
      }
      out.writeEndArray();
      // everything the client needs to send the keys again as they are
      Request tr = t.request();
      if (tr.has("ProjectionExpression")) {
        out.writeStringField("ProjectionExpression", tr.string("ProjectionExpression"));
      }
      if (tr.has("ExpressionAttributeNames")) {
        out.writeObjectFieldStart("ExpressionAttributeNames");
        for (Map.Entry<String, String> n : tr.stringMap("ExpressionAttributeNames").entrySet()) {
          out.writeStringField(n.getKey(), n.getValue());
        }
        out.writeEndObject();
      }
      if (tr.has("AttributesToGet")) {
        out.writeArrayFieldStart("AttributesToGet");
        for (Object a : tr.list("AttributesToGet")) {
          out.writeString(Request.asString(a));
        }
        out.writeEndArray();
      }
      if (tr.has("ConsistentRead")) {
        out.writeBooleanField("ConsistentRead", tr.bool("ConsistentRead"));
      }
      out.writeEndObject();
    }
    out.writeEndObject();
    Capacity.writeList(out, r, units);
    out.writeEndObject();
  }
}
