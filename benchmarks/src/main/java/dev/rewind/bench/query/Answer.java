package dev.rewind.bench.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one tool answered to one query, reduced to what all three can be compared on: a count,
 * the timestamps of the lines returned (newest first; the lines themselves are formatted
 * differently by each tool, and lines sharing a millisecond may tie), or counts per key.
 */
sealed interface Answer {

    /** Short, for the answers table. */
    String describe();

    /** Where this differs from {@code other}, or null when they agree. */
    default String difference(Answer other) {
        return equals(other) ? null : "%s vs %s".formatted(describe(), other.describe());
    }

    record Count(long value) implements Answer {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%,d", value);
        }
    }

    /** @param timestamps newest first */
    record Lines(List<Instant> timestamps) implements Answer {
        public Lines {
            List<Instant> sorted = new ArrayList<>(timestamps);
            sorted.sort(Comparator.reverseOrder());
            timestamps = List.copyOf(sorted);
        }

        @Override
        public String describe() {
            if (timestamps.isEmpty()) {
                return "0 lines";
            }
            return String.format(Locale.ROOT, "%,d lines, %s … %s", timestamps.size(), timestamps.get(0),
                    timestamps.get(timestamps.size() - 1));
        }

        @Override
        public String difference(Answer other) {
            if (equals(other)) {
                return null;
            }
            if (other instanceof Lines lines) {
                int n = Math.min(timestamps.size(), lines.timestamps.size());
                for (int i = 0; i < n; i++) {
                    if (!timestamps.get(i).equals(lines.timestamps.get(i))) {
                        return String.format(Locale.ROOT, "%s vs %s: line %d is at %s vs %s", describe(), lines.describe(),
                                i + 1, timestamps.get(i), lines.timestamps.get(i));
                    }
                }
            }
            return Answer.super.difference(other);
        }
    }

    /** @param counts e.g. {@code "2024-01-01 ERROR" -> 2210}; keys with a zero count left out */
    record Counts(SortedMap<String, Long> counts) implements Answer {
        public Counts {
            TreeMap<String, Long> copy = new TreeMap<>();
            counts.forEach((k, v) -> {
                if (v != 0) {
                    copy.put(k, v);
                }
            });
            counts = java.util.Collections.unmodifiableSortedMap(copy);
        }

        static Counts of(Map<String, Long> counts) {
            return new Counts(new TreeMap<>(counts));
        }

        long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%,d counts, %,d lines", counts.size(), total());
        }

        @Override
        public String difference(Answer other) {
            if (equals(other)) {
                return null;
            }
            if (other instanceof Counts c) {
                TreeMap<String, Long> keys = new TreeMap<>(counts);
                c.counts.forEach((k, v) -> keys.putIfAbsent(k, 0L));
                for (String key : keys.keySet()) {
                    long mine = counts.getOrDefault(key, 0L);
                    long theirs = c.counts.getOrDefault(key, 0L);
                    if (mine != theirs) {
                        return String.format(Locale.ROOT, "%s vs %s: first difference at %s, %,d vs %,d", describe(),
                                c.describe(), key, mine, theirs);
                    }
                }
            }
            return Answer.super.difference(other);
        }
    }
}
