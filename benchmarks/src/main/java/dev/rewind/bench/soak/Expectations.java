package dev.rewind.bench.soak;

import dev.rewind.connectors.record.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * What a correct answer holds at a given moment, while the store changes under the server: the
 * corpus's ground truth plus the files the soak added, minus nothing (copies are counted once,
 * damaged files make answers inexact). A file's lines may or may not be in an answer sent before
 * the server has listed it, so counts are bounds: the low end holds the additions the server had
 * listed before the question was sent, the high end every addition written before the answer came.
 * Thread-safe: clients read while one client adds.
 */
final class Expectations {
    /**
     * How long after a damaged file is written, or removed, the server may take to notice: one
     * catalog refresh (5 s) and the index wait (10 s), with room for a busy machine.
     */
    static final Duration NOTICE_GRACE = Duration.ofSeconds(30);

    private final Map<LocalDate, DayCounts> base;
    private final List<Addition> additions = new CopyOnWriteArrayList<>();
    private final List<Damage> damages = new CopyOnWriteArrayList<>();
    private volatile Instant settled;

    /** A file added to a day; {@code delta} is what it adds (nothing for a byte-identical copy). */
    static final class Addition {
        final String path;
        final LocalDate day;
        final DayCounts delta;
        final Instant written;
        volatile Instant listed;

        Addition(String path, LocalDate day, DayCounts delta, Instant written) {
            this.path = path;
            this.day = day;
            this.delta = delta;
            this.written = written;
        }
    }

    /** A damaged copy of a file, in a folder of its own, until it is removed. */
    static final class Damage {
        final String path;
        final LocalDate day;
        final String how;
        final Instant written;
        volatile Instant noticed;
        volatile String noticedAs;
        volatile Instant removed;

        Damage(String path, LocalDate day, String how, Instant written) {
            this.path = path;
            this.day = day;
            this.how = how;
            this.written = written;
        }

        /** From when every answer over its day must name it: when listed, at the latest after the grace. */
        Instant inForceFrom() {
            Instant late = written.plus(NOTICE_GRACE);
            Instant n = noticed;
            return n != null && n.isBefore(late) ? n : late;
        }
    }

    /** Counts over inclusive days: {@code low} certain, {@code high} possible. */
    record Bounds(long low, long high) {
        boolean contains(long value) {
            return value >= low && value <= high;
        }

        boolean exact() {
            return low == high;
        }

        @Override
        public String toString() {
            return low == high ? String.format(java.util.Locale.ROOT, "%,d", low)
                    : String.format(java.util.Locale.ROOT, "%,d..%,d", low, high);
        }
    }

    Expectations(Map<LocalDate, DayCounts> base) {
        this.base = Map.copyOf(base);
    }

    /** The corpus as written: the generator's days, the needles as INFO lines. */
    static Expectations of(SoakCorpus corpus) {
        Map<LocalDate, DayCounts> days = new TreeMap<>();
        corpus.truth().days().forEach(d -> days.put(d.day(), DayCounts.of(d, corpus.timeoutLines().getOrDefault(d.day(), 0L))));
        for (Needle n : corpus.needles()) {
            days.put(n.day(), days.get(n.day()).plusLine(Level.INFO));
        }
        return new Expectations(days);
    }

    Addition added(String path, LocalDate day, DayCounts delta, Instant written) {
        Addition a = new Addition(path, day, delta, written);
        additions.add(a);
        return a;
    }

    Damage damaged(String path, LocalDate day, String how, Instant written) {
        Damage d = new Damage(path, day, how, written);
        damages.add(d);
        return d;
    }

    List<Addition> additions() {
        return List.copyOf(additions);
    }

    List<Damage> damages() {
        return List.copyOf(damages);
    }

    /** Start-up indexing finished (the server reported nothing left to index) at {@code at}. */
    void settledAt(Instant at) {
        if (settled == null) {
            settled = at;
        }
    }

    Instant settled() {
        return settled;
    }

    Bounds level(LocalDate from, LocalDate to, Level level, Instant sent, Instant answered) {
        return bounds(from, to, c -> c.count(level), sent, answered);
    }

    Bounds text(LocalDate from, LocalDate to, Instant sent, Instant answered) {
        return bounds(from, to, DayCounts::textLines, sent, answered);
    }

    Bounds template(LocalDate from, LocalDate to, String template, Instant sent, Instant answered) {
        return bounds(from, to, c -> c.templates().getOrDefault(template, 0L), sent, answered);
    }

