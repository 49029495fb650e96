package dev.rewind.bench.query;

import dev.rewind.api.WireAnswer;
import dev.rewind.bench.harness.Timing;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One query measured on Rewind's three tiers (local files, S3 with an empty SSD tier, S3 with the
 * SSD tier filled) and on DuckDB over the local files.
 */
record TierOutcome(BenchQuery query, TierRuns local, TierRuns cold, TierRuns warm, Timing duckDb, Timing duckDbCpu,
                   Answer duckDbAnswer) {

    /** The target of the SSD tier: a warm run within this factor of the local one. */
    static final double WARM_TARGET = 1.2;

    /**
     * The measured runs of one tier, warm-up excluded.
     *
     * @param wall    wall time per run
     * @param cpu     this process's CPU time per run (every thread: the MiniCluster's, the fetchers',
     *                S3Proxy's serving the GETs)
     * @param answers every answer
     * @param costs   every run's storage cost
     */
    record TierRuns(Timing wall, Timing cpu, List<WireAnswer> answers, List<IoCost> costs) {
        TierRuns {
            answers = List.copyOf(answers);
            costs = List.copyOf(costs);
        }
    }

    Answer answer(TierRuns runs) {
        return query.kind().fromRewind(runs.answers().get(runs.answers().size() - 1));
    }

    double warmOverLocal() {
        return QueryOutcome.ratio(warm.wall().median(), local.wall().median());
    }

    boolean warmTargetMet() {
        return warmOverLocal() <= WARM_TARGET;
    }

    /** Every way the answers disagree: tiers with each other (row for row), Rewind with DuckDB, either with the ground truth. */
    List<String> mismatches() {
        List<String> out = new ArrayList<>();
        List<String> reference = rows(local.answers().get(0));
        check(out, "local", local, reference);
        check(out, "cold (S3)", cold, reference);
        check(out, "warm (SSD)", warm, reference);
        Answer rewind = answer(local);
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
    private void check(List<String> out, String tier, TierRuns runs, List<String> reference) {
        for (int i = 0; i < runs.answers().size(); i++) {
            WireAnswer run = runs.answers().get(i);
            if (!rows(run).equals(reference)) {
                out.add("Rewind " + tier + " run " + (i + 1) + " differs from the first local run: "
                        + query.kind().fromRewind(run).describe() + " vs "
                        + query.kind().fromRewind(local.answers().get(0)).describe());
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
        for (TierRuns runs : List.of(local, cold, warm)) {
            runs.answers().forEach(r -> {
                if (r.warnings() != null) {
                    w.addAll(r.warnings());
                }
            });
        }
        return w;
    }
}
