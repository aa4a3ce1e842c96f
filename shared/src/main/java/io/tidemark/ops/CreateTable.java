package io.tidemark.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.table.KeySchema;
import io.tidemark.table.TableDescriptor;
import io.tidemark.view.TableView;
import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** CreateTable: a partition key and an optional sort key, capacity, encryption, tags, deletion protection. */
final class CreateTable implements Operation {
  @Override
  public void execute(Request r, CallContext ctx, JsonGenerator out) throws IOException {
    String name = r.string("TableName");
    List<Object> definitions = r.list("AttributeDefinitions");
    List<Object> keySchema = r.list("KeySchema");
    String billingMode = r.string("BillingMode");
    Request throughput = r.struct("ProvisionedThroughput");
    Long read = throughput == null ? null : throughput.longValue("ReadCapacityUnits");
    Long write = throughput == null ? null : throughput.longValue("WriteCapacityUnits");

    if (name == null) {
      throw DynamoDbException.validation("The parameter 'TableName' is required but was not present in the request");
    }
    Constraints c = new Constraints()
        .length(name, "tableName", 3, 255).tableName(name, "tableName")
        .notNull(definitions, "attributeDefinitions")
        .notNull(keySchema, "keySchema")
        .size(keySchema, keySchemaEcho(keySchema), "keySchema", 1, 2)
        .oneOf(billingMode, "billingMode", TableDescriptor.PROVISIONED, TableDescriptor.PAY_PER_REQUEST);
    if (throughput != null) {
      c.notNull(read, "provisionedThroughput.readCapacityUnits")
          .atLeast(read, "provisionedThroughput.readCapacityUnits", 1)
          .notNull(write, "provisionedThroughput.writeCapacityUnits")
          .atLeast(write, "provisionedThroughput.writeCapacityUnits", 1);
    }
    Map<String, AttributeValue.Type> attributes = attributeDefinitions(c, definitions);
    List<String[]> keys = new ArrayList<>();
    if (keySchema != null) {
      for (int i = 0; i < keySchema.size(); i++) {
        Request k = new Request(Request.asMap(keySchema.get(i)));
        String attr = k.string("AttributeName");
        String type = k.string("KeyType");
        String path = "keySchema." + (i + 1) + ".member.";
        c.notNull(attr, path + "attributeName").length(attr, path + "attributeName", 1, 255)
            .notNull(type, path + "keyType").oneOf(type, path + "keyType", "HASH", "RANGE");
        keys.add(new String[] {attr, type});
      }
    }
    List<Object> localIndexes = r.list("LocalSecondaryIndexes");
    List<Object> globalIndexes = r.list("GlobalSecondaryIndexes");
    IndexDefinitions.checkMembers(c, globalIndexes, localIndexes);
    c.check();
    Request streams = r.struct("StreamSpecification");
    if (streams != null && Boolean.TRUE.equals(streams.bool("StreamEnabled"))) {
      throw DynamoDbException.validation("DynamoDB Streams are not supported by Tidemark yet");
    }

    KeySchema schema = keySchema(keys, attributes, definitions.size(), localIndexes != null || globalIndexes != null);
    String mode = billingMode == null ? TableDescriptor.PROVISIONED : billingMode;
    IndexDefinitions.Parsed indexes = IndexDefinitions.parse(localIndexes, globalIndexes, schema, attributes, mode);
    if (mode.equals(TableDescriptor.PROVISIONED) && throughput == null) {
      throw DynamoDbException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
          + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }
    if (mode.equals(TableDescriptor.PAY_PER_REQUEST) && throughput != null) {
      throw DynamoDbException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits "
          + "nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    Request sse = r.struct("SSESpecification");
    boolean sseEnabled = sse != null && Boolean.TRUE.equals(sse.bool("Enabled"));
    String sseType = sse == null ? null : sse.string("SSEType");
    new Constraints().oneOf(sseType, "sSESpecification.sSEType", "AES256", "KMS").check();
    if (sse != null && sse.string("KMSMasterKeyId") != null && !sseEnabled) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: KMSMasterKeyId can only be specified when SSE is enabled");
    }
    Map<String, String> tags = Tagging.read(r.list("Tags"));
    double now = System.currentTimeMillis() / 1000.0;
    TableDescriptor d = TableDescriptor.builder()
        .identity(name, UUID.randomUUID().toString(), ctx.region())
        .keys(schema, attributes)
        .capacity(mode, read == null ? 0 : read, write == null ? 0 : write)
        .creationTime(now)
        .sse(sseEnabled, sseEnabled ? "KMS" : null, sseEnabled ? sse.string("KMSMasterKeyId") : null)
        .deletionProtection(Boolean.TRUE.equals(r.bool("DeletionProtectionEnabled")))
        .tags(tags)
        .shards(ctx.database().options().shardsPerTable())
        .indexes(indexes.local(), indexes.global())
        .build();
    TableView table = ctx.database().create(d);
    out.writeStartObject();
    out.writeObjectFieldStart("TableDescription");
    table.descriptor().writeDescription(out, "CREATING", 0, 0);
    out.writeEndObject();
    out.writeEndObject();
  }