    /** Every template that may be in an answer over the days: the corpus's and the additions'. */
    Set<String> templates(LocalDate from, LocalDate to, Instant answered) {
        Set<String> all = new HashSet<>();
        base.forEach((day, c) -> {
            if (within(day, from, to)) {
                all.addAll(c.templates().keySet());
            }
        });
        for (Addition a : additions) {
            if (within(a.day, from, to) && a.written.isBefore(answered)) {
                all.addAll(a.delta.templates().keySet());
            }
        }
        return all;
    }

    private Bounds bounds(LocalDate from, LocalDate to, ToLongFunction<DayCounts> what, Instant sent, Instant answered) {
        long low = 0;
        for (Map.Entry<LocalDate, DayCounts> e : base.entrySet()) {
            if (within(e.getKey(), from, to)) {
                low += what.applyAsLong(e.getValue());
            }
        }
        long high = low;
        for (Addition a : additions) {
            if (!within(a.day, from, to)) {
                continue;
            }
            long n = what.applyAsLong(a.delta);
            Instant listed = a.listed;
            if (listed != null && listed.isBefore(sent)) {
                low += n;
            }
            if (a.written.isBefore(answered)) {
                high += n;
            }
        }
        return new Bounds(low, high);
    }

    /** Damaged files of these days that every answer sent at {@code sent} must name, and be inexact for. */
    List<Damage> inForce(LocalDate from, LocalDate to, Instant sent, Instant answered) {
        List<Damage> out = new ArrayList<>();
        for (Damage d : damages) {
            Instant removed = d.removed;
            if (within(d.day, from, to) && !d.inForceFrom().isAfter(sent) && (removed == null || removed.isAfter(answered))) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Damaged files of these days (or the day either side: a file that cannot be read is warned about
     * by the date in its path, give or take a day) whose state the server may not have caught up
     * with: written and not yet in force, or removed within the grace.
     */
    boolean damageInTransition(LocalDate from, LocalDate to, Instant sent, Instant answered) {
        for (Damage d : damages) {
            if (!within(d.day, from.minusDays(1), to.plusDays(1)) || !d.written.isBefore(answered)) {
                continue;
            }
            Instant removed = d.removed;
            boolean comingIn = d.inForceFrom().isAfter(sent);
            boolean goingOut = removed != null && !removed.plus(NOTICE_GRACE).isBefore(sent);
            boolean nextDoor = !within(d.day, from, to) && (removed == null || goingOut);
            if (comingIn || goingOut || nextDoor) {
                return true;
            }
        }
        return false;
    }

    /** Damaged files removed long enough before {@code sent} that no answer should name them any more. */
    List<Damage> goneBefore(Instant sent) {
        List<Damage> out = new ArrayList<>();
        for (Damage d : damages) {
            Instant removed = d.removed;
            if (removed != null && removed.plus(NOTICE_GRACE).isBefore(sent)) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Nothing of these days was changing when the question was asked: start-up indexing was over,
     * no added file was waiting to be listed, no damaged file was in force or coming and going. An
     * answer then has no reason to be inexact but its own (a timeout, a cut page).
     */
    boolean settled(LocalDate from, LocalDate to, Instant sent, Instant answered) {
        Instant s = settled;
        if (s == null || !s.isBefore(sent)) {
            return false;
        }
        for (Addition a : additions) {
            Instant listed = a.listed;
            if (within(a.day, from, to) && a.written.isBefore(answered) && (listed == null || !listed.isBefore(sent))) {
                return false;
            }
        }
        return inForce(from.minusDays(1), to.plusDays(1), sent, answered).isEmpty()
                && !damageInTransition(from, to, sent, answered);
    }

    /** Whether anything changed the catalog between these moments (a cursor may then be refused). */
    boolean catalogChanged(Instant from, Instant to) {
        Instant s = settled;
        if (s == null || !s.isBefore(from)) {
            return true; // start-up indexing changes it with every archive indexed
        }
        for (Addition a : additions) {
            if (touches(a.written, a.listed, from, to)) {
                return true;
            }
        }
        for (Damage d : damages) {
            if (touches(d.written, d.noticed, from, to) || (d.removed != null && touches(d.removed, null, from, to))) {
                return true;
            }
        }
        return false;
    }

    /** A change that began at {@code began} and was seen at {@code seen} (null: not yet) overlaps {@code [from, to]}. */
    private static boolean touches(Instant began, Instant seen, Instant from, Instant to) {
        Instant end = (seen == null ? to : seen).plus(NOTICE_GRACE);
        return !began.isAfter(to) && !end.isBefore(from);
    }

    private static boolean within(LocalDate day, LocalDate from, LocalDate to) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
