package dev.rewind.stats;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cache's overall hit rate, counted per question: a question answered whole from a tier counts
 * 1; one assembled from day slices counts the share of its days that were held (7 of 10 days held:
 * 0.7); one computed entirely counts 0. Per-tier counts (per answer, per day) stay in {@link
 * TierStats}; this is the number a person means by "how much of my querying came from the cache".
 * Questions the server asks itself (prefetch) are not counted. Thread-safe.
 */
public final class CacheStats {
    private final LongAdder questions = new LongAdder();
    private final LongAdder whole = new LongAdder();
    private final DoubleAdder served = new DoubleAdder();

    /** @param fraction the share of the question served from the cache, 0..1 */
    public void record(double fraction) {
        questions.increment();
        served.add(fraction);
        if (fraction >= 1.0) {
            whole.increment();
        }
    }

    /**
     * @param hits     questions served entirely from the cache
     * @param misses   questions that ran a job for some or all of their range
     * @param hitRate  the served shares' mean (0 before any question)
     */
    public record View(double hitRate, long questions, long hits, long misses) {
    }

    public View view() {
        long q = questions.sum();
        long h = whole.sum();
        return new View(q == 0 ? 0 : served.sum() / q, q, h, q - h);
    }
}
