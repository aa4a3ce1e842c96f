package io.tidemark.ops;

import io.tidemark.table.ItemKey;
import io.tidemark.table.Items;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.Database;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The time machine outside the DynamoDB API (the {@code tidemark replay} and {@code history}
 * commands): a table restored as of any time its log still holds, whatever its point-in-time
 * recovery settings, and an item's versions.
 */
public final class Replay {
  private Replay() {}

  /** Restores {@code source} as of {@code micros} (epoch microseconds) into a new table; returns it. */
  public static TableView restore(Database db, String source, long micros, String target) {
    TableView table = db.table(source);
    if (table == null) {
      throw DynamoDbException.resourceNotFound("Table not found: " + source);
    }
    CallContext ctx = new CallContext(db, "tidemark-replay", table.descriptor().region, null);
    TableDescriptor d = table.descriptor();
    TableDescriptor descriptor = Restores.target(new Request(Map.of()), ctx, d, target,
        new TableDescriptor.RestoreSummary(null, d.arn(), micros / 1e6));
    long bound = TableView.cut(micros);
    return db.createFrom(descriptor, d.id, table.viewsAsOf(bound), bound);
  }

  /**
   * Epoch microseconds from ISO-8601 (2026-11-24T21:50:01.123456Z) or epoch seconds with a
   * fraction (1764021001.123456); IllegalArgumentException otherwise.
   */
  public static long micros(String time) {
    if (time.matches("[0-9]+(\\.[0-9]+)?")) {
      return new BigDecimal(time).movePointRight(6).longValue();
    }
    try {
      Instant t = Instant.parse(time);
      return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a time: " + time, e);
    }
  }

  /** ISO-8601 of epoch microseconds. */
  public static String iso(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L).toString();
  }

  /** The key of an item of this table, from its key attributes. */
  public static ItemKey key(TableView table, Map<String, AttributeValue> keyAttributes) {
    return Items.checkKey(table.descriptor().keySchema, keyAttributes);
  }
}
