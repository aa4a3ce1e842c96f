package io.tidemark.storage;

import io.tidemark.log.BinaryItems;
import io.tidemark.log.RecordLog;
import io.tidemark.log.SegmentFormat;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * A record log on S3 (the transaction log), safe with any number of instances appending and
 * rewriting it at once:
 * <ul>
 *   <li>a record is one object {@code <name>/r/<millis>-<uuid>}: unique, so appending is one PUT
 *       and never conflicts;</li>
 *   <li>a rewrite ({@link #rewrite}) writes one snapshot {@code <name>/s/<millis>-<uuid>} holding
 *       the records kept and naming the objects it stands for, which are exactly those its
 *       instance's last {@link #replay} read; then it deletes them;</li>
 *   <li>a reader reads every snapshot and every record no snapshot names.</li>
 * </ul>
 * So a record appended while another instance rewrites, or by an instance that has not read the
 * log for a long time, is never deleted unread: no rewrite names it. Before its snapshot exists a
 * rewrite's objects count; after, they are ignored even if not yet deleted. A reader that finds an
 * object it listed already deleted reads again (a rewrite's snapshot then exists).
 *
 * <p>Records numbered {@code r/<n>} (20 digits), as earlier versions wrote them, are read the same.
 *
 * <p>A record object is encrypted as its append says (a transaction's records carry its tables'
 * items); a snapshot with S3's own keys (SSE-S3).
 */
final class S3RecordLog implements RecordLog {
  /** A snapshot's first record: this marker, then the names of the objects it stands for, one per line. */
  private static final String COVERS = "tidemark-snapshot-covers\n";
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[0-9]{20}(-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?");

  private final S3BlobStore blobs;
  private final String records;
  private final String snapshots;
  /** The objects the last replay read (records and snapshots): what a rewrite replaces. */
  private List<String> replayed = List.of();

  S3RecordLog(S3BlobStore blobs, String name) {
    this.blobs = blobs;
    this.records = name + "/r/";
    this.snapshots = name + "/s/";
  }

  /** A new object's name: time first, so names sort about in order of writing. */
  private static String newName() {
    return String.format("%020d", System.currentTimeMillis()) + "-" + java.util.UUID.randomUUID();
  }

  /** The objects under a prefix with names this log writes, oldest first (an S3-compatible server may list uploads in progress under other names). */
  private List<String> objects(String prefix) {
    List<String> keys = new java.util.ArrayList<>();
    for (String key : blobs.list(prefix)) {
      if (NAME.matcher(key.substring(key.lastIndexOf('/') + 1)).matches()) {
        keys.add(key);
      }
    }
    return keys;
  }

  @Override
  public void append(byte[] payload) {
    append(payload, Encryption.STORE_KEYS);
  }

  @Override
  public void append(byte[] payload, Encryption encryption) {
    blobs.create(records + newName(), framed(List.of(payload)), encryption);
  }

  @Override
  public synchronized void replay(Consumer<byte[]> consumer) {
    while (true) {
      List<String> read = new java.util.ArrayList<>();
      List<byte[]> payloads = new java.util.ArrayList<>();
      if (readAll(read, payloads)) {
        replayed = read;
        payloads.forEach(consumer);
        return;
      }
      // something listed was deleted by a rewrite meanwhile: its snapshot exists now
    }
  }

  /** Reads every snapshot and every record none of them names; false if one vanished while reading. */
  private boolean readAll(List<String> read, List<byte[]> payloads) {
    List<String> recordKeys = objects(records); // records first: a rewrite writes its snapshot before deleting them
    java.util.Set<String> covered = new java.util.HashSet<>();
    for (String key : objects(snapshots)) {
      byte[] data = blobs.get(key);
      if (data == null) {
        return false;
      }
      List<byte[]> contents = new java.util.ArrayList<>();
      readRecords(data, contents::add);
      String header = contents.isEmpty() ? "" : new String(contents.get(0), java.nio.charset.StandardCharsets.UTF_8);
      if (header.startsWith(COVERS)) {
        for (String name : header.substring(COVERS.length()).split("\n")) {
          if (!name.isEmpty()) {
            covered.add(name);
          }
        }
        payloads.addAll(contents.subList(1, contents.size()));
      } else {
        // an earlier version's snapshot s/<n>: it stands for every record numbered up to n
        long upTo = Long.parseLong(key.substring(key.lastIndexOf('/') + 1, key.lastIndexOf('/') + 21));
        for (String record : recordKeys) {
          String name = record.substring(record.lastIndexOf('/') + 1);
          if (name.length() == 20 && Long.parseLong(name) <= upTo) {
            covered.add(record);
          }
        }
        payloads.addAll(contents);
      }
      read.add(key);
    }
    for (String key : recordKeys) {
      if (covered.contains(key)) {
        continue; // a snapshot holds what is kept of it
      }
      byte[] data = blobs.get(key);
      if (data == null) {
        return false;
      }
      readRecords(data, payloads::add);
      read.add(key);
    }
    return true;
  }

  /**
   * Replaces what this instance's last {@link #replay} read with {@code kept}: one snapshot naming
   * those objects, then their deletion. Records appended since, here or elsewhere, stay as they are.
   */
  @Override
  public synchronized void rewrite(List<byte[]> kept) {
    if (replayed.stream().noneMatch(key -> key.startsWith(records)) && replayed.size() <= 1) {
      return; // at most one snapshot and no record: nothing to fold (every cold start would PUT one)
    }
    List<byte[]> contents = new java.util.ArrayList<>();
    contents.add((COVERS + String.join("\n", replayed)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    contents.addAll(kept);
    String snapshot = snapshots + newName();
    blobs.put(snapshot, framed(contents));
    for (String key : replayed) {
      blobs.delete(key);
    }
    replayed = List.of(snapshot);
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
