package io.tidemark.functions.checkpoint;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import io.tidemark.recovery.Checkpointer;
import io.tidemark.storage.Storage;
import io.tidemark.storage.StoreLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint function: S3 tells it of every new object under the store's {@code tables/}
 * and {@code backups/}; it checkpoints shards whose logs have grown {@code TIDEMARK_CHECKPOINT_EVERY}
 * events past their newest checkpoint, and new backups at their exact positions
 * ({@link Checkpointer}). Configured by the environment: {@code TIDEMARK_STORE}
 * ({@code s3://BUCKET/PREFIX}), optionally {@code TIDEMARK_S3_ENDPOINT} and
 * {@code TIDEMARK_CHECKPOINT_EVERY} (100000, as the api function's default).
 *
 * <p>A failure is thrown, so that Lambda invokes the function again with the same event (S3
 * invokes asynchronously, with retries); writing a checkpoint twice is harmless.
 */
public final class CheckpointHandler implements RequestHandler<S3Event, List<String>> {
  private final StoreLocation location;
  private final Storage storage;
  private final Checkpointer checkpointer;

  /** As Lambda constructs it: from the environment, once per instance (and before a SnapStart snapshot). */
  public CheckpointHandler() {
    this(System.getenv());
  }

  public CheckpointHandler(Map<String, String> environment) {
    long every = Long.parseLong(environment.getOrDefault("TIDEMARK_CHECKPOINT_EVERY", "100000"));
    this.location = StoreLocation.fromEnvironment(environment);
    this.storage = location.open(environment);
    this.checkpointer = new Checkpointer(storage, every);
  }

  /** Returns the keys of the checkpoints written (within the store). */
  @Override
  public List<String> handleRequest(S3Event event, Context context) {
    List<String> written = new ArrayList<>();
    for (S3EventNotificationRecord record : event.getRecords()) {
      if (record.getEventName() == null || !record.getEventName().startsWith("ObjectCreated:")) {
        continue;
      }
      String key = location.keyWithin(record.getS3().getBucket().getName(), record.getS3().getObject().getUrlDecodedKey());
      if (key != null) {
        written.addAll(checkpointer.objectCreated(key));
      }
    }
    return written;
  }
}
