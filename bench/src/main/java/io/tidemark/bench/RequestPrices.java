package io.tidemark.bench;

import io.tidemark.testing.s3.S3RequestCounts;
import io.tidemark.testing.s3.S3RequestKind;

/**
 * Request prices that {@code --s3-cost-bench} turns request counts into: US East (N. Virginia),
 * US dollars. Request charges only: storage, data transfer, S3 Express One Zone's per-GB upload
 * and retrieval charges, and the compute that runs Tidemark are not included.
 */
final class RequestPrices {
    private RequestPrices() {}

    // ---- S3 Standard, us-east-1 ----------------------------------------------------------------
    // "PUT, COPY, POST, LIST requests": $0.005 per 1,000; "GET, SELECT, and all other requests"
    // (HEAD included): $0.0004 per 1,000; DELETE: no charge.
    // Source: https://c3x.dev/blog/s3-request-fees-explained ("The full request pricing matrix",
    // S3 Standard: Tier 1 PUT/COPY/POST/LIST $0.005 per 1,000, Tier 2 GET/HEAD/SELECT $0.0004 per
    // 1,000), a third-party page found with the project's search tool on 2026-11-25. The official
    // page, https://aws.amazon.com/s3/pricing/, is in the search corpus only with its price cells
    // unrendered, so its figures could not be read there. The same search found them agreeing:
    // awsnegotiations.com ("S3 Express One Zone Pricing": Standard GETs at $0.0004 per 1,000) and
    // cloudkaramchari.com (a worked example at $0.005 per 1,000 PUT, COPY, POST or LIST).
    static final double S3_STANDARD_PUT_PER_1000 = 0.005;
    static final double S3_STANDARD_GET_PER_1000 = 0.0004;

    // ---- S3 Express One Zone, us-east-1 --------------------------------------------------------
    // PUT: $0.00113 per 1,000; GET: $0.00003 per 1,000; DELETE: no charge (plus $0.0032 per GB
    // uploaded and $0.0006 per GB retrieved, not counted here: for a 1 KB object that is about
    // $0.003 per million PUTs).
    // Source: Amazon S3 FAQs, https://aws.amazon.com/s3/faqs/, S3 Express One Zone billing
    // "Example 1" ("Assuming your bucket is in the US East (Northern Virginia) Region"), as stored
    // in the search corpus, looked up 2026-11-25. The example names PUT, GET and DELETE only: LIST
    // priced like PUT and HEAD like GET is ASSUMED here, as on S3 Standard. (Before AWS lowered
    // them in 2025, Express One Zone requests were $0.0025 per 1,000 PUTs and $0.0002 per 1,000
    // GETs: awsnegotiations.com, "S3 Express One Zone Pricing", same search.)
    static final double S3_EXPRESS_PUT_PER_1000 = 0.00113;
    static final double S3_EXPRESS_GET_PER_1000 = 0.00003;

    // ---- DynamoDB on demand, us-east-1 ---------------------------------------------------------
    // $0.625 per million write request units, $0.125 per million read request units (after the
    // November 2024 halving). Source: the task's brief; the same figures on
    // https://airbyte.com/data-engineering-resources/dynamodb-pricing ("Pricing Structure (US East
    // Region)", page of 2025-07-21), found with the search tool on 2026-11-25.
    // A write of up to 1 KB is 1 WRU (a transactional one 2 WRU); a read of up to 4 KB is 0.5 RRU
    // eventually consistent, 1 RRU strongly consistent.
    static final double DYNAMODB_PER_MILLION_WRU = 0.625;
    static final double DYNAMODB_PER_MILLION_RRU = 0.125;

    /** A storage class's request prices, in dollars per request. */
    record S3Class(String name, double put, double get, double list, double head, double other) {
        /** Dollars for these requests; DELETE is free. OTHER is priced as PUT: the dearer tier. */
        double dollars(S3RequestCounts c) {
            return c.get(S3RequestKind.PUT) * put + c.get(S3RequestKind.GET) * get + c.get(S3RequestKind.LIST) * list
                    + c.get(S3RequestKind.HEAD) * head + c.get(S3RequestKind.OTHER) * other;
        }
    }

    static final S3Class S3_STANDARD = new S3Class("S3 Standard", S3_STANDARD_PUT_PER_1000 / 1000,
            S3_STANDARD_GET_PER_1000 / 1000, S3_STANDARD_PUT_PER_1000 / 1000, S3_STANDARD_GET_PER_1000 / 1000,
            S3_STANDARD_PUT_PER_1000 / 1000);

    static final S3Class S3_EXPRESS = new S3Class("S3 Express One Zone", S3_EXPRESS_PUT_PER_1000 / 1000,
            S3_EXPRESS_GET_PER_1000 / 1000, S3_EXPRESS_PUT_PER_1000 / 1000, S3_EXPRESS_GET_PER_1000 / 1000,
            S3_EXPRESS_PUT_PER_1000 / 1000);

    /** DynamoDB on demand: dollars for these request units. */
    static double dynamoDbDollars(double wru, double rru) {
        return wru * DYNAMODB_PER_MILLION_WRU / 1e6 + rru * DYNAMODB_PER_MILLION_RRU / 1e6;
    }

    /** The prices as lines for the report. */
    static String describe() {
        return String.format(java.util.Locale.ROOT,
                "S3 Standard: PUT/LIST/other $%.4f and GET/HEAD $%.4f per 1,000, DELETE free (c3x.dev, looked up"
                        + " 2026-11-25; the official pricing page's cells were not readable in the search corpus)%n"
                        + "S3 Express One Zone: PUT $%.5f and GET $%.5f per 1,000, DELETE free (Amazon S3 FAQs, example 1,"
                        + " us-east-1, looked up 2026-11-25); LIST as PUT and HEAD as GET ASSUMED; per-GB upload/retrieval"
                        + " charges not included%n"
                        + "DynamoDB on demand: $%.3f per million WRU, $%.3f per million RRU (brief; airbyte.com 2025-07-21)",
                S3_STANDARD_PUT_PER_1000, S3_STANDARD_GET_PER_1000, S3_EXPRESS_PUT_PER_1000, S3_EXPRESS_GET_PER_1000,
                DYNAMODB_PER_MILLION_WRU, DYNAMODB_PER_MILLION_RRU);
    }
}
