package io.tidemark.ops;

import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.KeySchema;
import io.tidemark.view.Shard;
import io.tidemark.view.TableView;
import io.tidemark.view.WriteResult;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * BatchWriteItem: up to 25 puts and deletes across tables, each applied on its own (the batch is
 * not a transaction). Everything is validated before anything is written. Requests to different
 * shards commit in parallel, and requests to one shard share its group commit.
 */
final class BatchWriteItem implements CommittingOperation {
  private static final int MAX_REQUESTS = 25;

  private record Write(TableView table, ItemKey key, Map<String, AttributeValue> keyAttributes,
      Map<String, AttributeValue> item) {
  }

  @Override
  public CompletableFuture<Reply> execute(Request r, CallContext ctx) {
    Map<String, Object> requestItems = r.map("RequestItems");
    Constraints c = new Constraints().notNull(requestItems, "requestItems");
    ItemRequests.checkReturnConsumedCapacity(c, r);
    c.oneOf(r.string("ReturnItemCollectionMetrics"), "returnItemCollectionMetrics", "SIZE", "NONE");
    c.check(); // these alone, even with bad table names
    if (requestItems.isEmpty()) {
      throw DynamoDbException.validation("The requestItems parameter is required for BatchWriteItem");
    }
    c.size(requestItems.keySet(), requestItems.keySet(), "requestItems", 1, 100)
        .tableNameKeys(requestItems.keySet(), summary(requestItems), "requestItems");
    int total = 0;
    for (Map.Entry<String, Object> e : requestItems.entrySet()) {
      List<Object> list = Request.asList(e.getValue());
      total += list.size();
      if (list.isEmpty() || list.size() > MAX_REQUESTS) {
        c.add(summary(requestItems), "requestItems", "Map value must satisfy constraint: [Member must have "
            + "length less than or equal to 25, Member must have length greater than or equal to 1]");
        break;
      }
    }
    c.check();
    if (total > MAX_REQUESTS) {
      throw DynamoDbException.validation("Too many items requested for the BatchWriteItem call");
    }

    List<Write> writes = new ArrayList<>();
    for (Map.Entry<String, Object> e : requestItems.entrySet()) {
      TableView table = Tables.require(ctx, e.getKey());
      KeySchema schema = table.descriptor().keySchema;
      Set<ItemKey> seen = new HashSet<>();
      for (Object o : Request.asList(e.getValue())) {
        Request w = new Request(Request.asMap(o));
        Request put = w.struct("PutRequest");
        Request delete = w.struct("DeleteRequest");
        if ((put == null) == (delete == null)) {
          throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, must contain "
              + "exactly one of the supported datatypes");
        }
        Write write;
        if (put != null) {
          Map<String, AttributeValue> item = put.item("Item");
          new Constraints().notNull(item, "requestItems." + e.getKey() + ".member.putRequest.item").check();
          if (!Items.keyMatchesSchema(schema, Items.keyOf(schema, item))) {
            // a missing key or one of the wrong type: BatchWriteItem words both like a bad Key
            throw DynamoDbException.validation("The provided key element does not match the schema");
          }
          Items.checkItem(schema, item);
          Items.checkIndexKeys(table.descriptor(), item, false);
          write = new Write(table, ItemKey.of(schema, item), Items.keyOf(schema, item), item);
        } else {
          Map<String, AttributeValue> key = delete.item("Key");
          new Constraints().notNull(key, "requestItems." + e.getKey() + ".member.deleteRequest.key").check();
          write = new Write(table, Items.checkKey(schema, key), key, null);
        }
        if (!seen.add(write.key())) {
          throw DynamoDbException.validation("Provided list of item keys contains duplicates");
        }
        writes.add(write);
      }
    }

    // each table's writes to a shard are queued in one step, so one log append commits them
    List<CompletableFuture<WriteResult>> futures = new ArrayList<>(java.util.Collections.nCopies(writes.size(), null));
    Map<TableView, List<Integer>> byTable = new LinkedHashMap<>();
    for (int i = 0; i < writes.size(); i++) {
      byTable.computeIfAbsent(writes.get(i).table(), t -> new ArrayList<>()).add(i);
    }
    byTable.forEach((table, indexes) -> {
      List<Shard.Write> queued = new ArrayList<>();
      for (int i : indexes) {
        Write w = writes.get(i);
        Map<String, AttributeValue> item = w.item();
        queued.add(new Shard.Write(w.key(), w.keyAttributes(), "BatchWriteItem", ctx.principal(), current -> item));
      }
      List<CompletableFuture<WriteResult>> results = table.writeAll(queued);
      for (int j = 0; j < indexes.size(); j++) {
        futures.set(indexes.get(j), results.get(j));
      }
    });
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, Capacity.Units> units = new LinkedHashMap<>();
      for (int i = 0; i < writes.size(); i++) {
        WriteResult result = futures.get(i).join();
        Write w = writes.get(i);
        units.computeIfAbsent(w.table().descriptor().name, t -> new Capacity.Units())
            .add(Capacity.ofWrite(w.table().descriptor(), w.key(), result.oldItem(), w.item()));
      }
      return out -> {
        out.writeStartObject();
        out.writeObjectFieldStart("UnprocessedItems");
        out.writeEndObject();
        Capacity.writeUnitsList(out, r, units, null);
        List<Map.Entry<TableView, ItemKey>> written = new ArrayList<>();
        writes.forEach(w -> written.add(Map.entry(w.table(), w.key())));
        ItemRequests.writeItemCollectionMetrics(out, r, written);
        out.writeEndObject();
      };
    });
  }

  /**
   * The request map as DynamoDB prints it in a constraint message: each write request as its Java
   * class name and a hash ({@code com.amazonaws.dynamodb.v20120810.WriteRequest@1c8e0c43}). The
   * hashes are DynamoDB's object identities; ours hash the request's content.
   */
  private static String summary(Map<String, Object> requestItems) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, Object> e : requestItems.entrySet()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(e.getKey()).append("=[");
      List<Object> requests = Request.asList(e.getValue());
      for (int i = 0; i < requests.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append("com.amazonaws.dynamodb.v20120810.WriteRequest@")
            .append(Integer.toHexString(java.util.Objects.hashCode(requests.get(i))));
      }
      sb.append(']');
    }
    return sb.append('}').toString();
  }
}
