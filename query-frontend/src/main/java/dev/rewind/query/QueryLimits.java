package dev.rewind.query;

import java.time.Duration;

/**
 * What one query may ask of the machine, as Loki's {@code limits}: the longest range, the most
 * compressed bytes its plan may select, how long it may run, how many Flink jobs run at once and
 * how many more may wait for one, and how long a query waits for archives of its range still being
 * indexed. A query beyond a limit is refused before any job starts (HTTP 400 naming the limit, or
 * 429 when the queue is full). Shown in {@code /api/stats}.
 *
 * @param maxRange   the longest range from start to end
 * @param maxBytes   the most compressed bytes a plan may select
 * @param timeout    how long a query may take; then its job is stopped and it answers what it read, marked incomplete
 * @param maxJobs    Flink jobs running at once
 * @param maxQueued  queries waiting for a job slot; beyond, 429 with Retry-After
 * @param indexWait  how long a query waits for archives of its range that are not indexed yet
 */
public record QueryLimits(Duration maxRange, long maxBytes, Duration timeout, int maxJobs, int maxQueued,
                          Duration indexWait) {

    public QueryLimits {
        if (maxRange.isNegative() || maxRange.isZero()) {
            throw new IllegalArgumentException("max range must be positive, was " + maxRange);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("max bytes must be positive, was " + maxBytes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("query timeout must be positive, was " + timeout);
        }
        if (maxJobs < 1) {
            throw new IllegalArgumentException("max jobs must be at least 1, was " + maxJobs);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("max queued must be 0 or more, was " + maxQueued);
        }
    }

    /**
     * Defaults that let every question of a serious user through (six months of text search over
     * tens of GB) and stop the absurd: five years of range, 64 GiB selected, two minutes, four jobs
     * at once with 32 waiting, 10 s of waiting for the indexer. Four jobs rather than one per core:
     * jobs share the cores, so a question that reads a few frames answers in a second beside scans
     * of six months instead of waiting minutes for them to end (Loki's querier runs several too).
     */
    public static QueryLimits defaults() {
        return new QueryLimits(Duration.ofDays(5 * 366), 64L << 30, Duration.ofMinutes(2), 4, 32,
                Duration.ofSeconds(10));
    }
}
