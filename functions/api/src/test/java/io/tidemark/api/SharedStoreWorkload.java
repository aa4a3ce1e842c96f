package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The multi-instance workload: servers sharing one store increment one counter, withdraw from one
 * balance of 100 with a condition, move 1 from savings (100) to checking with a transaction
 * (TransactWriteItems, the withdrawal conditional) within the table, and 1 from reserve (100) to
 * a vault in another table (a transaction across two tables' logs), from several threads each.
 * Passes only if every increment saw its own predecessor (none lost, none applied twice), exactly
 * the balance was withdrawn, exactly the savings and the reserve moved and none was lost or made
 * on the way, and every server reads the final state with a strongly consistent read.
 */
final class SharedStoreWorkload {
  static final String TABLE = "shared";
  /** Where the vault is: moves into it are transactions across two tables. */
  static final String OTHER_TABLE = "shared_vault";
  private static final int BALANCE = 100;

  private SharedStoreWorkload() {}

  /** Something to do while the load runs (freeze a server, say). */
  interface DuringLoad {
    void run() throws Exception;
  }

  /** Creates the table with the counter at 0 and the balance at 100. */
  static void createTable(DynamoDbClient ddb, String table) {
    ddb.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build()));
    if (table.equals(TABLE)) {
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("counter"), "n", n(0))));
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("account"), "balance", n(BALANCE))));
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("savings"), "balance", n(BALANCE))));
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("checking"), "balance", n(0))));
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("reserve"), "balance", n(BALANCE))));
      createTable(ddb, OTHER_TABLE);
      ddb.putItem(b -> b.tableName(OTHER_TABLE).item(Map.of("pk", s("vault"), "balance", n(0))));
    }
  }

  /** Runs the load against every endpoint and checks it; returns the counter's final value. */
  static int run(List<URI> endpoints, int threadsPerEndpoint, int rounds, DuringLoad duringLoad) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(endpoints.size() * threadsPerEndpoint);
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger granted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger moved = new AtomicInteger();
    AtomicInteger notMoved = new AtomicInteger();
    AtomicInteger vaulted = new AtomicInteger();
    AtomicInteger notVaulted = new AtomicInteger();
    try {
      List<Future<?>> work = new ArrayList<>();
      for (URI endpoint : endpoints) {
        for (int t = 0; t < threadsPerEndpoint; t++) {
          work.add(pool.submit(() -> {
            try (DynamoDbClient ddb = TestServer.client(endpoint)) {
              for (int i = 0; i < rounds; i++) {
                seen.add(Integer.parseInt(increment(ddb).get("n").n()));
                try {
                  ddb.updateItem(b -> b.tableName(TABLE).key(Map.of("pk", s("account")))
                      .updateExpression("SET balance = balance - :one").conditionExpression("balance >= :one")
                      .expressionAttributeValues(Map.of(":one", n(1))));
                  granted.incrementAndGet();
                } catch (ConditionalCheckFailedException e) {
                  refused.incrementAndGet();
                }
                if (transfer(ddb)) {
                  moved.incrementAndGet();
                } else {
                  notMoved.incrementAndGet();
                }
                if (transferToVault(ddb)) {
                  vaulted.incrementAndGet();
                } else {
                  notVaulted.incrementAndGet();
                }
              }
            }
            return null;
          }));
        }
      }
      duringLoad.run();
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int total = endpoints.size() * threadsPerEndpoint * rounds;
    List<Integer> expected = new ArrayList<>();
    for (int i = 1; i <= total; i++) {
      expected.add(i);
    }
    List<Integer> sorted = new ArrayList<>(seen);
    Collections.sort(sorted);
    assertEquals(expected, sorted, "every increment saw its own predecessor: none lost, none applied twice");
    assertEquals(BALANCE, granted.get(), "exactly the balance was withdrawn");
    assertEquals(total - BALANCE, refused.get());
    assertEquals(BALANCE, moved.get(), "exactly the savings were moved");
    assertEquals(total - BALANCE, notMoved.get());
    assertEquals(BALANCE, vaulted.get(), "exactly the reserve was moved to the other table");
    assertEquals(total - BALANCE, notVaulted.get());
    for (URI endpoint : endpoints) {
      try (DynamoDbClient ddb = TestServer.client(endpoint)) {
        assertEquals(Integer.toString(total), ddb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("counter")))
            .consistentRead(true)).item().get("n").n(), "a strongly consistent read catches up");
        assertEquals("0", ddb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("account")))
            .consistentRead(true)).item().get("balance").n());
        assertEquals("0", ddb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("savings")))
            .consistentRead(true)).item().get("balance").n());
        assertEquals(Integer.toString(BALANCE), ddb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("checking")))
            .consistentRead(true)).item().get("balance").n(), "every move both took and gave, once");
        assertEquals("0", ddb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("reserve")))
            .consistentRead(true)).item().get("balance").n());
        assertEquals(Integer.toString(BALANCE), ddb.getItem(b -> b.tableName(OTHER_TABLE).key(Map.of("pk", s("vault")))
            .consistentRead(true)).item().get("balance").n(), "every move across tables both took and gave, once");
      }
    }
    return total;
  }

  /**
   * Moves 1 from savings to checking in one transaction, if savings has it: true if it moved,
   * false if the condition failed. A transaction cancelled by another one in progress on the same
   * items (TransactionConflict) is tried again, as a client would.
   */
  static boolean transfer(DynamoDbClient ddb) {
    return transfer(ddb, "savings", TABLE, "checking");
  }

  /** The same from reserve to the vault in the other table: a transaction across two tables. */
  static boolean transferToVault(DynamoDbClient ddb) {
    return transfer(ddb, "reserve", OTHER_TABLE, "vault");
  }

  private static boolean transfer(DynamoDbClient ddb, String from, String toTable, String to) {
    while (true) {
      try {
        ddb.transactWriteItems(b -> b.transactItems(takeOne(TABLE, from), addOne(toTable, to, "balance")));
        return true;
      } catch (TransactionCanceledException e) {
        if (e.cancellationReasons().stream().noneMatch(r -> "TransactionConflict".equals(r.code()))) {
          return false;
        }
      }
    }
  }

  /** A transaction's action: take 1 from the item's balance, if it has 1 (the condition). */
  static TransactWriteItem takeOne(String table, String key) {
    return TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s(key)))
        .updateExpression("SET balance = balance - :one").conditionExpression("balance >= :one")
        .expressionAttributeValues(Map.of(":one", n(1)))).build();
  }

  /** A transaction's action: ADD 1 to one number attribute of the item. */
  static TransactWriteItem addOne(String table, String key, String attribute) {
    return TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s(key)))
        .updateExpression("ADD #a :one").expressionAttributeNames(Map.of("#a", attribute))
        .expressionAttributeValues(Map.of(":one", n(1)))).build();
  }

  /** ADD 1 to the counter; the counter as it is after. */
  static Map<String, AttributeValue> increment(DynamoDbClient ddb) {
    return ddb.updateItem(b -> b.tableName(TABLE).key(Map.of("pk", s("counter"))).updateExpression("ADD n :one")
        .expressionAttributeValues(Map.of(":one", n(1))).returnValues(ReturnValue.UPDATED_NEW)).attributes();
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(int v) {
    return AttributeValue.fromN(Integer.toString(v));
  }
}
