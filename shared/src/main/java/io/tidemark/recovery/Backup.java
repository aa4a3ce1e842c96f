package io.tidemark.recovery;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.TableDescriptor;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.List;

/**
 * An on-demand backup: a manifest naming the source table's definition and, per shard, the log
 * position it was taken at. The items stay where they are — the source's immutable checkpoints
 * and log segments — so taking one costs O(shards), and a restore rebuilds each shard from its
 * newest checkpoint up to that position.
 *
 * @param id          {@code <creation millis, 14 digits>-<8 hex digits>}, as DynamoDB's backup ids
 * @param created     epoch seconds
 * @param positions   per shard {@code [lastSeq, lastCommitTime]}: one consistent cut of the table
 */
public record Backup(String id, String name, double created, long sizeBytes, long itemCount, TableDescriptor source,
    List<long[]> positions, String type, double expires) {
  public static final String USER = "USER";
  /** Taken by DynamoDB itself when a table with point-in-time recovery is deleted; kept 35 days. */
  public static final String SYSTEM = "SYSTEM";

  /** A backup the user asked for (no expiry). */
  public Backup(String id, String name, double created, long sizeBytes, long itemCount, TableDescriptor source,
      List<long[]> positions) {
    this(id, name, created, sizeBytes, itemCount, source, positions, USER, 0);
  }

  public String arn() {
    return source.arn() + "/backup/" + id;
  }

  void write(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("BackupId", id);
    g.writeStringField("BackupName", name);
    g.writeNumberField("BackupCreationDateTime", created);
    g.writeNumberField("BackupSizeBytes", sizeBytes);
    g.writeNumberField("ItemCount", itemCount);
    g.writeStringField("BackupType", type);
    if (expires > 0) {
      g.writeNumberField("BackupExpiryDateTime", expires);
    }
    g.writeFieldName("SourceTable");
    source.writeCatalogEntry(g);
    g.writeArrayFieldStart("Positions");
    for (long[] p : positions) {
      g.writeArray(p, 0, 2);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  static Backup read(Request r) {
    List<long[]> positions = new java.util.ArrayList<>();
    for (Object o : r.list("Positions")) {
      List<Object> p = Request.asList(o);
      positions.add(new long[] {((java.math.BigDecimal) p.get(0)).longValue(), ((java.math.BigDecimal) p.get(1)).longValue()});
    }
    return new Backup(r.string("BackupId"), r.string("BackupName"),
        ((java.math.BigDecimal) r.raw("BackupCreationDateTime")).doubleValue(), r.longValue("BackupSizeBytes"),
        r.longValue("ItemCount"), TableDescriptor.readCatalogEntry(r.struct("SourceTable")), positions,
        r.string("BackupType") == null ? USER : r.string("BackupType"),
        r.raw("BackupExpiryDateTime") == null ? 0 : ((java.math.BigDecimal) r.raw("BackupExpiryDateTime")).doubleValue());
  }
}
