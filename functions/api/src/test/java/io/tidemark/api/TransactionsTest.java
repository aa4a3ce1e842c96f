package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * TransactWriteItems and TransactGetItems through the SDK, on tables of four shards so that
 * transactions span shards as well as tables.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
@ShardsPerTable(4)
class TransactionsTest extends SdkTestBase {
  private static String a;
  private static String b;

  @BeforeAll
  static void tables() {
    a = createTable("tx-a", "pk", ScalarAttributeType.S, null, null);
    b = createTable("tx-b", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
  }

  private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
    return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
  }

  private static Map<String, AttributeValue> get(String table, Map<String, AttributeValue> key) {
    Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).key(key)).item();
    return item.isEmpty() ? null : item;
  }

  @Test
  void everyKindOfActionCommitsTogetherAcrossTables() {
    ddb.putItem(r -> r.tableName(a).item(item("pk", s("update-me"), "n", n("1"))));
    ddb.putItem(r -> r.tableName(a).item(item("pk", s("delete-me"))));
    ddb.putItem(r -> r.tableName(b).item(item("pk", s("check-me"), "sk", n("1"), "ok", s("yes"))));
    ddb.transactWriteItems(r -> r.transactItems(
        put(a, item("pk", s("new"), "v", s("put"))),
        TransactWriteItem.builder().update(Update.builder().tableName(a).key(item("pk", s("update-me")))
            .updateExpression("SET n = n + :one").expressionAttributeValues(Map.of(":one", n("1"))).build()).build(),
        TransactWriteItem.builder().delete(Delete.builder().tableName(a).key(item("pk", s("delete-me"))).build()).build(),
        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(b)
            .key(item("pk", s("check-me"), "sk", n("1"))).conditionExpression("ok = :yes")
            .expressionAttributeValues(Map.of(":yes", s("yes"))).build()).build(),
        put(b, item("pk", s("other-table"), "sk", n("7")))));
    assertEquals(s("put"), get(a, item("pk", s("new"))).get("v"));
    assertEquals(n("2"), get(a, item("pk", s("update-me"))).get("n"));
    assertEquals(null, get(a, item("pk", s("delete-me"))));
    assertTrue(get(b, item("pk", s("other-table"), "sk", n("7"))) != null);
  }

  @Test
  void aFailedConditionCancelsEveryActionWithReasonsInOrder() {
    ddb.putItem(r -> r.tableName(a).item(item("pk", s("guarded"), "door", s("locked"))));
    TransactionCanceledException e = assertError(TransactionCanceledException.class, "TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
        () -> ddb.transactWriteItems(r -> r.transactItems(
            put(a, item("pk", s("would-be-written"))),
            TransactWriteItem.builder().update(Update.builder().tableName(a).key(item("pk", s("guarded")))
                .updateExpression("SET door = :open").conditionExpression("door = :open")
                .expressionAttributeValues(Map.of(":open", s("open")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build())));
    List<CancellationReason> reasons = e.cancellationReasons();
    assertEquals(2, reasons.size());
    assertEquals("None", reasons.get(0).code());
    assertEquals("ConditionalCheckFailed", reasons.get(1).code());
    assertEquals("The conditional request failed", reasons.get(1).message());
    assertEquals(s("locked"), reasons.get(1).item().get("door"), "ALL_OLD returns the item that failed");
    assertEquals(null, get(a, item("pk", s("would-be-written"))), "nothing of a cancelled transaction is written");
  }

  @Test
  void requestProblemsAreValidationErrors() {
    assertError(DynamoDbException.class, "ValidationException",
        "Transaction request cannot include multiple operations on one item",
        () -> ddb.transactWriteItems(r -> r.transactItems(put(a, item("pk", s("twice"))), put(a, item("pk", s("twice"))))));
    List<TransactWriteItem> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(put(a, item("pk", s("many-" + i))));
    }
    DynamoDbException e = assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.transactWriteItems(r -> r.transactItems(tooMany)));
    assertTrue(e.awsErrorDetails().errorMessage().matches("1 validation error detected: Value '\\[.+\\]' at "
        + "'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100"),
        e.awsErrorDetails().errorMessage());
    assertError(ResourceNotFoundException.class, "ResourceNotFoundException", "Requested resource not found",
        () -> ddb.transactWriteItems(r -> r.transactItems(put("no-such-table", item("pk", s("x"))))));
    assertError(DynamoDbException.class, "ValidationException",
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\"",
        () -> ddb.transactWriteItems(r -> r.transactItems(put("no-such-table", item("pk", s("x"))),
            TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(a)
                .key(item("pk", s("x"))).conditionExpression("(").build()).build())));
    assertEquals(null, get(a, item("pk", s("many-0"))));
  }

  @Test
  void perActionKeyProblemsCancelWithValidationError() {
    TransactionCanceledException e = assertError(TransactionCanceledException.class, "TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError]",
        () -> ddb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().delete(
            Delete.builder().tableName(a).key(item("pk", n("1"))).build()).build())));
    assertEquals("The provided key element does not match the schema", e.cancellationReasons().get(0).message());
  }

  @Test
  void clientRequestTokenMakesRetriesIdempotent() {
    ddb.putItem(r -> r.tableName(a).item(item("pk", s("counter"), "n", n("0"))));
    TransactWriteItem increment = TransactWriteItem.builder().update(Update.builder().tableName(a)
        .key(item("pk", s("counter"))).updateExpression("SET n = n + :one")
        .expressionAttributeValues(Map.of(":one", n("1"))).build()).build();
    TransactWriteItemsResponse first = ddb.transactWriteItems(r -> r.clientRequestToken("token-1")
        .transactItems(increment).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    TransactWriteItemsResponse retry = ddb.transactWriteItems(r -> r.clientRequestToken("token-1")
        .transactItems(increment).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertEquals(n("1"), get(a, item("pk", s("counter"))).get("n"), "the retry did not apply again");
    assertEquals(2.0, first.consumedCapacity().get(0).writeCapacityUnits());
    assertEquals(2.0, retry.consumedCapacity().get(0).readCapacityUnits(), "a retry is billed as a read");
    assertError(IdempotentParameterMismatchException.class, "IdempotentParameterMismatchException", null,
        () -> ddb.transactWriteItems(r -> r.clientRequestToken("token-1").transactItems(put(a, item("pk", s("other"))))));

    // a cancelled transaction's token belongs to its request too; the same request runs again
    TransactWriteItem impossible = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(a)
        .key(item("pk", s("counter"))).conditionExpression("n = :big")
        .expressionAttributeValues(Map.of(":big", n("1000"))).build()).build();
    for (int attempt = 0; attempt < 2; attempt++) {
      assertError(TransactionCanceledException.class, "TransactionCanceledException", null,
          () -> ddb.transactWriteItems(r -> r.clientRequestToken("token-2").transactItems(impossible)));
    }
    assertError(IdempotentParameterMismatchException.class, "IdempotentParameterMismatchException", null,
        () -> ddb.transactWriteItems(r -> r.clientRequestToken("token-2").transactItems(increment)));
  }

  /**
   * Transactions and single writes on one hot item from many threads: a write that meets a
   * transaction in progress fails with TransactionConflictException, a transaction that meets
   * another is cancelled with TransactionConflict, and every increment that succeeded is counted
   * exactly once. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
   */
  @Test
  void conflictsFailCleanlyAndNothingIsLost() throws Exception {
    ddb.putItem(r -> r.tableName(a).item(item("pk", s("hot"), "n", n("0"))));
    java.util.concurrent.atomic.AtomicLong succeeded = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.ConcurrentLinkedQueue<String> unexpected = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    long end = System.nanoTime() + 1_500_000_000L;
    List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      boolean transactional = t < 4;
      workers.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          try {
            if (transactional) {
              ddb.transactWriteItems(r -> r.transactItems(
                  TransactWriteItem.builder().update(Update.builder().tableName(a).key(item("pk", s("hot")))
                      .updateExpression("SET n = n + :one").expressionAttributeValues(Map.of(":one", n("1"))).build())
                      .build(),
                  put(b, item("pk", s("hot-" + Thread.currentThread().getId()), "sk", n("1")))));
            } else {
              ddb.updateItem(r -> r.tableName(a).key(item("pk", s("hot"))).updateExpression("SET n = n + :one")
                  .expressionAttributeValues(Map.of(":one", n("1"))));
            }
            succeeded.incrementAndGet();
          } catch (TransactionCanceledException e) {
            if (!e.cancellationReasons().stream().anyMatch(reason -> reason.code().equals("TransactionConflict"))) {
              unexpected.add(e.getMessage());
            }
          } catch (software.amazon.awssdk.services.dynamodb.model.TransactionConflictException e) {
            // a single write met a transaction in progress: nothing written
          } catch (RuntimeException e) {
            unexpected.add(e.toString());
          }
        }
      }));
    }
    for (var w : workers) {
      w.get();
    }
    pool.shutdown();
    assertTrue(unexpected.isEmpty(), String.join("; ", unexpected));
    assertEquals(n(Long.toString(succeeded.get())), get(a, item("pk", s("hot"))).get("n"));
  }

  @Test
  void transactionalCapacityIsDoubled() {
    TransactWriteItemsResponse r = ddb.transactWriteItems(t -> t.returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
        .transactItems(put(a, item("pk", s("cap-1"))), put(a, item("pk", s("cap-2"))),
            put(b, item("pk", s("cap-3"), "sk", n("1")))));
    Map<String, ConsumedCapacity> byTable = new java.util.HashMap<>();
    r.consumedCapacity().forEach(c -> byTable.put(c.tableName(), c));
    assertEquals(4.0, byTable.get(a).capacityUnits());
    assertEquals(4.0, byTable.get(a).writeCapacityUnits());
    assertEquals(4.0, byTable.get(a).table().capacityUnits());
    assertEquals(2.0, byTable.get(b).capacityUnits());
  }

  @Test
  void transactGetItemsReadsInOrderWithMissingItemsEmpty() {
    ddb.putItem(r -> r.tableName(a).item(item("pk", s("read-1"), "v", s("one"), "w", s("x"))));
    ddb.putItem(r -> r.tableName(b).item(item("pk", s("read-2"), "sk", n("2"), "v", s("two"))));
    var response = ddb.transactGetItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
        TransactGetItem.builder().get(Get.builder().tableName(a).key(item("pk", s("read-1")))
            .projectionExpression("v").build()).build(),
        TransactGetItem.builder().get(Get.builder().tableName(a).key(item("pk", s("absent"))).build()).build(),
        TransactGetItem.builder().get(Get.builder().tableName(b).key(item("pk", s("read-2"), "sk", n("2"))).build()).build()));
    List<ItemResponse> items = response.responses();
    assertEquals(Map.of("v", s("one")), items.get(0).item());
    assertFalse(items.get(1).hasItem(), "a missing item has no Item");
    assertEquals(s("two"), items.get(2).item().get("v"));
    double total = response.consumedCapacity().stream().mapToDouble(ConsumedCapacity::capacityUnits).sum();
    assertEquals(6.0, total, "2 read units per item, missing ones too");
    TransactionCanceledException e = assertError(TransactionCanceledException.class, "TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError]",
        () -> ddb.transactGetItems(r -> r.transactItems(
            TransactGetItem.builder().get(Get.builder().tableName(a).key(Map.of()).build()).build())));
    assertEquals("ValidationError", e.cancellationReasons().get(0).code());
  }
}
