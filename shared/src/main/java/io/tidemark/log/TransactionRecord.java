package io.tidemark.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A transaction as the transaction log keeps it: its id, commit time, client token and request
 * fingerprint (for idempotent retries), and every participant shard's events with the sequence
 * number its log stood at before them. Appending this record is the commit point of a transaction
 * that spans shards: recovery re-appends a participant's events if its log does not have them.
 */
public record TransactionRecord(String txId, long commitTime, String clientToken, String fingerprint,
    List<Participant> participants) {
  private static final int FORMAT = 1;

  /** One shard's part: its events follow sequence number {@code baseSeq} in the shard's log. */
  public record Participant(String tableId, int shard, long baseSeq, List<Event> events) {
  }

  public byte[] encode() {
    BinaryItems.Writer out = new BinaryItems.Writer(256);
    out.writeByte(FORMAT);
    out.writeString(txId);
    out.writeLong(commitTime);
    out.writeOptionalString(clientToken);
    out.writeOptionalString(fingerprint);
    out.writeVarint(participants.size());
    for (Participant p : participants) {
      out.writeString(p.tableId());
      out.writeVarint(p.shard());
      out.writeLong(p.baseSeq());
      out.writeVarint(p.events().size());
      for (Event e : p.events()) {
        EventCodec.encode(e, out);
      }
    }
    return out.toByteArray();
  }

  public static TransactionRecord decode(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    int format = in.get();
    if (format != FORMAT) {
      throw new IllegalStateException("unknown transaction record format " + format);
    }
    String txId = BinaryItems.readString(in);
    long commitTime = in.getLong();
    String token = BinaryItems.readOptionalString(in);
    String fingerprint = BinaryItems.readOptionalString(in);
    int count = BinaryItems.readVarint(in);
    List<Participant> participants = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String tableId = BinaryItems.readString(in);
      int shard = BinaryItems.readVarint(in);
      long baseSeq = in.getLong();
      int events = BinaryItems.readVarint(in);
      List<Event> list = new ArrayList<>(events);
      for (int j = 0; j < events; j++) {
        list.add(EventCodec.read(in));
      }
      participants.add(new Participant(tableId, shard, baseSeq, list));
    }
    return new TransactionRecord(txId, commitTime, token, fingerprint, participants);
  }
}
