package io.tidemark.api;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.tidemark.recovery.GarbageCollector;
import io.tidemark.storage.LocalStorage;
import io.tidemark.storage.StoreLocation;
import io.tidemark.storage.Storage;
import java.net.URI;
import io.tidemark.view.Database;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The engine, opened once from the configured data directory (or S3 location) and closed on shutdown. */
@Factory
public class DatabaseFactory {
  @Singleton
  @Bean(preDestroy = "close")
  public Database database(@Value("${tidemark.data:./data}") String data,
      @Value("${tidemark.fsync:true}") boolean fsync,
      @Value("${tidemark.shards-per-table:1}") int shards,
      @Value("${tidemark.checkpoint-every:100000}") long checkpointEvery,
      @Value("${tidemark.item-collection-limit:10737418240}") long itemCollectionLimit,
      @Value("${tidemark.retention-days:0}") double retentionDays,
      @Value("${tidemark.retention-interval-seconds:300}") long retentionInterval,
      @Value("${tidemark.retention-min-age-seconds:600}") long retentionMinAge,
      @Value("${tidemark.store:}") String store,
      @Value("${tidemark.s3-endpoint:}") String s3Endpoint,
      @Value("${tidemark.max-staleness-ms:1000}") long maxStalenessMillis,
      @Value("${tidemark.transaction-timeout-ms:3000}") long transactionTimeoutMillis) {
    // tidemark.store: s3://BUCKET/PREFIX (or a directory: how the functions name a local store)
    Storage storage = store.isEmpty() ? new LocalStorage(Path.of(data), fsync)
        : StoreLocation.parse(store).open(s3Endpoint.isEmpty() ? null : URI.create(s3Endpoint));
    Database db = new Database(storage, new Database.Options(shards, checkpointEvery, itemCollectionLimit));
    // a shared store: how stale an eventually consistent read may be when other instances write
    db.setMaxStalenessMillis(maxStalenessMillis);
    // and how long a transaction across shards may stay undecided before a reader aborts it
    db.setTransactionTimeoutMillis(transactionTimeoutMillis);
    if (storage.shared()) {
      // retention of a shared store is the retention function's (functions/retention): it sees the
      // whole store, and deletes log objects only below a low-water mark published long enough ago
      return db;
    }
    // retention-days: history every table keeps beyond point-in-time recovery and backups
    // (0: DynamoDB's rules only; negative: all of it, forever)
    // min-age: how long an unneeded object stays, longer than any restore or read as of a moment runs
    db.startRetention(new GarbageCollector.Settings(retentionDays, retentionMinAge * 1_000_000), retentionInterval);
    return db;
  }
}
