package io.tidemark.ops;

import io.tidemark.wire.Request;
import java.util.concurrent.CompletableFuture;

/**
 * An operation that commits item writes, or (TransactGetItems) waits for commits in progress. It
 * validates the request and queues its work on the calling thread, then returns; the future
 * completes once the writes are durable (or failed), with what writes the response body. The
 * calling thread, an event loop, never waits for the log.
 */
public interface CommittingOperation {
  CompletableFuture<Reply> execute(Request request, CallContext context);
}
