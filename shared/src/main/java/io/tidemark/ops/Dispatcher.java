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
import java.util.logging.Level;
import java.util.logging.Logger;

/** From {@code X-Amz-Target} to the operation, and from its outcome to DynamoDB's response body. */
public final class Dispatcher {
  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
  private static final String TARGET_PREFIX = "DynamoDB_20120810.";
  private static final JsonFactory JSON = new JsonFactory();

  /** A response: HTTP status and the JSON body. */
  public record Response(int status, byte[] body) {
  }

  private final Map<String, Operation> operations = new HashMap<>();

  public Dispatcher() {
    register("CreateTable", new CreateTable());
    register("DescribeTable", new DescribeTable());
    register("ListTables", new ListTables());
    register("UpdateTable", new UpdateTable());
    register("DeleteTable", new DeleteTable());
    register("PutItem", new PutItem());
    register("GetItem", new GetItem());
    register("UpdateItem", new UpdateItem());
    register("DeleteItem", new DeleteItem());
    register("Query", new Query());
    register("Scan", new Scan());
    register("BatchWriteItem", new BatchWriteItem());
    register("BatchGetItem", new BatchGetItem());
  }

  private void register(String name, Operation op) {
    operations.put(name, op);
  }

  public Response dispatch(String target, byte[] body, CallContext context) {
    Operation op = target != null && target.startsWith(TARGET_PREFIX)
        ? operations.get(target.substring(TARGET_PREFIX.length())) : null;
    if (op == null) {
      return error(new DynamoDbException(ErrorType.UnknownOperationException, null));
    }
    try {
      Request request = Request.parse(body);
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      try (JsonGenerator g = JSON.createGenerator(out)) {
        op.execute(request, context, g);
      }
      return new Response(200, out.toByteArray());
    } catch (DynamoDbException e) {
      return error(e);
    } catch (RuntimeException | IOException | StackOverflowError e) {
      LOG.log(Level.SEVERE, "internal error in " + target, e);
      return error(new DynamoDbException(ErrorType.InternalServerError, "Internal server error"));
    }
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
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return new Response(e.type().httpStatus(), out.toByteArray());
  }
}
