package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.expr.ExpressionContext;
import io.tidemark.expr.Projection;
import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.view.StoredItem;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.Map;

/**
 * GetItem. Embedded, every read is strongly consistent: the view holds exactly the durable writes,
 * so ConsistentRead only changes the capacity reported.
 */
final class GetItem implements Operation {
  private static final String[] EXPRESSIONS = {"ProjectionExpression"};
  private static final String[] LEGACY = {"AttributesToGet"};

  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    Object rawKey = r.raw("Key");
    Constraints c = new Constraints();
    Tables.checkName(c, name);
    c.notNull(rawKey, "key");
    ItemRequests.checkReturnConsumedCapacity(c, r);
    c.check();
    boolean consistent = Boolean.TRUE.equals(r.bool("ConsistentRead"));
    Map<String, AttributeValue> key = r.item("Key");
    ExpressionContext exprs = ItemRequests.expressionContext(r, EXPRESSIONS, LEGACY);
    Projection projection = ItemRequests.projection(r, exprs);
    exprs.checkAllUsed();
    TableView table = Tables.require(ctx, name);
    ItemKey itemKey = Items.checkKey(table.descriptor().keySchema, key);
    StoredItem stored = Reads.source(ctx, table, r, itemKey.hash()).stored(itemKey);
    out.writeStartObject();
    if (stored != null) {
      out.writeFieldName("Item");
      AttributeValues.writeItem(out, ItemRequests.project(projection, stored.item()));
    }
    Capacity.write(out, r, table.descriptor().name, Capacity.readUnits(stored == null ? 0 : stored.size(), consistent));
    out.writeEndObject();
  }
}
