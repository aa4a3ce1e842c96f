package io.tidemark.log;

import io.tidemark.wire.AttributeValue;
import java.util.Map;

/**
 * One change to one item, as appended to a shard's log. The old and new images make the log
 * enough for views, streams, point-in-time recovery, audit and index maintenance.
 *
 * @param seq        sequence number in the shard's log, from 1, without gaps
 * @param commitTime microseconds since the epoch, strictly increasing per shard
 * @param txId       the transaction this change belongs to, or null
 * @param principal  who made the change (the access key id)
 * @param operation  the DynamoDB operation that made it, e.g. "PutItem"
 * @param key        the item's key attributes
 * @param oldImage   the item before, or null if it did not exist
 * @param newImage   the item after, or null if the change deleted it
 * @param prepared   part of a transaction across shards of a shared store, written before it was
 *                   decided: it counts only if the transaction's decision says committed, and then
 *                   at the decision's commit time ({@code io.tidemark.view.TransactionDecisions})
 */
public record Event(long seq, long commitTime, String txId, String principal, String operation,
    Map<String, AttributeValue> key, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage,
    boolean prepared) {

  /** A change that counts once it is in the log (everything but a prepared transaction's). */
  public Event(long seq, long commitTime, String txId, String principal, String operation,
      Map<String, AttributeValue> key, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
    this(seq, commitTime, txId, principal, operation, key, oldImage, newImage, false);
  }

  /** This prepared event as its transaction committed it: an ordinary event at the decision's time. */
  public Event committedAt(long decisionTime) {
    return new Event(seq, decisionTime, txId, principal, operation, key, oldImage, newImage, false);
  }
}
