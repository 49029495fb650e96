package dev.rewind.job.query;

import java.io.Serializable;

/** What a query computes instead of returning records (DESIGN.md's {@code aggregate}). */
public sealed interface Aggregation extends Serializable {

    /** The number of matching records. */
    record Count() implements Aggregation {
    }

    /** Counts per bucket, split by level and/or service. */
    record Trend(Bucket bucket, boolean byLevel, boolean byService) implements Aggregation {
    }

    /** The most frequent message templates, at most {@code limit}. */
    record Patterns(int limit) implements Aggregation {
        public Patterns {
            if (limit < 1 || limit > 10_000) {
                throw new IllegalArgumentException("patterns limit must be 1..10000, was " + limit);
            }
        }
    }
}
