package dev.rewind.bench.query;

import dev.rewind.api.WireAnswer;
import dev.rewind.bench.harness.Timing;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One query measured on Rewind's three tiers (local files, S3 with an empty SSD tier, S3 with the
 * SSD tier filled) and on DuckDB over the local files: timings, every measured answer, and the
 * storage cost of every measured run.
 */
record TierOutcome(BenchQuery query, Timing local, Timing cold, Timing warm, Timing duckDb,
                   List<WireAnswer> localRuns, List<WireAnswer> coldRuns, List<WireAnswer> warmRuns, Answer duckDbAnswer,
                   List<IoCost> localCosts, List<IoCost> coldCosts, List<IoCost> warmCosts) {

    /** The target of the SSD tier: a warm run within this factor of the local one. */
    static final double WARM_TARGET = 1.2;

    TierOutcome {
        localRuns = List.copyOf(localRuns);
        coldRuns = List.copyOf(coldRuns);
        warmRuns = List.copyOf(warmRuns);
        localCosts = List.copyOf(localCosts);
        coldCosts = List.copyOf(coldCosts);
        warmCosts = List.copyOf(warmCosts);
    }

    Answer answer(List<WireAnswer> runs) {
        return query.kind().fromRewind(runs.get(runs.size() - 1));
    }

    double warmOverLocal() {
        return QueryOutcome.ratio(warm.median(), local.median());
    }

    boolean warmTargetMet() {
        return warmOverLocal() <= WARM_TARGET;
    }

    /** Every way the answers disagree: tiers with each other (row for row), Rewind with DuckDB, either with the ground truth. */
    List<String> mismatches() {
        List<String> out = new ArrayList<>();
        List<String> reference = rows(localRuns.get(0));
        check(out, "local", localRuns, reference);
        check(out, "cold (S3)", coldRuns, reference);
        check(out, "warm (SSD)", warmRuns, reference);
        Answer rewind = answer(localRuns);
        String vsDuck = rewind.difference(duckDbAnswer);
        if (vsDuck != null) {
            out.add("Rewind and DuckDB differ: " + vsDuck);
        }
        query.expected().ifPresent(e -> {
            if (!e.holds().test(rewind)) {
                out.add("Rewind does not give " + e.description() + ": " + rewind.describe());
            }
            if (!e.holds().test(duckDbAnswer)) {
                out.add("DuckDB does not give " + e.description() + ": " + duckDbAnswer.describe());
            }
        });
        return out;
    }

    /** Every run of a tier must give the local answer exactly: the same rows (id, time, message) or the same count. */
    private void check(List<String> out, String tier, List<WireAnswer> runs, List<String> reference) {
        for (int i = 0; i < runs.size(); i++) {
            WireAnswer run = runs.get(i);
            if (!rows(run).equals(reference)) {
                Answer a = query.kind().fromRewind(run);
                out.add("Rewind " + tier + " run " + (i + 1) + " differs from the first local run: " + a.describe()
                        + " vs " + query.kind().fromRewind(localRuns.get(0)).describe());
                return;
            }
            if (run.warnings() != null && !run.warnings().isEmpty()) {
                out.add("Rewind " + tier + " run " + (i + 1) + " warned: " + run.warnings());
                return;
            }
        }
    }

    /** An answer reduced to what must be equal whatever tier gave it. */
    private static List<String> rows(WireAnswer a) {
        if (a.results() == null) {
            return List.of(String.valueOf(a.aggregate().count()));
        }
        return a.results().stream().map(r -> r.id() + " " + r.timestamp() + " " + r.message()).toList();
    }

    Set<String> warnings() {
        Set<String> w = new LinkedHashSet<>();
        for (List<WireAnswer> runs : List.of(localRuns, coldRuns, warmRuns)) {
            runs.forEach(r -> {
                if (r.warnings() != null) {
                    w.addAll(r.warnings());
                }
            });
        }
        return w;
    }
}
