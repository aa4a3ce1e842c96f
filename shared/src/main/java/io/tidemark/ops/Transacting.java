package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What the transactional operations share: capacity in their form, request fingerprints, echoes. */
final class Transacting {
  /** Transactional reads and writes cost twice the units of ordinary ones. */
  static final double TRANSACTIONAL = 2;

  private Transacting() {}

  /**
   * ConsumedCapacity as the transactional operations return it: one entry per table, with the
   * read or write part named ({@code ReadCapacityUnits} or {@code WriteCapacityUnits}).
   */
  static void writeCapacity(JsonGenerator out, Request r, Map<String, Double> unitsByTable, boolean reads)
      throws IOException {
    Map<String, Capacity.Units> units = new LinkedHashMap<>();
    unitsByTable.forEach((table, u) -> units.put(table, Capacity.Units.ofTable(u)));
    writeUnits(out, r, units, reads);
  }

  /** As above, with each table's index units. */
  static void writeUnits(JsonGenerator out, Request r, Map<String, Capacity.Units> unitsByTable, boolean reads)
      throws IOException {
    Capacity.writeUnitsList(out, r, unitsByTable, reads ? "ReadCapacityUnits" : "WriteCapacityUnits");
  }

  /**
   * What identifies a request for idempotency: a digest of its parameters in a canonical order,
   * without the token itself and without ReturnConsumedCapacity (a retry may ask for capacity).
   */
  static String fingerprint(Map<String, Object> body) {
    TreeMap<String, Object> canonical = new TreeMap<>();
    for (Map.Entry<String, Object> e : body.entrySet()) {
      if (!e.getKey().equals("ClientRequestToken") && !e.getKey().equals("ReturnConsumedCapacity")) {
        canonical.put(e.getKey(), canonical(e.getValue()));
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object canonical(Object v) {
    if (v instanceof Map<?, ?> m) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put((String) k, canonical(x)));
      return sorted;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Transacting::canonical).toList();
    }
    return v;
  }

  /**
   * A list of actions as DynamoDB echoes it in a constraint message: each one as its Java object,
   * class name and a hash ({@code com.amazonaws.dynamodb.v20120810.TransactWriteItem@1c8e0c43}).
   */
  static String dump(List<Object> actions, String className) {
    StringBuilder sb = new StringBuilder("[");
    for (Object a : actions) {
      sb.append(sb.length() == 1 ? "" : ", ").append("com.amazonaws.dynamodb.v20120810.").append(className)
          .append('@').append(Integer.toHexString(Objects.hashCode(a)));
    }
    return sb.append(']').toString();
  }
}
