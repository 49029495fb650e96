package dev.rewind.query.chain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A range cut at UTC midnights: the unit the slice cache keeps answers in (Loki's query frontend
 * splits by interval the same way). Whole days recur across the ranges a person looks at (the
 * last 7 days, then 30, then the week before), so their answers are reused; only the partial
 * first and last days are particular to one range. Immutable.
 */
public record Slices(List<Slice> slices) {

    /** Both ends inclusive, like the query's own range. */
    public record Slice(Instant start, Instant end) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && !t.isAfter(end);
        }
    }

    /** The slices of {@code [start, end]}, oldest first. */
    public static Slices of(Instant start, Instant end) {
        List<Slice> out = new ArrayList<>();
        Instant from = start;
        while (!from.isAfter(end)) {
            Instant nextDay = from.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
            Instant to = nextDay.minusNanos(1).isAfter(end) ? end : nextDay.minusNanos(1);
            out.add(new Slice(from, to));
            from = nextDay;
        }
        return new Slices(List.copyOf(out));
    }

    public int size() {
        return slices.size();
    }

    public Slice get(int i) {
        return slices.get(i);
    }

    /** The index of the slice holding {@code t}, clamped to the first and last. */
    public int indexOf(Instant t) {
        if (!t.isAfter(slices.get(0).end())) {
            return 0;
        }
        long days = ChronoUnit.DAYS.between(slices.get(0).start().truncatedTo(ChronoUnit.DAYS), t.truncatedTo(ChronoUnit.DAYS));
        return (int) Math.min(slices.size() - 1, Math.max(0, days));
    }
}