  /**
   * AttributeDefinitions (CreateTable's, and UpdateTable's for a new index's keys): name → type,
   * each member's constraints added to {@code c}.
   */
  static Map<String, AttributeValue.Type> attributeDefinitions(Constraints c, List<Object> definitions) {
    Map<String, AttributeValue.Type> attributes = new LinkedHashMap<>();
    if (definitions == null) {
      return attributes;
    }
    for (int i = 0; i < definitions.size(); i++) {
      Request d = new Request(Request.asMap(definitions.get(i)));
      String attr = d.string("AttributeName");
      String type = d.string("AttributeType");
      String path = "attributeDefinitions." + (i + 1) + ".member.";
      c.notNull(attr, path + "attributeName").length(attr, path + "attributeName", 1, 255)
          .notNull(type, path + "attributeType").oneOf(type, path + "attributeType", "B", "N", "S");
      if (attr != null && type != null && type.matches("[BNS]")) {
        attributes.put(attr, AttributeValue.Type.valueOf(type));
      }
    }
    return attributes;
  }

  /** The KeySchema as DynamoDB echoes it: [KeySchemaElement(attributeName=pk, keyType=HASH), ...]. */
  static String keySchemaEcho(List<Object> keySchema) {
    if (keySchema == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder("[");
    for (Object o : keySchema) {
      Request k = new Request(Request.asMap(o));
      sb.append(sb.length() == 1 ? "" : ", ").append("KeySchemaElement(attributeName=")
          .append(k.string("AttributeName")).append(", keyType=").append(k.string("KeyType")).append(')');
    }
    return sb.append(']').toString();
  }

  private static KeySchema keySchema(List<String[]> keys, Map<String, AttributeValue.Type> attributes,
      int definitionCount, boolean indexes) {
    if (!"HASH".equals(keys.get(0)[1])) {
      throw DynamoDbException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (keys.size() == 2) {
      if (!"RANGE".equals(keys.get(1)[1])) {
        throw DynamoDbException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
      }
      if (keys.get(0)[0].equals(keys.get(1)[0])) {
        // DynamoDB's words for this case, odd as they are
        throw DynamoDbException.validation("Invalid KeySchema: Some index key attribute have no definition");
      }
    }
    List<String> missing = new ArrayList<>();
    for (String[] k : keys) {
      if (!attributes.containsKey(k[0])) {
        missing.add(k[0]);
      }
    }
    if (!missing.isEmpty()) {
      throw DynamoDbException.validation("One or more parameter values were invalid: Some index key attributes "
          + "are not defined in AttributeDefinitions. Keys: " + missing + ", AttributeDefinitions: "
          + new ArrayList<>(attributes.keySet()));
    }
    // with indexes, IndexDefinitions checks that every definition is some key's
    if (!indexes && (definitionCount != keys.size() || attributes.size() != keys.size())) {
      throw DynamoDbException.validation("One or more parameter values were invalid: Number of attributes in "
          + "KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
    }
    String hash = keys.get(0)[0];
    String range = keys.size() == 2 ? keys.get(1)[0] : null;
    return new KeySchema(hash, attributes.get(hash), range, range == null ? null : attributes.get(range));
  }
}
