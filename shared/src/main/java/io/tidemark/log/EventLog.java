package io.tidemark.log;

import java.io.Closeable;
import java.util.List;
import java.util.function.Consumer;

/**
 * A shard's log: an append-only, totally ordered sequence of events. {@link #append} returns only
 * once the events are durable (unless the store was opened with durability relaxed for tests):
 * that moment is the commit point of every write.
 */
public interface EventLog extends Closeable {
  /**
   * Appends one commit batch; the events' sequence numbers follow {@link #lastSeq()} without gaps.
   *
   * @throws ConflictException if another writer appended first (a shared log)
   */
  void append(List<Event> batch);

  /**
   * Appends events as one record, replayed all together or not at all (a transaction's changes to
   * this shard). With {@code durable} false the write is not forced to disk: the caller has made
   * the events durable elsewhere (the transaction log) and recovery re-appends them if lost.
   */
  void appendGroup(List<Event> events, boolean durable);

  /** The sequence number of the last durable event, 0 when the log is empty. */
  long lastSeq();

  /** The commit time of the last event, 0 when the log is empty. */
  long lastCommitTime();

  /** Calls {@code consumer} with the events of the range, in order. */
  void read(EventRange range, Consumer<Event> consumer);

  /** Calls {@code consumer} with every event whose sequence number is greater than {@code afterSeq}, in order. */
  default void replay(long afterSeq, Consumer<Event> consumer) {
    read(EventRange.after(afterSeq), consumer);
  }

  /**
   * Like {@link #replay}, but only the events up to {@code untilSeq} with commit times up to
   * {@code untilCommitTime} (a log may stop reading there: both only grow along the log), and
   * their old images may be left out (null): for folding the log into a view, which has them.
   */
  default void replayUntil(long afterSeq, long untilSeq, long untilCommitTime, Consumer<Event> consumer) {
    read(new EventRange(afterSeq, untilSeq, untilCommitTime, false), consumer);
  }

  /**
   * Reads the events other writers appended after this log's end, makes them this log's end,
   * and returns how many there were. Only a shared log (S3, written by every instance of a
   * serverless deployment) has other writers; a local log has one, and nothing to catch up.
   */
  default long catchUp(Consumer<Event> consumer) {
    return 0;
  }

  /** Whether other writers may append to this log too (then {@link #catchUp} may find something). */
  default boolean shared() {
    return false;
  }

  /**
   * Another writer took the sequence number an append wanted (a shared log): nothing was
   * appended. Catch up ({@link #catchUp}), evaluate the writes again on the new state, retry.
   */
  final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * This writer's position is below the shared log's low-water mark: retention may have deleted the
   * objects after it, so neither appending nor catching up from there is safe. Nothing was
   * appended; the shard's view must be built again from storage.
   */
  final class StaleLogException extends RuntimeException {
    public StaleLogException(String message) {
      super(message);
    }
  }

  /**
   * A shared log's low-water mark: no writer may append at or catch up from a sequence number
   * below {@code seq}, and retention deletes objects below it only once it has been published
   * for its minimum age ({@code sinceMicros} is when it was). DESIGN.md, "no resurrection".
   */
  record LowWaterMark(long seq, long sinceMicros) {
    public static final LowWaterMark NONE = new LowWaterMark(0, 0);
  }

  /** The published low-water mark, or null for a log with one writer, which needs none. */
  default LowWaterMark lowWaterMark() {
    return null;
  }

  /** Publishes a higher low-water mark (retention, on a shared log). */
  default void raiseLowWaterMark(long seq, long sinceMicros) {
    throw new UnsupportedOperationException("a log with one writer has no low-water mark");
  }

  /** The event with this sequence number, or null if the log does not hold it (any more). */
  default Event eventAt(long seq) {
    Event[] found = new Event[1];
    read(new EventRange(seq - 1, seq, Long.MAX_VALUE, false), e -> found[0] = e);
    return found[0];
  }

  /** Makes everything appended so far durable (records appended without forcing included). */
  void force();

  /** Starts a new segment, so that everything before it can later be found by checkpoint alone. */
  void roll();

  /** The first sequence number of each segment, oldest first; the last is the one being appended to. */
  List<Long> segmentStarts();

  /**
   * Deletes a segment that is not the one being appended to (retention): its events are no longer
   * needed by the table, its recovery window or any backup. Safe while readers replay other segments.
   */
  void deleteSegment(long firstSeq);

  /** The first sequence number the log still holds (1 unless retention deleted older segments). */
  default long firstRetainedSeq() {
    List<Long> starts = segmentStarts();
    return starts.isEmpty() ? 1 : starts.get(0);
  }

  @Override
  void close();
}
