package dev.rewind.sample;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Where every random choice of a run comes from. Each day has its own streams, derived from the
 * seed and the day alone, so a day's lines do not depend on which thread wrote it or on the days
 * written before it.
 */
final class Seeds {
    /** Stream of a day's line count, separate so the incident planner can compute it too. */
    static final int DAY_TOTAL = 1;
    /** Stream of a day's hourly curve. */
    static final int DAY_HOURS = 2;
    /** Stream of a day's lines. */
    static final int DAY_LINES = 3;
    /** Stream of the incident plan of a whole run. */
    static final int INCIDENTS = 4;

    private Seeds() {
    }

    static SplittableRandom forDay(long seed, LocalDate day, int stream) {
        return new SplittableRandom(mix(mix(seed) + day.toEpochDay() * 0x9E3779B97F4A7C15L + stream));
    }

    static SplittableRandom forRun(long seed, int stream) {
        return new SplittableRandom(mix(mix(seed) ^ mix(stream)));
    }

    /** SplitMix64's finaliser: nearby inputs (consecutive days, seeds 42 and 43) give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
