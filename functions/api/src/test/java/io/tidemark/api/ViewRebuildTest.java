package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.view.Database;
import io.tidemark.view.GlobalIndexView;
import io.tidemark.view.Shard;
import io.tidemark.view.ShardView;
import io.tidemark.view.StoredItem;
import io.tidemark.view.TableView;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/** Views are caches of the log: rebuilt from the log alone, or from checkpoint + tail, they equal the live view. */
class ViewRebuildTest {

  @Test
  void everyViewRebuildsFromTheLogAndFromCheckpoints() throws Exception {
    try (TestServer server = new TestServer(Files.createTempDirectory("tidemark-rebuild"),
        Map.of("tidemark.checkpoint-every", 40, "tidemark.shards-per-table", 4)); DynamoDbClient ddb = server.client()) {
      ddb.createTable(b -> b.tableName("rebuild").billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build(),
              AttributeDefinition.builder().attributeName("sk").attributeType("N").build(),
              AttributeDefinition.builder().attributeName("hits").attributeType("N").build(),
              AttributeDefinition.builder().attributeName("grp").attributeType("S").build())
          .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
          // a local index whose key (hits) the workload keeps changing
          .localSecondaryIndexes(b2 -> b2.indexName("by-hits").projection(p -> p.projectionType("KEYS_ONLY"))
              .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                  KeySchemaElement.builder().attributeName("hits").keyType(KeyType.RANGE).build()))
          // global indexes, one keyed on what puts set and transactions move, one hash-only on hits
          .globalSecondaryIndexes(b2 -> b2.indexName("by-grp").projection(p -> p.projectionType("INCLUDE")
              .nonKeyAttributes("v")).keySchema(KeySchemaElement.builder().attributeName("grp").keyType(KeyType.HASH)
                  .build(), KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()),
              b2 -> b2.indexName("hits-only").projection(p -> p.projectionType("KEYS_ONLY"))
                  .keySchema(KeySchemaElement.builder().attributeName("hits").keyType(KeyType.HASH).build())));
      Random random = new Random(42);
      for (int i = 0; i < 1500; i++) {
        var key = SdkTestBase.item("pk", SdkTestBase.s("p" + random.nextInt(30)), "sk",
            SdkTestBase.n(Integer.toString(random.nextInt(20))));
        switch (random.nextInt(5)) {
          case 0 -> ddb.deleteItem(b -> b.tableName("rebuild").key(key));
          case 1 -> ddb.updateItem(b -> b.tableName("rebuild").key(key).updateExpression("ADD hits :one")
              .expressionAttributeValues(Map.of(":one", SdkTestBase.n("1"))));
          case 2 -> {
            // a transaction moving this item's and another's index keys together
            var other = SdkTestBase.item("pk", SdkTestBase.s("p" + random.nextInt(30)), "sk",
                SdkTestBase.n(Integer.toString(20 + random.nextInt(5))));
            String grp = "g" + random.nextInt(5);
            ddb.transactWriteItems(b -> b.transactItems(
                t -> t.update(u -> u.tableName("rebuild").key(key).updateExpression("SET grp = :g ADD hits :one")
                    .expressionAttributeValues(Map.of(":g", SdkTestBase.s(grp), ":one", SdkTestBase.n("1")))),
                t -> t.update(u -> u.tableName("rebuild").key(other).updateExpression("REMOVE grp SET hits = :h")
                    .expressionAttributeValues(Map.of(":h", SdkTestBase.n("7"))))));
          }
          default -> {
            var item = new java.util.HashMap<>(key);
            item.put("v", SdkTestBase.s("value-" + i));
            if (random.nextBoolean()) {
              item.put("grp", SdkTestBase.s("g" + random.nextInt(5)));
            }
            ddb.putItem(b -> b.tableName("rebuild").item(item));
          }
        }
      }
      TableView table = server.context().getBean(Database.class).table("rebuild");
      long total = 0;
      for (Shard shard : table.shards()) {
        shard.awaitCheckpoint();
        List<?> live = contents(shard.view());
        ShardView fromLog = shard.rebuildFromLogAlone();
        ShardView fromCheckpoint = shard.rebuildFromCheckpoint();
        assertEquals(live, contents(fromLog));
        assertEquals(live, contents(fromCheckpoint));
        assertEquals(shard.view().sizeBytes(), fromLog.sizeBytes());
        assertEquals(shard.view().itemCount(), fromCheckpoint.itemCount());
        total += live.size();
      }
      assertTrue(total > 100, "the workload left items: " + total);

      // the global indexes, dropped and rebuilt from every shard's checkpoint + log, equal the live ones
      table.globalIndexApplier().caughtUp().get(10, java.util.concurrent.TimeUnit.SECONDS);
      ShardView[] rebuilt = new ShardView[table.shards().length];
      ShardView[] fromLogAlone = new ShardView[rebuilt.length];
      for (int s = 0; s < rebuilt.length; s++) {
        rebuilt[s] = table.shards()[s].rebuildFromCheckpoint();
        fromLogAlone[s] = table.shards()[s].rebuildFromLogAlone();
      }
      for (GlobalIndexView index : TableView.buildGlobalIndexes(table.descriptor(), rebuilt)) {
        GlobalIndexView live = table.globalIndex(index.definition().name);
        assertTrue(live.itemCount() > 10, index.definition().name + " holds items: " + live.itemCount());
        assertEquals(new ArrayList<>(live.entries().entrySet()), new ArrayList<>(index.entries().entrySet()),
            index.definition().name);
        assertEquals(live.itemCount(), index.itemCount());
        assertEquals(live.sizeBytes(), index.sizeBytes());
        assertEquals(live.itemCount(), live.entries().size(), "the index counts what it holds");
      }
      for (GlobalIndexView index : TableView.buildGlobalIndexes(table.descriptor(), fromLogAlone)) {
        assertEquals(new ArrayList<>(table.globalIndex(index.definition().name).entries().entrySet()),
            new ArrayList<>(index.entries().entrySet()), index.definition().name + " from the log alone");
      }
      assertTrue(TestServer.storageFor(server.data()).blobs().list("tables/").stream().anyMatch(k -> k.contains("/ckpt/")),
          "checkpoints were written");
    }
  }

  /** Every live item of a view in key order, with its key and size, in a form that compares by value. */
  private static List<List<Object>> contents(ShardView view) {
    List<List<Object>> items = new ArrayList<>();
    view.items().forEach((key, slot) -> {
      StoredItem stored = slot.stored();
      if (stored != null) {
        items.add(List.of(key, stored));
      }
      assertEquals(stored, view.stored(key), "the ordered map and the hash index agree");
    });
    assertEquals(items.size(), view.itemCount());
    ShardView.LocalIndex index = view.local("by-hits");
    List<Object> entries = new ArrayList<>();
    index.entries().forEach((key, slot) -> {
      StoredItem stored = index.visible(key, slot);
      if (stored != null) {
        entries.add(List.of(key, stored));
      }
    });
    assertEquals(entries.size(), index.itemCount(), "the local index counts what it holds");
    items.add(List.of("by-hits", entries));
    return items;
  }
}
