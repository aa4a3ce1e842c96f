package io.tidemark.view;

import io.tidemark.log.Event;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The transactions a shard's view holds from the last 10 minutes (DynamoDB's lifetime of a
 * ClientRequestToken), by id, with their commit times. On a shared store a transaction with a
 * client token has an id derived from the token ({@link Transactions#tokenTransactionId}; across
 * shards "token-&lt;hash&gt;.&lt;attempt&gt;", found by its part before the dot), so a retry that
 * another instance serves is found here once that instance has the transaction in its view. A
 * checkpoint carries them, so that an instance starting from a checkpoint taken after the
 * transaction knows it too. Changed and read under the shard's commit lock.
 */
final class RecentTransactions {
  private final Map<String, Long> byId = new LinkedHashMap<>();

  /** Notes the transaction of an event that became part of the view. */
  void note(Event e) {
    if (e.txId() != null) {
      note(e.txId(), e.commitTime());
    }
  }

  void note(String txId, long commitTime) {
    byId.put(txId, Math.max(commitTime, byId.getOrDefault(txId, commitTime)));
    int attempt = txId.indexOf('.');
    if (attempt > 0) {
      byId.put(txId.substring(0, attempt), commitTime);
    }
    // mostly in commit order, so the expired ones are at the head
    long expired = System.currentTimeMillis() * 1000 - Transactions.TOKEN_LIFETIME_MICROS;
    Iterator<Long> oldest = byId.values().iterator();
    while (oldest.hasNext() && oldest.next() < expired) {
      oldest.remove();
    }
  }

  boolean contains(String txId) {
    return byId.containsKey(txId);
  }

  /** A copy, for a checkpoint being written while the shard goes on. */
  Map<String, Long> snapshot() {
    return new LinkedHashMap<>(byId);
  }

  void noteAll(Map<String, Long> transactions) {
    transactions.forEach(this::note);
  }
}
