package io.tidemark.testing.s3;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many requests of each {@link S3RequestKind} a server received: an immutable snapshot
 * ({@link S3TestServer#requestCounts()}).
 */
public final class S3RequestCounts {
    private final Map<S3RequestKind, Long> counts;

    S3RequestCounts(Map<S3RequestKind, Long> counts) {
        EnumMap<S3RequestKind, Long> copy = new EnumMap<>(S3RequestKind.class);
        for (S3RequestKind kind : S3RequestKind.values()) {
            copy.put(kind, counts.getOrDefault(kind, 0L));
        }
        this.counts = Collections.unmodifiableMap(copy);
    }

    /** Requests of this kind. */
    public long get(S3RequestKind kind) {
        return counts.get(kind);
    }

    /** Requests of every kind. */
    public long total() {
        long sum = 0;
        for (long n : counts.values()) {
            sum += n;
        }
        return sum;
    }

    /** The counts by kind, every kind present (zero or more), in the enum's order; unmodifiable. */
    public Map<S3RequestKind, Long> asMap() {
        return counts;
    }

    /** These counts less an earlier snapshot's: the requests received in between. */
    public S3RequestCounts minus(S3RequestCounts earlier) {
        EnumMap<S3RequestKind, Long> diff = new EnumMap<>(S3RequestKind.class);
        for (S3RequestKind kind : S3RequestKind.values()) {
            diff.put(kind, get(kind) - earlier.get(kind));
        }
        return new S3RequestCounts(diff);
    }

    /** These counts plus another's. */
    public S3RequestCounts plus(S3RequestCounts other) {
        EnumMap<S3RequestKind, Long> sum = new EnumMap<>(S3RequestKind.class);
        for (S3RequestKind kind : S3RequestKind.values()) {
            sum.put(kind, get(kind) + other.get(kind));
        }
        return new S3RequestCounts(sum);
    }

    /** No requests at all. */
    public static S3RequestCounts none() {
        return new S3RequestCounts(Map.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof S3RequestCounts other && counts.equals(other.counts);
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    /** E.g. {@code PUT=3 GET=1 HEAD=0 LIST=0 DELETE=0 OTHER=0}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        counts.forEach((kind, n) -> sb.append(sb.length() == 0 ? "" : " ").append(kind).append('=').append(n));
        return sb.toString();
    }
}
