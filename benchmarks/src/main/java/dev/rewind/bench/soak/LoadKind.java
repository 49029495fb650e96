package dev.rewind.bench.soak;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * What a soak client does next, with how often: the mix of questions a person asks over six
 * months, and rarely a change to the server or its store. Weights are relative.
 */
enum LoadKind {
    SEED_ERROR_PAGE("seed-error-page", 14, "the seed's six-month ERROR query, page of 1,000, then 2 more by cursor"),
    SEED_ERROR_COUNT("seed-error-count", 12, "the same range, aggregate count"),
    TREND_DAY("trend-day", 8, "six months, counts per day and level"),
    PATTERNS("patterns", 8, "six months, WARN/ERROR/FATAL, top 20 patterns"),
    PATTERNS_SCAN("patterns-scan", 2, "six months, every level, top 20 patterns (a scan)"),
    NEEDLE("needle", 12, "six months, text = a planted token"),
    TEXT_COUNT("text-count", 6, "six months, text = \"timeout\", aggregate count"),
    INFO_PAGE("info-page", 12, "one random day, INFO, page of 10,000"),
    CACHE_CLEAR("cache-clear", 2, "DELETE /api/cache"),
    ARCHIVE_ADDED("archive-added", 2, "a new file for an existing day: a byte-identical copy, or fresh lines"),
    ARCHIVE_DAMAGED("archive-damaged", 1, "a truncated or overwritten copy of a file, in a new folder");

    private final String label;
    private final int weight;
    private final String description;

    LoadKind(String label, int weight, String description) {
        this.label = label;
        this.weight = weight;
        this.description = description;
    }

    String label() {
        return label;
    }

    int weight() {
        return weight;
    }

    String description() {
        return description;
    }

    /**
     * Hands out kinds to the clients: first every kind once, in an order shuffled by the seed (so a
     * short run meets each), then weighted draws from the same seeded generator. Thread-safe; the
     * sequence is fixed by the seed, which client gets which element is not.
     */
    static final class Picker {
        private final Random random;
        private final Deque<LoadKind> firstRound;
        private final int total;

        Picker(long seed) {
            this.random = new Random(seed);
            List<LoadKind> all = new ArrayList<>(List.of(values()));
            Collections.shuffle(all, random);
            this.firstRound = new ArrayDeque<>(all);
            int sum = 0;
            for (LoadKind k : values()) {
                sum += k.weight;
            }
            this.total = sum;
        }

        synchronized LoadKind next() {
            if (!firstRound.isEmpty()) {
                return firstRound.poll();
            }
            int r = random.nextInt(total);
            for (LoadKind k : values()) {
                r -= k.weight;
                if (r < 0) {
                    return k;
                }
            }
            throw new AssertionError("weights sum to " + total);
        }

        /** A number from the same seeded sequence, for the choices inside an operation (a day, a needle). */
        synchronized int nextInt(int bound) {
            return random.nextInt(bound);
        }
    }
}
