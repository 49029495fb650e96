package dev.rewind.job.query;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** Trend buckets, aligned in UTC: hours, days, ISO weeks (from Monday), calendar months. */
public enum Bucket {
    HOUR, DAY, WEEK, MONTH;

    /** The first instant of the bucket holding {@code t}. */
    public Instant start(Instant t) {
        return switch (this) {
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
            case DAY -> t.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> t.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
            case MONTH -> t.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
        };
    }

    /** The first instant of the bucket after the one starting at {@code start}. */
    public Instant next(Instant start) {
        ZonedDateTime z = start.atZone(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> z.plusHours(1).toInstant();
            case DAY -> z.plusDays(1).toInstant();
            case WEEK -> z.plusWeeks(1).toInstant();
            case MONTH -> z.plusMonths(1).toInstant();
        };
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Bucket parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown bucket '" + name + "'; expected hour, day, week or month");
        }
    }
}
