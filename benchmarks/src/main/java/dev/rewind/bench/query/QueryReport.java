package dev.rewind.bench.query;

import dev.rewind.api.WireAnswer;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The query benchmark's results as markdown: machine, command, data, the side-by-side table, answers, Rewind's stages. */
final class QueryReport {
    /** Rewind's share of a query job's time; the keys of {@code stats.timings_ms}. */
    private static final List<String> STAGES = List.of("selection", "retrieval_and_processing", "assembly");

    /** A query that selects nothing, timed on Rewind alone: the fixed cost of any query job. */
    record Floor(String body, Timing timing, List<WireAnswer> runs) {
    }

    /** What the run was, besides its outcomes. */
    record Setup(MachineInfo machine, String command, SampleArchives data, Path displayDir, int runs, int warmups,
                 int threads,
                 Duration clusterStart, Duration catalogLoad, long sidecarBytes, String duckDbSource, String loadBefore,
                 String code) {
    }

    private final StringBuilder md = new StringBuilder();

    static String render(Setup setup, List<QueryOutcome> outcomes, Floor floor) {
        QueryReport r = new QueryReport();
        r.header(setup);
        r.table(outcomes, setup.data().archiveBytes());
        r.answers(outcomes);
        r.stages(outcomes, floor);
        r.targets(outcomes);
        r.queries(setup, outcomes);
        return r.md.toString();
    }

    private void header(Setup s) {
        SampleArchives data = s.data();
        line("# Query benchmark");
        line("");
        line("Machine: " + s.machine().describe() + ".");
        line("");
        line("Command: `" + s.command() + "`");
        line("");
        line("Code: " + s.code() + ".");
        line("");
        line(String.format(Locale.ROOT, "Data: `rewind sample` archives from %s to %s (%d days, %,d lines a day on "
                        + "average, seed %d): %,d lines in %d zstd archives of %.1f MB in all, one a day under "
                        + "`$DATA/dt=YYYY-MM-DD/`, each with its sidecar beside it (%.1f MB of sidecars); `$DATA` is `%s`. "
                        + "Every tool reads those same files, warm in the page cache, on %d cores: Rewind on one warm "
                        + "embedded MiniCluster with %d task slots, started once (%.1f s) with its catalog loaded once "
                        + "(%d ms, every sidecar), each query through `ArchiveQueryRunner` as `rewind query` runs it; "
                        + "grep as a shell pipeline of `zstd -dc` into `grep`; DuckDB in-process over JDBC with "
                        + "`PRAGMA threads=%d`, reading the files with `read_json` at every query.",
                data.first(), data.last(), data.spec().days(), data.spec().linesPerDay(), data.spec().seed(), data.lines(),
                data.archives().size(), mb(data.archiveBytes()), mb(s.sidecarBytes()), s.displayDir(), s.threads(),
                s.threads(), s.clusterStart().toMillis() / 1e3, s.catalogLoad().toMillis(), s.threads()));
        line("");
        line("Times are wall-clock medians of " + (s.runs() == 1 ? "1 run" : s.runs() + " runs") + " after "
                + (s.warmups() == 1 ? "one warm-up" : s.warmups() + " warm-ups") + " each (every tool alike; the JVM is "
                + "still compiling Rewind's scan path after one six-month scan, so the server is warm only after a few), in ms (min–max in parentheses), the three tools taking turns run by run; a ratio below 1 "
                + "means Rewind was faster. Rewind's time is "
                + "`ArchiveQueryRunner.run` from request to assembled answer; grep's until the pipeline's output is read; "
                + "DuckDB's until the last row is fetched. MB = 10^6 bytes. Load average (1 min) when the run began: "
                + s.loadBefore() + " on " + s.machine().cores() + " cores (above ~0.5, another process was competing; "
                + "taking turns spreads such load over the three tools).");
        line("");
    }

    private void table(List<QueryOutcome> outcomes, long archiveBytes) {
        line("| Query | Rewind ms | grep ms | DuckDB ms | Rewind / grep | Rewind / DuckDB | Rewind bytes read | Target | Met? |");
        line("|---|--:|--:|--:|--:|--:|--:|---|---|");
        for (QueryOutcome o : outcomes) {
            Boolean met = o.targetMet();
            line(String.format(Locale.ROOT, "| %s%s | %s | %s | %s | %.2f× | %.2f× | %.1f MB (%.1f%%) | %s | %s |",
                    o.query().name(), o.mismatches().isEmpty() ? "" : " **(MISMATCH)**", ms(o.rewind()), ms(o.grep()),
                    ms(o.duckDb()), QueryOutcome.ratio(o.rewind().median(), o.grep().median()),
                    QueryOutcome.ratio(o.rewind().median(), o.duckDb().median()), mb(o.bytesRead()),
                    100.0 * o.bytesRead() / archiveBytes, o.query().target().describe(),
                    met == null ? "—" : met ? "met" : "**missed**"));
        }
        line("");
        line("The grep column of the last row is an `awk` tally after `zstd -dc` (grep cannot count per key); the "
                + "pipelines and SQL are listed under *The queries*. *Rewind bytes read* is compressed bytes of the "
                + "frames its job decoded (`stats.bytes_scanned`), and its share of all archive bytes; grep and DuckDB "
                + "read every archive but for the one-day query, where grep is given that day's file and DuckDB prunes "
                + "by the `dt=` path. Rewind's numbers are its scan path (a Flink job), which `rewind query` always "
                + "takes; the HTTP API answers the ERROR count and the per-day counts from the sidecars' hourly "
                + "pre-aggregates instead (`MetadataHandler`), without decompressing anything.");
        line("");
    }

