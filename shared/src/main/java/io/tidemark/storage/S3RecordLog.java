package io.tidemark.storage;

import io.tidemark.log.BinaryItems;
import io.tidemark.log.RecordLog;
import io.tidemark.log.SegmentFormat;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * A record log on S3 (the transaction log): one object per record, {@code <name>/r/<n>}, created
 * with If-None-Match: * at the next number; a rewrite is one object {@code <name>/s/<n>} holding
 * the records kept, standing for every record up to {@code n}, after which those are deleted. A
 * reader takes the newest snapshot and the records after it, so a rewrite is atomic: before the
 * snapshot object exists the old records count, after it they are ignored even if not yet deleted.
 *
 * <p>Appends from several instances are safe (a taken number is skipped), but a rewrite is only
 * while no other instance appends: one whose number is stale could re-create a record the
 * rewrite deleted, below the snapshot, where no reader looks. Transactions across instances
 * need that first (a fenced generation of the log); until then one instance writes it.
 *
 * <p>A record object is encrypted as its append says (a transaction's records carry its tables'
 * items); a snapshot with S3's own keys (SSE-S3).
 */
final class S3RecordLog implements RecordLog {
  private final S3BlobStore blobs;
  private final String records;
  private final String snapshots;
  /** The highest record number this log has seen in use. */
  private long last;

  S3RecordLog(S3BlobStore blobs, String name) {
    this.blobs = blobs;
    this.records = name + "/r/";
    this.snapshots = name + "/s/";
    this.last = highestInUse();
  }

  private static String number(long n) {
    return String.format("%020d", n);
  }

  private static long numberOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }

  /** The numbered objects under a prefix, oldest first (see {@link S3EventLog#isNumbered}). */
  private List<String> numbered(String prefix, String startAfter) {
    List<String> keys = new java.util.ArrayList<>();
    for (String key : blobs.list(prefix, startAfter)) {
      if (S3EventLog.isNumbered(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  private long highestInUse() {
    long highest = 0;
    List<String> kept = numbered(records, null);
    if (!kept.isEmpty()) {
      highest = numberOf(kept.get(kept.size() - 1));
    }
    List<String> snaps = numbered(snapshots, null);
    if (!snaps.isEmpty()) {
      highest = Math.max(highest, numberOf(snaps.get(snaps.size() - 1)));
    }
    return highest;
  }

  @Override
  public void append(byte[] payload) {
    append(payload, Encryption.STORE_KEYS);
  }

  @Override
  public synchronized void append(byte[] payload, Encryption encryption) {
    byte[] framed = framed(List.of(payload));
    while (!blobs.create(records + number(last + 1), framed, encryption)) {
      last = Math.max(last + 1, highestInUse()); // another writer took it: after the highest in use
    }
    last++;
  }

  @Override
  public synchronized void replay(Consumer<byte[]> consumer) {
    long from = 0;
    List<String> snaps = numbered(snapshots, null);
    if (!snaps.isEmpty()) {
      String newest = snaps.get(snaps.size() - 1);
      from = numberOf(newest);
      readRecords(blobs.get(newest), consumer);
    }
    for (String key : numbered(records, records + number(from))) {
      byte[] data = blobs.get(key);
      if (data != null) { // null: deleted by a rewrite since the listing, so a snapshot now holds it
        readRecords(data, consumer);
      }
    }
  }

  @Override
  public synchronized void rewrite(List<byte[]> kept) {
    long upTo = highestInUse();
    blobs.put(snapshots + number(upTo), framed(kept));
    for (String key : numbered(records, null)) {
      if (numberOf(key) <= upTo) {
        blobs.delete(key);
      }
    }
    for (String key : numbered(snapshots, null)) {
      if (numberOf(key) < upTo) {
        blobs.delete(key);
      }
    }
    last = Math.max(last, upTo);
  }

  private static byte[] framed(List<byte[]> payloads) {
    BinaryItems.Writer out = new BinaryItems.Writer(64);
    for (byte[] payload : payloads) {
      int start = SegmentFormat.beginRecord(out);
      out.writeRaw(payload);
      SegmentFormat.endRecord(out, start);
    }
    return out.toByteArray();
  }

  private static void readRecords(byte[] data, Consumer<byte[]> consumer) {
    ByteBuffer buf = ByteBuffer.wrap(data);
    while (buf.hasRemaining()) {
      byte[] payload = SegmentFormat.readRecord(buf);
      if (payload == null) {
        throw new IllegalStateException("corrupt record in the transaction log"); // objects are whole or absent
      }
      consumer.accept(payload);
    }
  }

  @Override
  public void close() {
  }
}
