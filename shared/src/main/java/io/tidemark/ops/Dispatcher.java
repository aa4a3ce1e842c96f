package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.wire.AttributeValues;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import io.tidemark.wire.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * From {@code X-Amz-Target} to the operation, and from its outcome to DynamoDB's response body.
 *
 * <p>Threads: every operation is in memory except table management, which writes the catalog
 * ({@link #blocksOnIo}); item writes only queue on the calling thread and answer from the
 * committer once durable. So a server can run all but table management on its I/O threads.
 */
public final class Dispatcher {
  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
  private static final String TARGET_PREFIX = "DynamoDB_20120810.";
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> TABLE_MANAGEMENT = Set.of("CreateTable", "UpdateTable", "DeleteTable",
      "TagResource", "UntagResource", "UpdateTimeToLive", "UpdateContinuousBackups", "RestoreTableToPointInTime",
      "CreateBackup", "DeleteBackup", "RestoreTableFromBackup");

  /** A response: HTTP status and the JSON body. */
  public record Response(int status, byte[] body) {
  }

  private final Map<String, Operation> operations = new HashMap<>();
  private final Map<String, CommittingOperation> committing = new HashMap<>();

  public Dispatcher() {
    operations.put("CreateTable", new CreateTable());
    operations.put("DescribeTable", new DescribeTable());
    operations.put("ListTables", new ListTables());
    operations.put("UpdateTable", new UpdateTable());
    operations.put("DeleteTable", new DeleteTable());
    operations.put("GetItem", new GetItem());
    operations.put("Query", new Query());
    operations.put("Scan", new Scan());
    operations.put("BatchGetItem", new BatchGetItem());
    operations.put("TagResource", new TagResource());
    operations.put("UntagResource", new UntagResource());
    operations.put("ListTagsOfResource", new ListTagsOfResource());
    operations.put("UpdateTimeToLive", new UpdateTimeToLive());
    operations.put("DescribeTimeToLive", new DescribeTimeToLive());
    operations.put("DescribeLimits", new DescribeLimits());
    operations.put("DescribeEndpoints", new DescribeEndpoints());
    operations.put("UpdateContinuousBackups", new UpdateContinuousBackups());
    operations.put("DescribeContinuousBackups", new DescribeContinuousBackups());
    operations.put("RestoreTableToPointInTime", new RestoreTableToPointInTime());
    operations.put("CreateBackup", new CreateBackup());
    operations.put("DescribeBackup", new DescribeBackup());
    operations.put("ListBackups", new ListBackups());
    operations.put("DeleteBackup", new DeleteBackup());
    operations.put("RestoreTableFromBackup", new RestoreTableFromBackup());
    committing.put("PutItem", new PutItem());
    committing.put("UpdateItem", new UpdateItem());
    committing.put("DeleteItem", new DeleteItem());
    committing.put("BatchWriteItem", new BatchWriteItem());
    committing.put("TransactWriteItems", new TransactWriteItems());
    committing.put("TransactGetItems", new TransactGetItems());
    committing.put("ExecuteStatement", new ExecuteStatement());
    committing.put("BatchExecuteStatement", new BatchExecuteStatement());
    committing.put("ExecuteTransaction", new ExecuteTransaction());
  }

  /** Whether the operation may wait for disk I/O on the calling thread (so not on an event loop). */
  public boolean blocksOnIo(String target) {
    return TABLE_MANAGEMENT.contains(operationName(target));
  }

  /**
   * Runs the operation the target names. The future is already complete unless the operation
   * commits writes; it never completes exceptionally (errors are DynamoDB error responses).
   */
  public CompletableFuture<Response> dispatch(String target, byte[] body, CallContext context) {
    String name = operationName(target);
    Operation op = operations.get(name);
    CommittingOperation write = committing.get(name);
    if (op == null && write == null) {
      return CompletableFuture.completedFuture(error(new DynamoDbException(ErrorType.UnknownOperationException, null)));
    }
    try {
      Request request = Request.parse(body);
      if (write != null) {
        return write.execute(request, context)
            .handle((reply, failure) -> failure == null ? render(reply, name) : failed(failure, name));
      }
      return CompletableFuture.completedFuture(render(out -> op.execute(request, context, out), name));
    } catch (RuntimeException | StackOverflowError e) {
      return CompletableFuture.completedFuture(failed(e, name));
    }
  }

  private static String operationName(String target) {
    return target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
  }

  /**
   * Each thread renders into a buffer it keeps, so a large response (a Query page runs to 1 MB)
   * does not grow a fresh buffer by doubling, copying itself each time; buffers that grew beyond
   * {@link RenderBuffer#KEPT} are dropped after use rather than held by the thread.
   */
  private static final ThreadLocal<RenderBuffer> BUFFERS = ThreadLocal.withInitial(RenderBuffer::new);

  private static final class RenderBuffer extends ByteArrayOutputStream {
    static final int KEPT = 2 * 1024 * 1024;

    RenderBuffer() {
      super(64 * 1024);
    }

    boolean oversized() {
      return buf.length > KEPT;
    }
  }

  private static Response render(Reply reply, String operation) {
    RenderBuffer out = BUFFERS.get();
    out.reset();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      reply.write(g);
    } catch (RuntimeException | IOException | StackOverflowError e) {
      return failed(e, operation);
    } finally {
      if (out.oversized()) {
        BUFFERS.remove();
      }
    }
    return new Response(200, out.toByteArray());
  }

  /** DynamoDB's error for a failure; anything but a DynamoDbException is a bug, logged and answered with a 500. */
  private static Response failed(Throwable failure, String operation) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (e instanceof DynamoDbException) {
      return error((DynamoDbException) e);
    }
    LOG.log(Level.SEVERE, "internal error in " + operation, e);
    return error(new DynamoDbException(ErrorType.InternalServerError, "Internal server error"));
  }

  public static Response error(DynamoDbException e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("__type", e.type().qualifiedName());
      if (e.getMessage() != null) {
        g.writeStringField("message", e.getMessage());
      }
      if (e.item() != null) {
        g.writeFieldName("Item");
        AttributeValues.writeItem(g, e.item());
      }
      if (e.cancellationReasons() != null) {
        g.writeArrayFieldStart("CancellationReasons");
        for (DynamoDbException.CancellationReason reason : e.cancellationReasons()) {
          g.writeStartObject();
          if (reason.item() != null) {
            g.writeFieldName("Item");
            AttributeValues.writeItem(g, reason.item());
          }
          g.writeStringField("Code", reason.code());
          if (reason.message() != null) {
            g.writeStringField("Message", reason.message());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return new Response(e.type().httpStatus(), out.toByteArray());
  }
}
