package dev.rewind.bench.query;

import dev.rewind.api.WireAnswer;
import dev.rewind.bench.harness.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * One query measured on the three tools: their timings and answers, and Rewind's full answer of
 * every measured run (its plan and stats say where the time went).
 *
 * @param rewindRuns Rewind's answers of the measured runs, warm-up excluded
 */
record QueryOutcome(BenchQuery query, Timing rewind, Timing grep, Timing duckDb, Answer rewindAnswer,
                    Answer grepAnswer, Answer duckDbAnswer, List<WireAnswer> rewindRuns) {

    QueryOutcome {
        rewindRuns = List.copyOf(rewindRuns);
    }

    /** Every way the answers disagree with each other or with the ground truth; empty when all agree. */
    List<String> mismatches() {
        List<String> out = new ArrayList<>();
        String vsGrep = rewindAnswer.difference(grepAnswer);
        if (vsGrep != null) {
            out.add("Rewind and grep differ: " + vsGrep);
        }
        String vsDuck = rewindAnswer.difference(duckDbAnswer);
        if (vsDuck != null) {
            out.add("Rewind and DuckDB differ: " + vsDuck);
        }
        query.expected().ifPresent(e -> {
            check(out, "Rewind", rewindAnswer, e);
            check(out, "grep", grepAnswer, e);
            check(out, "DuckDB", duckDbAnswer, e);
        });
        Set<Answer> distinct = new LinkedHashSet<>();
        rewindRuns.forEach(r -> distinct.add(query.kind().fromRewind(r)));
        if (distinct.size() > 1) {
            out.add("Rewind's runs gave " + distinct.size() + " different answers");
        }
        return out;
    }

    private static void check(List<String> out, String tool, Answer answer, BenchQuery.Expectation e) {
        if (!e.holds().test(answer)) {
            out.add(tool + " does not give " + e.description() + ": " + answer.describe());
        }
    }

    /** Warnings Rewind attached to its answers (a damaged frame, say): each would make a row suspect. */
    Set<String> rewindWarnings() {
        Set<String> warnings = new LinkedHashSet<>();
        rewindRuns.forEach(r -> warnings.addAll(r.warnings()));
        return warnings;
    }

    long bytesRead() {
        return median(r -> r.stats().bytesScanned());
    }

    long rawBytesRead() {
        return median(r -> r.stats().rawBytesScanned());
    }

    long linesScanned() {
        return median(r -> r.stats().linesScanned());
    }

    long splitsRead() {
        return median(r -> r.stats().splitsDone());
    }

    /** The median of one of Rewind's stage timings ({@code stats.timings_ms}), in ms. */
    long stage(String name) {
        return median(r -> r.stats().timingsMs().getOrDefault(name, 0L));
    }

    WireAnswer.PlanView plan() {
        return rewindRuns.get(0).plan();
    }

    Boolean targetMet() {
        return query.target().met(rewind.median(), duckDb.median());
    }

    static double ratio(Duration a, Duration b) {
        return b.isZero() ? Double.POSITIVE_INFINITY : (double) a.toNanos() / b.toNanos();
    }

    private long median(ToLongFunction<WireAnswer> value) {
        long[] values = rewindRuns.stream().mapToLong(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
