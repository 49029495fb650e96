package dev.rewind.sample;

import java.time.LocalDate;

/**
 * What {@link SampleGenerator} writes: days {@code start} to {@link #end()} inclusive, about
 * {@code linesPerDay} lines each (weekdays a little more, weekends less), from {@code seed}.
 *
 * @param months      1 to 120
 * @param linesPerDay 1 to 10,000,000: the average day's line count before incident storms
 */
public record SampleSpec(LocalDate start, int months, int linesPerDay, long seed, CodecMode codecs) {

    public SampleSpec {
        if (start == null) {
            throw new IllegalArgumentException("start must be set");
        }
        if (months < 1 || months > 120) {
            throw new IllegalArgumentException("months must be between 1 and 120, was " + months);
        }
        if (linesPerDay < 1 || linesPerDay > 10_000_000) {
            throw new IllegalArgumentException("linesPerDay must be between 1 and 10,000,000, was " + linesPerDay);
        }
        if (codecs == null) {
            throw new IllegalArgumentException("codecs must be set (MIXED, GZIP, ZSTD or LZ4)");
        }
    }

    /** Six months from 2024-01-01, 50,000 lines a day, seed 42, all three codecs: the demo's data. */
    public static SampleSpec defaults() {
        return new SampleSpec(LocalDate.of(2024, 1, 1), 6, 50_000, 42, CodecMode.MIXED);
    }

    /** The last day written, inclusive. */
    public LocalDate end() {
        return start.plusMonths(months).minusDays(1);
    }

    /** Number of days from start to end inclusive. */
    public int days() {
        return (int) (end().toEpochDay() - start.toEpochDay() + 1);
    }
}
