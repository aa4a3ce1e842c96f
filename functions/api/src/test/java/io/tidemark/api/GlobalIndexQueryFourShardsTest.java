package io.tidemark.api;

/** The global index reads again on tables of four shards: an index then gathers every shard's items. */
@ShardsPerTable(4)
class GlobalIndexQueryFourShardsTest extends GlobalIndexQueryTest {
}
