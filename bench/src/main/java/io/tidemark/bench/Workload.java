package io.tidemark.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The data set and the operations of the benchmark.
 *
 * <p>Items {@code 0 .. N-1}; item {@code i} lives in partition {@code i / itemsPerPartition} with
 * sort-key index {@code i % itemsPerPartition}: {@code pk = "p000042"}, {@code sk = "s00000017"},
 * a number {@code c} (the counter UpdateItem increments) and a string {@code data} padding the item
 * to {@code itemBytes} (DynamoDB's item size: attribute names plus values). A Query reads a random
 * full partition's sort-key range {@code sk BETWEEN sk(s) AND sk(s + queryItems - 1)}, so it
 * returns exactly {@code queryItems} items.
 *
 * <p>With the global secondary index on ({@code gsi}), every item also has a string {@code g}
 * ({@code "g00042"}, of {@code i % gsiPartitions} with {@code gsiPartitions = max(1, items /
 * queryItems)}), the table has the index {@code gsi1} (HASH {@code g}, RANGE {@code sk}, projection
 * ALL), and a GSI Query reads one whole index partition: about {@code queryItems} items, exactly
 * {@link #gsiPartitionItems(int)}. The padding is shortened by the size of {@code g}, so items keep
 * their size.
 */
final class Workload {
    /** Bytes of an item that are not the {@code data} string: names and values of pk, sk, c, data. */
    static final int ITEM_OVERHEAD_BYTES = 2 + 7 + 2 + 9 + 1 + 2 + 4;

    /** The global secondary index: HASH {@code g}, RANGE {@code sk}, projection ALL. */
    static final String GSI = "gsi1";

    /**
     * Bytes of an item that are not the {@code data} string when it has the GSI attribute
     * {@code g} with value {@code gValue} ({@code null}: no {@code g}).
     */
    static int overheadBytes(String gValue) {
        return ITEM_OVERHEAD_BYTES + (gValue == null ? 0 : 1 + gValue.length());
    }

    final String table;
    final int items;
    final int itemsPerPartition;
    final int partitions;
    final int fullPartitions;
    final int queryItems;
    final boolean consistentRead;
    /** Whether items have {@code g} and the table has the index {@link #GSI}. */
    final boolean gsi;
    /** Number of distinct {@code g} values (index partitions); 1 without the index. */
    final int gsiPartitions;
    private final String[] payloads;

    Workload(String table, int items, int itemsPerPartition, int queryItems, int itemBytes,
             boolean consistentRead, boolean gsi, long seed) {
        if (items < 1) {
            throw new IllegalArgumentException("--items must be at least 1");
        }
        this.table = table;
        this.items = items;
        this.itemsPerPartition = Math.max(1, Math.min(itemsPerPartition, items));
        this.partitions = (items + this.itemsPerPartition - 1) / this.itemsPerPartition;
        this.fullPartitions = Math.max(1, items / this.itemsPerPartition);
        this.queryItems = Math.max(1, Math.min(queryItems, this.itemsPerPartition));
        this.consistentRead = consistentRead;
        this.gsi = gsi;
        this.gsiPartitions = Math.max(1, items / this.queryItems);
        // the longest g of the data set (all have the same length below 100,000 index partitions)
        int payloadLen = Math.max(1, itemBytes - overheadBytes(gsi ? g(gsiPartitions - 1) : null));
        SplittableRandom rnd = new SplittableRandom(seed);
        this.payloads = new String[64];
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int v = 0; v < payloads.length; v++) {
            char[] c = new char[payloadLen];
            for (int j = 0; j < payloadLen; j++) {
                c[j] = alphabet.charAt(rnd.nextInt(alphabet.length()));
            }
            payloads[v] = new String(c);
        }
    }

    static String pk(int partition) {
        return String.format("p%06d", partition);
    }

    static String sk(int index) {
        return String.format("s%08d", index);
    }

    /** The GSI hash key of item {@code i}: index partition {@code i % gsiPartitions}. */
    String g(int item) {
        return String.format("g%05d", item % gsiPartitions);
    }

    /** The exact number of items whose {@code g} is index partition {@code gp}. */
    int gsiPartitionItems(int gp) {
        return items / gsiPartitions + (gp < items % gsiPartitions ? 1 : 0);
    }

    /** Size of item 0 (DynamoDB's measure). */
    int itemSize() {
        return overheadBytes(gsi ? g(0) : null) + payloads[0].length();
    }

    String describe() {
        String s = String.format("%d items of ~%d B in %d partitions of %d (pk S, sk S); Query returns %d items",
                items, itemSize(), partitions, itemsPerPartition, queryItems);
        if (gsi) {
            s += String.format("; GSI %s (g S, sk S, projection ALL) of %d partitions of ~%d items", GSI,
                    gsiPartitions, gsiPartitionItems(0));
        } else {
            s += "; no GSI";
        }
        return s;
    }

    // ---- table ---------------------------------------------------------------------------------

    /**
     * Drops the table if it exists, creates it (pk HASH S, sk RANGE S, on demand; with {@code gsi},
     * the index {@link #GSI}: g HASH S, sk RANGE S, projection ALL), waits until the table and its
     * index are ACTIVE.
     */
    void createTable(DynamoDbClient admin, Duration timeout) throws InterruptedException {
        deleteTableIfExists(admin, timeout);
        List<AttributeDefinition> attributes = new ArrayList<>(List.of(
                AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        if (gsi) {
            attributes.add(AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build());
            // The table is on demand, so the index has no provisioned throughput either.
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(GSI)
                    .keySchema(
                            KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build());
        }
        admin.createTable(b -> {
            b.tableName(table)
                    .attributeDefinitions(attributes)
                    .keySchema(
                            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST);
            if (!indexes.isEmpty()) {
                b.globalSecondaryIndexes(indexes);
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DescribeTableResponse d = admin.describeTable(b -> b.tableName(table));
            if (d.table().tableStatus() == TableStatus.ACTIVE && indexesActive(d)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + table + (gsi ? " or its index " + GSI : "")
                        + " not ACTIVE after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Whether the index {@link #GSI} is described and ACTIVE (true without {@code gsi}). */
    private boolean indexesActive(DescribeTableResponse d) {
        if (!gsi) {
            return true;
        }
        if (!d.table().hasGlobalSecondaryIndexes()) {
            return false;
        }
        for (GlobalSecondaryIndexDescription x : d.table().globalSecondaryIndexes()) {
            if (GSI.equals(x.indexName())) {
                return x.indexStatus() == IndexStatus.ACTIVE;
            }
        }
        return false;
    }

    /**
     * Waits until every index partition returns its full count (Query {@code Select=COUNT}, not
     * strongly consistent), so that the GSI phases do not start on an index still catching up with
     * the load. Returns the seconds waited, or -1 after {@code timeout}.
     */
    double awaitIndexLoaded(DynamoDbClient client, Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        for (int gp = 0; gp < gsiPartitions; gp++) {
            while (gsiCount(client, g(gp)) != gsiPartitionItems(gp)) {
                if (System.nanoTime() > deadline) {
                    return -1;
                }
                Thread.sleep(10);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Items of index partition {@code gValue} over all pages: Query {@link #GSI} {@code g = :g}, Select=COUNT. */
    private long gsiCount(DynamoDbClient client, String gValue) {
        long n = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder()
                    .tableName(table).indexName(GSI)
                    .keyConditionExpression("g = :g")
                    .expressionAttributeValues(Map.of(":g", AttributeValue.fromS(gValue)))
                    .select(Select.COUNT);
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse r = client.query(q.build());
            n += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return n;
    }

    void deleteTableIfExists(DynamoDbClient admin, Duration timeout) throws InterruptedException {
        try {
            admin.deleteTable(b -> b.tableName(table));
        } catch (ResourceNotFoundException e) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                admin.describeTable(b -> b.tableName(table));
            } catch (ResourceNotFoundException e) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("table " + table + " still exists after " + timeout);
    }

    // ---- items ---------------------------------------------------------------------------------

    Map<String, AttributeValue> key(int item) {
        Map<String, AttributeValue> k = new HashMap<>(4);
        k.put("pk", AttributeValue.fromS(pk(item / itemsPerPartition)));
        k.put("sk", AttributeValue.fromS(sk(item % itemsPerPartition)));
        return k;
    }

    Map<String, AttributeValue> item(int item, int payloadVariant) {
        Map<String, AttributeValue> m = new HashMap<>(8);
        m.put("pk", AttributeValue.fromS(pk(item / itemsPerPartition)));
        m.put("sk", AttributeValue.fromS(sk(item % itemsPerPartition)));
        m.put("c", AttributeValue.fromN("0"));
        m.put("data", AttributeValue.fromS(payloads[Math.floorMod(payloadVariant, payloads.length)]));
        if (gsi) {
            m.put("g", AttributeValue.fromS(g(item)));
        }
        return m;
    }

    /**
     * A fresh item outside the data set for the GSI lag probe: {@code pk = g = id}, the data set's
     * payload, so it has the size of the others.
     */
    Map<String, AttributeValue> probeItem(String id, int payloadVariant) {
        Map<String, AttributeValue> m = new HashMap<>(8);
        m.put("pk", AttributeValue.fromS(id));
        m.put("sk", AttributeValue.fromS(sk(0)));
        m.put("c", AttributeValue.fromN("0"));
        m.put("data", AttributeValue.fromS(payloads[Math.floorMod(payloadVariant, payloads.length)]));
        m.put("g", AttributeValue.fromS(id));
        return m;
    }

    /** Number of BatchWriteItem requests (25 items each) that load the data set. */
    int batches() {
        return (items + 24) / 25;
    }

    /**
     * Writes batch {@code b} (items {@code 25b .. 25b+24}); unprocessed items are resent with
     * backoff. Returns the number of BatchWriteItem calls made.
     */
    int loadBatch(DynamoDbClient client, int b) throws InterruptedException {
        List<Map<String, AttributeValue>> batch = new ArrayList<>(25);
        for (int i = b * 25; i < Math.min(items, b * 25 + 25); i++) {
            batch.add(item(i, i));
        }
        return putBatch(client, batch);
    }

    /**
     * Writes up to 25 whole items (distinct keys) with one BatchWriteItem; unprocessed items are
     * resent with backoff. Returns the number of BatchWriteItem calls made.
     */
    int putBatch(DynamoDbClient client, List<Map<String, AttributeValue>> batch) throws InterruptedException {
        List<WriteRequest> writes = new ArrayList<>(batch.size());
        for (Map<String, AttributeValue> item : batch) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        Map<String, List<WriteRequest>> pending = Map.of(table, writes);
        int calls = 0;
        long backoffMs = 10;
        while (true) {
            Map<String, List<WriteRequest>> req = pending;
            BatchWriteItemResponse r = client.batchWriteItem(x -> x.requestItems(req));
            calls++;
            if (!r.hasUnprocessedItems() || r.unprocessedItems().isEmpty()) {
                return calls;
            }
            if (calls > 50) {
                throw new IllegalStateException("BatchWriteItem left items unprocessed after 50 calls");
            }
            pending = r.unprocessedItems();
            Thread.sleep(backoffMs);
            backoffMs = Math.min(1000, backoffMs * 2);
        }
    }

    // ---- operations ----------------------------------------------------------------------------

    /** One operation; returns false when the response was not the expected one (a mismatch). */
    interface Op {
        boolean run(DynamoDbClient client, SplittableRandom rnd);
    }

    Op getItem() {
        return (client, rnd) -> {
            GetItemResponse r = client.getItem(GetItemRequest.builder()
                    .tableName(table).key(key(rnd.nextInt(items))).consistentRead(consistentRead).build());
            return r.hasItem() && !r.item().isEmpty();
        };
    }

    Op putItem() {
        return (client, rnd) -> {
            client.putItem(PutItemRequest.builder()
                    .tableName(table).item(item(rnd.nextInt(items), rnd.nextInt())).build());
            return true;
        };
    }

    private static final Map<String, String> COUNTER_NAMES = Map.of("#c", "c");
    private static final Map<String, AttributeValue> ONE = Map.of(":one", AttributeValue.fromN("1"));

    Op updateItem() {
        return (client, rnd) -> {
            client.updateItem(UpdateItemRequest.builder()
                    .tableName(table).key(key(rnd.nextInt(items)))
                    .updateExpression("SET #c = #c + :one")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(COUNTER_NAMES)
                    .expressionAttributeValues(ONE)
                    .build());
            return true;
        };
    }

    Op query() {
        return (client, rnd) -> {
            int p = rnd.nextInt(fullPartitions);
            int start = rnd.nextInt(itemsPerPartition - queryItems + 1);
            Map<String, AttributeValue> v = new HashMap<>(4);
            v.put(":pk", AttributeValue.fromS(pk(p)));
            v.put(":a", AttributeValue.fromS(sk(start)));
            v.put(":b", AttributeValue.fromS(sk(start + queryItems - 1)));
            QueryResponse r = client.query(QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :a AND :b")
                    .expressionAttributeValues(v)
                    .consistentRead(consistentRead)
                    .build());
            return r.count() != null && r.count() == queryItems && r.lastEvaluatedKey().isEmpty();
        };
    }

    /**
     * Query of the index {@link #GSI}: {@code g = :g} over a random whole index partition; the
     * response must have exactly {@link #gsiPartitionItems(int)} items on one page. Never strongly
     * consistent (a GSI refuses ConsistentRead).
     */
    Op gsiQuery() {
        return (client, rnd) -> {
            int gp = rnd.nextInt(gsiPartitions);
            QueryResponse r = client.query(QueryRequest.builder()
                    .tableName(table).indexName(GSI)
                    .keyConditionExpression("g = :g")
                    .expressionAttributeValues(Map.of(":g", AttributeValue.fromS(g(gp))))
                    .build());
            return r.count() != null && r.count() == gsiPartitionItems(gp) && r.lastEvaluatedKey().isEmpty();
        };
    }

    /** Query of the index for one probe item: its number of items (0 until the index has it). */
    int probeQuery(DynamoDbClient client, String id) {
        QueryResponse r = client.query(QueryRequest.builder()
                .tableName(table).indexName(GSI)
                .keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", AttributeValue.fromS(id)))
                .build());
        return r.count() == null ? -1 : r.count();
    }
}
