package io.tidemark.functions.retention;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.tidemark.recovery.GarbageCollector;
import io.tidemark.storage.Storage;
import io.tidemark.storage.StoreLocation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The retention function: on its schedule, one pass of {@link GarbageCollector} over the store,
 * seen through storage alone (the api instances serving it are elsewhere). Deletes expired system
 * backups, checkpoints nothing needs, and log objects below each shard's low-water mark once that
 * mark has been published for the minimum age. Configured by the environment:
 * {@code TIDEMARK_STORE} ({@code s3://BUCKET/PREFIX}), optionally {@code TIDEMARK_S3_ENDPOINT},
 * {@code TIDEMARK_RETENTION_DAYS} (history kept beyond point-in-time recovery and backups; 0 by
 * default, negative for all of it) and {@code TIDEMARK_RETENTION_MIN_AGE_SECONDS} (600: longer
 * than any request, restore or read as of a moment can run).
 */
public final class RetentionHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  private final Storage storage;
  private final GarbageCollector collector;

  /** As Lambda constructs it: from the environment. */
  public RetentionHandler() {
    this(System.getenv());
  }

  public RetentionHandler(Map<String, String> environment) {
    double days = Double.parseDouble(environment.getOrDefault("TIDEMARK_RETENTION_DAYS", "0"));
    long minAgeSeconds = Long.parseLong(environment.getOrDefault("TIDEMARK_RETENTION_MIN_AGE_SECONDS", "600"));
    this.storage = StoreLocation.fromEnvironment(environment).open(environment);
    this.collector = new GarbageCollector(storage, new GarbageCollector.Settings(days, minAgeSeconds * 1_000_000));
  }

  /** Returns what the pass deleted. */
  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    GarbageCollector.Report report = collector.collect();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("checkpointsDeleted", report.checkpoints());
    result.put("logObjectsDeleted", report.segments());
    result.put("transactionDecisionsDeleted", report.decisions());
    return result;
  }
}
