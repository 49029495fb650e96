package dev.rewind.stats;

import java.util.concurrent.atomic.LongAdder;

/** Hits, misses, bytes and evictions of one cache tier. Thread-safe. */
public final class TierStats {
    private final String name;
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder evictions = new LongAdder();
    private volatile long bytes;

    public TierStats(String name) {
        this.name = name;
    }

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public void evicted() {
        evictions.increment();
    }

    public void bytes(long current) {
        this.bytes = current;
    }

    /** What {@code GET /api/stats} shows for this tier. */
    public record View(String tier, long hits, long misses, double hitRate, long bytes, long evictions) {
    }

    public View view() {
        long h = hits.sum();
        long m = misses.sum();
        return new View(name, h, m, h + m == 0 ? 0 : (double) h / (h + m), bytes, evictions.sum());
    }
}
