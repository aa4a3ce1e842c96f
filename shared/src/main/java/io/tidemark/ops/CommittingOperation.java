package io.tidemark.ops;

import io.tidemark.wire.Request;
import java.util.concurrent.CompletableFuture;

/**
 * An operation that commits item writes. It validates the request and queues its writes on the
 * calling thread, then returns; the future completes once the writes are durable (or failed),
 * with what writes the response body. No thread waits for the log in between.
 */
public interface CommittingOperation {
  CompletableFuture<Reply> execute(Request request, CallContext context);
}
