package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.record.Level;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/** A count per {@link Level}; immutable once handed out of a builder. */
public final class LevelCounts {
    private final long[] counts;

    public LevelCounts() {
        this(new long[Level.COUNT]);
    }

    LevelCounts(long[] counts) {
        this.counts = counts;
    }

    public long get(Level level) {
        return counts[level.ordinal()];
    }

    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** True when any line has one of {@code levels}. */
    public boolean anyOf(Iterable<Level> levels) {
        for (Level level : levels) {
            if (counts[level.ordinal()] > 0) {
                return true;
            }
        }
        return false;
    }

    /** Levels with a non-zero count, in severity order. */
    public Map<Level, Long> asMap() {
        Map<Level, Long> map = new EnumMap<>(Level.class);
        for (Level level : Level.values()) {
            if (counts[level.ordinal()] > 0) {
                map.put(level, counts[level.ordinal()]);
            }
        }
        return map;
    }

    void increment(Level level) {
        counts[level.ordinal()]++;
    }

    void add(LevelCounts other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    long[] raw() {
        return counts;
    }

    LevelCounts copy() {
        return new LevelCounts(counts.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LevelCounts other && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