    private void answers(List<QueryOutcome> outcomes) {
        line("## Answers");
        line("");
        boolean allAgree = outcomes.stream().allMatch(o -> o.mismatches().isEmpty());
        line(allAgree ? "All three tools gave the same answers, and they match the sample generator's ground truth."
                : "**MISMATCH: the tools do not all agree; the rows marked below are not comparable.**");
        line("");
        line("| Query | Rewind | grep | DuckDB | Check |");
        line("|---|---|---|---|---|");
        for (QueryOutcome o : outcomes) {
            List<String> mismatches = o.mismatches();
            String check = mismatches.isEmpty()
                    ? "agree" + o.query().expected().map(e -> "; " + e.description()).orElse("")
                    : "**MISMATCH**: " + String.join("; ", mismatches);
            line("| " + o.query().name() + " | " + o.rewindAnswer().describe() + " | " + o.grepAnswer().describe()
                    + " | " + o.duckDbAnswer().describe() + " | " + escape(check) + " |");
        }
        line("");
        line("Lines are compared by their timestamps, newest first (each tool formats a line its own way).");
        for (QueryOutcome o : outcomes) {
            for (String warning : o.rewindWarnings()) {
                line("");
                line("Warning from Rewind on *" + o.query().name() + "*: " + escape(warning));
            }
        }
        line("");
    }

    private void stages(List<QueryOutcome> outcomes, Floor floor) {
        line("## Where Rewind's time goes");
        line("");
        line("Medians over the measured runs, from each answer's `plan` and `stats` (`timings_ms`).");
        line("");
        line("| Query | Splits read / planned | Frames planned / total | Compressed MB read | Raw MB decoded | Lines scanned | selection ms "
                + "| retrieval + processing ms | assembly ms | total ms |");
        line("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (QueryOutcome o : outcomes) {
            WireAnswer.PlanView plan = o.plan();
            line(String.format(Locale.ROOT, "| %s | %d of %d | %,d / %,d | %.1f | %.1f | %,d | %d | %d | %d | %d |",
                    o.query().name(), o.splitsRead(), plan.splits(), plan.frames().selected(), plan.frames().total(),
                    mb(o.bytesRead()), mb(o.rawBytesRead()), o.linesScanned(), o.stage(STAGES.get(0)),
                    o.stage(STAGES.get(1)), o.stage(STAGES.get(2)), o.rewind().median().toMillis()));
        }
        WireAnswer floorRun = floor.runs().get(0);
        line(String.format(Locale.ROOT, "| *floor: a range with no archive (no split)* | 0 of %d | %,d / %,d | 0 | 0 | 0 "
                        + "| %d | %d | %d | %d |",
                floorRun.plan().splits(), floorRun.plan().frames().selected(), floorRun.plan().frames().total(),
                medianStage(floor, STAGES.get(0)), medianStage(floor, STAGES.get(1)), medianStage(floor, STAGES.get(2)),
                floor.timing().median().toMillis()));
        line("");
        line("*selection* plans from the sidecars in memory; *retrieval + processing* builds and submits the Flink job "
                + "and runs it until its last result has arrived; *assembly* builds the answer. A records query stops "
                + "reading once it has its page (the enumerator's early stop), so it may read fewer splits than "
                + "planned. The floor row is a "
                + "query whose plan selects nothing (`" + floor.body() + "`): what any query pays for its job.");
        line("");
    }

    private static long medianStage(Floor floor, String stage) {
        long[] values = floor.runs().stream().mapToLong(r -> r.stats().timingsMs().getOrDefault(stage, 0L)).sorted()
                .toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private void targets(List<QueryOutcome> outcomes) {
        line("## Targets (reported, not asserted)");
        line("");
        for (QueryOutcome o : outcomes) {
            Boolean met = o.targetMet();
            if (met == null) {
                continue;
            }
            String against = o.query().target() instanceof Target.NoSlowerThanDuckDb
                    ? String.format(Locale.ROOT, "%d ms vs DuckDB's %d ms", o.rewind().median().toMillis(),
                    o.duckDb().median().toMillis())
                    : o.rewind().median().toMillis() + " ms";
            line("- " + o.query().name() + ", " + o.query().target().describe() + " on a warm MiniCluster: " + against
                    + " — " + (met ? "met" : "**missed**"));
        }
        line("");
    }

    private void queries(Setup s, List<QueryOutcome> outcomes) {
        line("## The queries");
        line("");
        String dir = s.data().dir().toAbsolutePath().normalize().toString();
        line("`$SRC`, DuckDB's table expression in every statement, is `" + s.duckDbSource().replace(dir, "$DATA") + "`.");
        line("");
        int i = 1;
        for (QueryOutcome o : outcomes) {
            BenchQuery q = o.query();
            line(i++ + ". **" + q.name() + "**");
            line("   - Rewind, `POST /api/query`: `" + q.rewindBody() + "`");
            line("   - grep: `" + q.shell().display() + "`");
            line("   - DuckDB: `" + q.duckDbSql().replace(s.duckDbSource(), "$SRC") + "`");
        }
        line("");
        line("Text search: Rewind's `filters.text` matches whole tokens, case-insensitively; grep's `-iw` does the same; "
                + "DuckDB's `regexp_matches(message, '\\bTOKEN\\b', 'i')` looks in the message, where every sample line "
                + "carries its order id. The token is an order id that occurs in exactly three lines of the sample, "
                + "chosen once by DuckDB and cached in the work directory.");
    }

    private static String ms(Timing t) {
        return String.format(Locale.ROOT, "%,d (%,d–%,d)", t.median().toMillis(), t.min().toMillis(), t.max().toMillis());
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }

    private static double mb(long bytes) {
        return bytes / 1e6;
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
