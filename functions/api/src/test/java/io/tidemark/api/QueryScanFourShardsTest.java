package io.tidemark.api;

/** The Query and Scan tests again on tables split into four shards: scans and parallel scans cross shards. */
@ShardsPerTable(4)
class QueryScanFourShardsTest extends QueryScanTest {
}
