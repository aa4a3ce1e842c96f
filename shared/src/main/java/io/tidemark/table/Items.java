package io.tidemark.table;

import io.tidemark.wire.AttributeValue;
import io.tidemark.wire.DynamoDbException;
import java.util.LinkedHashMap;
import java.util.Map;

/** DynamoDB's rules for items and keys: key presence and types, key sizes, item size. */
public final class Items {
  /** 400 KB, counted by DynamoDB's rules (attribute names plus values). */
  public static final long MAX_ITEM_SIZE = 400 * 1024;
  public static final int MAX_PARTITION_KEY_BYTES = 2048;
  public static final int MAX_SORT_KEY_BYTES = 1024;

  private Items() {}

  public static long size(Map<String, AttributeValue> item) {
    if (item instanceof io.tidemark.log.EncodedItem) {
      return ((io.tidemark.log.EncodedItem) item).dynamoSize(); // counted from its bytes, without decoding it
    }
    long total = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      total += AttributeValue.utf8Length(e.getKey()) + e.getValue().size();
    }
    return total;
  }

  /** Validates a whole item about to be written (PutItem, BatchWriteItem, the result of UpdateItem). */
  public static void checkItem(KeySchema schema, Map<String, AttributeValue> item) {
    checkItemKey(schema, item, schema.hashName(), schema.hashType());
    if (schema.hasRange()) {
      checkItemKey(schema, item, schema.rangeName(), schema.rangeType());
    }
    checkKeySizes(schema, item);
    checkItemSize(item);
  }

  public static void checkItemSize(Map<String, AttributeValue> item) {
    if (size(item) > MAX_ITEM_SIZE) {
      throw DynamoDbException.validation("Item size has exceeded the maximum allowed size");
    }
  }

  /** The same limit for the result of an update, which DynamoDB words differently. */
  public static void checkUpdatedItemSize(Map<String, AttributeValue> item) {
    if (size(item) > MAX_ITEM_SIZE) {
      throw DynamoDbException.validation("Item size to update has exceeded the maximum allowed size");
    }
  }

  /**
   * An item's values for the tables's secondary index keys: the right type and not empty (an item
   * without one is simply not in that index). {@code update}: the item an UpdateItem made, which
   * DynamoDB words differently for empty values.
   */
  public static void checkIndexKeys(TableDescriptor table, Map<String, AttributeValue> item, boolean update) {
    if (table.localIndexes.isEmpty() && table.globalIndexes.isEmpty()) {
      return;
    }
    // the index DynamoDB names is the alphabetically first keyed on the attribute
    java.util.TreeMap<String, IndexDescriptor> byName = new java.util.TreeMap<>();
    table.localIndexes.forEach(i -> byName.put(i.name, i));
    table.globalIndexes.forEach(i -> byName.put(i.name, i));
    java.util.Set<String> checked = new java.util.HashSet<>();
    for (IndexDescriptor index : byName.values()) {
      KeySchema keys = index.keySchema;
      for (int k = 0; k < 2; k++) {
        String attribute = k == 0 ? keys.hashName() : keys.rangeName();
        AttributeValue.Type type = k == 0 ? keys.hashType() : keys.rangeType();
        if (attribute == null || table.keySchema.isKeyAttribute(attribute) || !checked.add(attribute)) {
          continue;
        }
        AttributeValue v = item.get(attribute);
        if (v == null) {
          continue;
        }
        if (v.type() != type) {
          throw DynamoDbException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
              + attribute + " Expected: " + type + " Actual: " + v.type() + " IndexName: " + index.name);
        }
        boolean empty = v.type() == AttributeValue.Type.S ? v.s().isEmpty()
            : v.type() == AttributeValue.Type.B && v.b().length() == 0;
        if (empty) {
          String kind = v.type() == AttributeValue.Type.S ? "string" : "binary";
          throw DynamoDbException.validation(update
              ? "One or more parameter values are not valid. The update expression attempted to update a secondary "
                  + "index key to a value that is not supported. The AttributeValue for a key attribute cannot contain "
                  + "an empty " + kind + " value."
              : "One or more parameter values are not valid. A value specified for a secondary index key is not "
                  + "supported. The AttributeValue for a key attribute cannot contain an empty " + kind + " value. "
                  + "IndexName: " + index.name + ", IndexKey: " + attribute);
        }
        // an index's partition key may be as large as a table's, its sort key too
        int max = k == 0 ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
        if (v.size() > max) {
          throw DynamoDbException.validation("One or more parameter values were invalid: Size limit exceeded for "
              + "Index Key " + attribute + " Actual Size: " + v.size() + " bytes Max Size: " + max + " bytes IndexName: "
              + index.name);
        }
      }
    }
  }

  /** An item must carry every key attribute ("Missing the key ..."). */
  public static void checkItemKeysPresent(KeySchema schema, Map<String, AttributeValue> item) {
    for (String name : schema.hasRange() ? new String[] {schema.hashName(), schema.rangeName()}
        : new String[] {schema.hashName()}) {
      if (item.get(name) == null) {
        throw DynamoDbException.validation(
            "One or more parameter values were invalid: Missing the key " + name + " in the item");
      }
    }
  }

  /** The error for an item whose key attribute has the wrong type, or null if the types are right. */
  public static DynamoDbException keyTypeMismatch(KeySchema schema, Map<String, AttributeValue> item) {
    String[] names = schema.hasRange() ? new String[] {schema.hashName(), schema.rangeName()}
        : new String[] {schema.hashName()};
    AttributeValue.Type[] types = schema.hasRange() ? new AttributeValue.Type[] {schema.hashType(), schema.rangeType()}
        : new AttributeValue.Type[] {schema.hashType()};
    for (int i = 0; i < names.length; i++) {
      AttributeValue v = item.get(names[i]);
      if (v != null && v.type() != types[i]) {
        return DynamoDbException.validation("One or more parameter values were invalid: Type mismatch for key "
            + names[i] + " expected: " + types[i] + " actual: " + v.type());
      }
    }
    return null;
  }

  /** Whether a Key parameter has exactly the key attributes, of the right types. */
  public static boolean keyMatchesSchema(KeySchema schema, Map<String, AttributeValue> key) {
    if (key == null) {
      return false;
    }
    AttributeValue hash = key.get(schema.hashName());
    AttributeValue range = schema.hasRange() ? key.get(schema.rangeName()) : null;
    return key.size() == (schema.hasRange() ? 2 : 1) && hash != null && hash.type() == schema.hashType()
        && (!schema.hasRange() || range != null && range.type() == schema.rangeType());
  }

  private static void checkItemKey(KeySchema schema, Map<String, AttributeValue> item, String name,
      AttributeValue.Type type) {
    AttributeValue v = item.get(name);
    if (v == null) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: Missing the key " + name + " in the item");
    }
    if (v.type() != type) {
      throw DynamoDbException.validation("One or more parameter values were invalid: Type mismatch for key "
          + name + " expected: " + type + " actual: " + v.type());
    }
    checkNotEmpty(name, v);
  }

  private static void checkNotEmpty(String name, AttributeValue v) {
    boolean empty = v.type() == AttributeValue.Type.S ? v.s().isEmpty()
        : v.type() == AttributeValue.Type.B && v.b().length() == 0;
    if (empty) {
      throw DynamoDbException.validation("One or more parameter values are not valid. The AttributeValue for a key "
          + "attribute cannot contain an empty " + (v.type() == AttributeValue.Type.S ? "string" : "binary")
          + " value. Key: " + name);
    }
  }

  private static void checkKeySizes(KeySchema schema, Map<String, AttributeValue> item) {
    if (item.get(schema.hashName()).size() > MAX_PARTITION_KEY_BYTES) {
      throw DynamoDbException.validation("One or more parameter values were invalid: "
          + "Size of hashkey has exceeded the maximum size limit of2048 bytes");
    }
    if (schema.hasRange() && item.get(schema.rangeName()).size() > MAX_SORT_KEY_BYTES) {
      throw DynamoDbException.validation("One or more parameter values were invalid: "
          + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
    }
  }

  /**
   * Validates a Key parameter (GetItem, DeleteItem, UpdateItem, BatchGetItem...): exactly the key
   * attributes, of the right types.
   */
  public static ItemKey checkKey(KeySchema schema, Map<String, AttributeValue> key) {
    if (!keyMatchesSchema(schema, key)) {
      throw DynamoDbException.validation("The provided key element does not match the schema");
    }
    AttributeValue hash = key.get(schema.hashName());
    AttributeValue range = schema.hasRange() ? key.get(schema.rangeName()) : null;
    checkNotEmpty(schema.hashName(), hash);
    if (range != null) {
      checkNotEmpty(schema.rangeName(), range);
    }
    checkKeySizes(schema, key);
    return new ItemKey(hash, range);
  }

  /** The key attributes of an item, in schema order. */
  public static Map<String, AttributeValue> keyOf(KeySchema schema, Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new LinkedHashMap<>(4);
    key.put(schema.hashName(), item.get(schema.hashName()));
    if (schema.hasRange()) {
      key.put(schema.rangeName(), item.get(schema.rangeName()));
    }
    return key;
  }

  public static Map<String, AttributeValue> keyOf(KeySchema schema, ItemKey key) {
    Map<String, AttributeValue> map = new LinkedHashMap<>(4);
    map.put(schema.hashName(), key.partition());
    if (schema.hasRange()) {
      map.put(schema.rangeName(), key.sort());
    }
    return map;
  }
}
