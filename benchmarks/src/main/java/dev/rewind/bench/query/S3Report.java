package dev.rewind.bench.query;

import dev.rewind.api.WireAnswer;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.Timing;
import dev.rewind.connectors.storage.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** The object-storage benchmark's results as markdown: setup, times per tier, storage costs, answers, queries. */
final class S3Report {

    /** Opening each engine's catalog: every sidecar read, from local disk or from the bucket. */
    record CatalogLoad(Duration s3, Duration local, long lists, long gets, long bytes) {
    }

    /** Every archive read front to back, nothing decoded: local disk against the SSD tier. */
    record RawReads(int files, long bytes, Timing local, Timing ssd) {
    }

    /** What the run was, besides its outcomes. */
    record Setup(MachineInfo machine, String command, SampleArchives data, S3Bucket bucket, Path displayDir,
                 Path displayStore, int runs, int warmups, int threads, StorageSettings storage, CatalogLoad catalog, RawReads raw,
                 String duckDbSource, String duckDbS3Problem, String loadBefore, String code) {
    }

    private final StringBuilder md = new StringBuilder();

    static String render(Setup setup, List<TierOutcome> outcomes) {
        S3Report r = new S3Report();
        r.header(setup);
        r.times(outcomes);
        r.storage(setup, outcomes);
        r.raw(setup.raw());
        r.stages(outcomes);
        r.answers(outcomes);
        r.target(outcomes);
        r.queries(setup, outcomes);
        return r.md.toString();
    }

    private void header(Setup s) {
        SampleArchives data = s.data();
        StorageSettings st = s.storage();
        line("# Object storage benchmark");
        line("");
        line("Machine: " + s.machine().describe() + ".");
        line("");
        line("Command: `" + s.command() + "`");
        line("");
        line("Code: " + s.code() + ".");
        line("");
        line(String.format(Locale.ROOT, "Data: `rewind sample` archives from %s to %s (%d days, %,d lines a day on "
                        + "average, seed %d): %,d lines in %d zstd archives of %.1f MB, one a day under "
                        + "`$DATA/dt=YYYY-MM-DD/`, each with its sidecar beside it; `$DATA` is `%s`. The same %d files "
                        + "(archives and sidecars, %.1f MB: *the bucket's bytes* below) are the objects of `%s` on an "
                        + "S3Proxy server in the benchmark's JVM (filesystem store in `%s`, reached over loopback HTTP "
                        + "with AWS signatures).",
                data.first(), data.last(), data.spec().days(), data.spec().linesPerDay(), data.spec().seed(), data.lines(),
                data.archives().size(), mb(data.archiveBytes()), s.displayDir(), s.bucket().objects(),
                mb(s.bucket().bytes()), s.bucket().root(), s.displayStore()));
        line("");
        line(String.format(Locale.ROOT, "Rewind: two engines opened as `rewind query` opens one (`CommandEngine`, "
                        + "`QueryEngine`), each with its own warm embedded MiniCluster (%d slots), every query through "
                        + "`queryUncached` (no answer cache, no sidecar pre-aggregate: every run scans): one over the local "
                        + "folder, one over `--archives %s -Ds3.endpoint=… -Ds3.path.style.access=true "
                        + "-Ds3.access-key=… -Ds3.secret-key=…`, reading the bucket through Flink's `s3` file system "
                        + "(the presto plugin, from a plugins folder) behind the SSD tier: %,d MiB budget, %d KiB regions, "
                        + "%d GETs in flight, %d MiB the longest GET. Opening the catalogs (every sidecar read once, as "
                        + "a server does at start): local %d ms; S3 %d ms, %d LISTs, %d GETs, %.1f MB. Besides the sidecars, opening "
                        + "a catalog reads the first and last 64 KiB of every archive (its identity check), and through "
                        + "the SSD tier each such read fetches the whole region it falls in; these regions are emptied "
                        + "before every cold run like all others.",
                s.threads(), s.bucket().root(), st.cacheBytes() >> 20, st.regionBytes() >> 10, st.parallelGets(),
                st.maxGetBytes() >> 20, s.catalog().local().toMillis(), s.catalog().s3().toMillis(), s.catalog().lists(),
                s.catalog().gets(), mb(s.catalog().bytes())));
        line("");
        line("Tiers: **local** reads the files on disk; **cold** reads the bucket with the SSD tier emptied before "
                + "each run (off the clock: every region file deleted, checked); **warm** reads the bucket with the SSD "
                + "tier holding what the cold run before it fetched. The catalogs' sidecars and frame "
                + "indexes are in memory for all three, as on a running server. DuckDB "
                + s.machine().tools().get(0).replaceFirst("^DuckDB ", "") + " reads the local files with `read_json` "
                + "at every query. The bucket's files, the SSD tier's and the local ones are all in the page cache "
                + "and S3Proxy is on loopback, so *cold* measures the request path (HTTP, signing, S3Proxy, "
                + "coalescing, writing regions), not a real bucket's latency or bandwidth; its GETs and bytes are what "
                + "a real bucket would serve.");
        line("");
        line("DuckDB over S3: " + (s.duckDbS3Problem() == null
                ? "its `httpfs` extension loaded offline, but this benchmark does not measure it yet."
                : "not measured: DuckDB's `s3://` support is its `httpfs` extension, which the JDBC jar does not "
                + "bundle; loading it with downloads off fails (`" + escape(s.duckDbS3Problem()) + "`), and this "
                + "benchmark does not download it."));
        line("");
        line("Times are wall-clock medians of " + (s.runs() == 1 ? "1 run" : s.runs() + " runs") + " after "
                + (s.warmups() == 1 ? "one warm-up" : s.warmups() + " warm-ups") + " each, in ms (min–max in "
                + "parentheses), the four taking turns run by run (local, cold, warm, DuckDB; each round starting one "
                + "later, so none always runs right after the same other), so load from elsewhere on a shared machine "
                + "falls on all alike. Rewind's time is from request to assembled answer, "
                + "DuckDB's until the last row is fetched. MB = 10^6 bytes. Load average (1 min) when the run began: "
                + s.loadBefore() + " on " + s.machine().cores() + " cores.");
        line("");
    }

    private void times(List<TierOutcome> outcomes) {
        line("| Query | local ms | warm (SSD) ms | cold (S3) ms | DuckDB ms | warm / local | cold / local "
                + "| local / DuckDB | warm / DuckDB | cold / DuckDB | warm ≤ " + TierOutcome.WARM_TARGET + "× local |");
        line("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        for (TierOutcome o : outcomes) {
            line(String.format(Locale.ROOT, "| %s%s | %s | %s | %s | %s | %.2f× | %.2f× | %.2f× | %.2f× | %.2f× | %s |",
                    o.query().name(), o.mismatches().isEmpty() ? "" : " **(MISMATCH)**", ms(o.local().wall()), ms(o.warm().wall()),
                    ms(o.cold().wall()), ms(o.duckDb()), o.warmOverLocal(), ratio(o.cold().wall(), o.local().wall()),
                    ratio(o.local().wall(), o.duckDb()), ratio(o.warm().wall(), o.duckDb()), ratio(o.cold().wall(), o.duckDb()),
                    o.warmTargetMet() ? "met" : "**missed**"));
        }
        line("");
        line("A ratio below 1 means the first named was faster. The DuckDB ratios compare Rewind on each tier with "
                + "DuckDB on local files (DuckDB does not read the bucket here).");
        line("");
        line("The same runs in CPU time: this process's, on all threads, from request to answer (medians, ms). Another "
                + "process's load on a shared machine stretches wall time but hardly CPU time, so these ratios are the "
                + "steadier ones. Cold includes S3Proxy's work serving the GETs, which runs in this JVM; DuckDB's is "
                + "its native threads'.");
        line("");
        line("| Query | local CPU ms | warm CPU ms | cold CPU ms | DuckDB CPU ms | warm / local | cold / local "
                + "| local / DuckDB |");
        line("|---|--:|--:|--:|--:|--:|--:|--:|");
        for (TierOutcome o : outcomes) {
            line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f× | %.2f× | %.2f× |", o.query().name(),
                    ms(o.local().cpu()), ms(o.warm().cpu()), ms(o.cold().cpu()), ms(o.duckDbCpu()),
                    ratio(o.warm().cpu(), o.local().cpu()), ratio(o.cold().cpu(), o.local().cpu()),
                    ratio(o.local().cpu(), o.duckDbCpu())));
        }
        line("");
    }

    private void storage(Setup s, List<TierOutcome> outcomes) {
        long bucket = s.bucket().bytes();
        line("## What each query cost in storage");
        line("");
        line(String.format(Locale.ROOT, "Medians over the measured runs of each answer's `stats.storage`; *share* is "
                + "remote bytes over the bucket's %.1f MB (%d objects). The *process* columns are this JVM's "
                + "remote counters (`/api/stats`) around the same run, which also count requests no reader accounts "
                + "for. *Skipped* is the compressed bytes of the range's archives that the sidecars' frame indexes "
                + "left unread.", mb(bucket), s.bucket().objects()));
        line("");
        line("| Query | tier | GETs | remote MB | share of bucket | SSD-hit MB | skipped MB | process GETs | process MB "
                + "| process LISTs |");
        line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (TierOutcome o : outcomes) {
            row(o.query().name(), "local", o.local().costs(), bucket);
            row(o.query().name(), "cold (S3)", o.cold().costs(), bucket);
            row(o.query().name(), "warm (SSD)", o.warm().costs(), bucket);
        }
        line("");
        for (TierOutcome o : outcomes) {
            varying(o.query().name(), "cold", o.cold().costs());
            varying(o.query().name(), "warm", o.warm().costs());
        }
        if (outcomes.stream().anyMatch(o -> IoCost.max(o.warm().costs(), IoCost::gets) > 0)) {
            line("A warm run that sent GETs read something its cold run had not: a records query stops reading once "
                    + "it has its page, and which splits its parallel readers had begun by then varies from run to run, "
                    + "so a warm run may read a split the cold run before it left unread (those bytes come from the "
                    + "bucket, then stay on the SSD tier).");
            line("");
        }
        line("Cold *SSD-hit* bytes are regions two splits of one archive share: the first split's reader fetches the "
                + "region at the boundary, the second finds it (one fetch per region however many readers want it). "
                + "*Skipped* counts what the plan leaves out, the frames the sidecars rule out by time, level or token "
                + "within the range's archives: every frame of the sample holds ERROR lines, and the one-day range's "
                + "archives are that day's, so the level filter skips no frame here; what the newest-1,000 query does "
                + "not read it leaves by stopping early, which its remote bytes show.");
        line("");
    }

    private void row(String query, String tier, List<IoCost> costs, long bucket) {
        long remote = IoCost.median(costs, IoCost::remoteBytes);
        line(String.format(Locale.ROOT, "| %s | %s | %,d | %.2f | %.2f%% | %.2f | %.2f | %,d | %.2f | %,d |", query, tier,
                IoCost.median(costs, IoCost::gets), mb(remote), 100.0 * remote / bucket,
                mb(IoCost.median(costs, IoCost::ssdHitBytes)), mb(IoCost.median(costs, IoCost::skippedBytes)),
                IoCost.median(costs, IoCost::processGets), mb(IoCost.median(costs, IoCost::processBytes)),
                IoCost.median(costs, IoCost::processLists)));
    }

    /** A figure that was not the same in every run is named, with its range: a median alone would hide it. */
    private void varying(String query, String tier, List<IoCost> costs) {
        check(query, tier, "GETs", costs, IoCost::gets);
        check(query, tier, "remote bytes", costs, IoCost::remoteBytes);
        check(query, tier, "SSD-hit bytes", costs, IoCost::ssdHitBytes);
    }

    private void check(String query, String tier, String what, List<IoCost> costs, ToLongFunction<IoCost> f) {
        long min = IoCost.min(costs, f);
        long max = IoCost.max(costs, f);
        if (min != max) {
            line(String.format(Locale.ROOT, "- *%s*, %s: %s varied from %,d to %,d over the runs.", query, tier, what,
                    min, max));
            line("");
        }
    }

    private void raw(RawReads raw) {
        line("## The storage tier alone");
        line("");
        line(String.format(Locale.ROOT, "Every archive (%d files, %.1f MB) read front to back on one thread in 64 KiB "
                        + "reads, nothing decoded, local disk and SSD tier taking turns: local %s ms (%.0f MB/s), SSD tier %s "
                        + "ms (%.0f MB/s), %.2f× local. The SSD tier's reads open each region's file, check its CRC-32C "
                        + "and copy it once more; every warm read here was checked to send no GET.",
                raw.files(), mb(raw.bytes()), ms(raw.local()), raw.local().megabytesPerSecond(raw.bytes()), ms(raw.ssd()),
                raw.ssd().megabytesPerSecond(raw.bytes()), ratio(raw.ssd(), raw.local())));
        line("");
    }

    private void stages(List<TierOutcome> outcomes) {
        line("## Where each tier's time goes");
        line("");
        line("Medians over the measured runs, from each answer's `stats` (`timings_ms`): *selection* plans from the "
                + "sidecars in memory; *retrieval + processing* submits the Flink job and runs it to its last result.");
        line("");
        line("| Query | tier | splits read / planned | compressed MB read | lines scanned | selection ms "
                + "| retrieval + processing ms | total ms |");
        line("|---|---|--:|--:|--:|--:|--:|--:|");
        for (TierOutcome o : outcomes) {
            stage(o.query().name(), "local", o.local());
            stage(o.query().name(), "cold (S3)", o.cold());
            stage(o.query().name(), "warm (SSD)", o.warm());
        }
        line("");
    }

    private void stage(String query, String tier, TierOutcome.TierRuns runs) {
        List<WireAnswer.StatsView> stats = runs.answers().stream().map(WireAnswer::stats).toList();
        line(String.format(Locale.ROOT, "| %s | %s | %d of %d | %.1f | %,d | %d | %d | %d |", query, tier,
                median(stats, WireAnswer.StatsView::splitsDone), median(stats, WireAnswer.StatsView::splitsTotal),
                mb(median(stats, WireAnswer.StatsView::bytesScanned)), median(stats, WireAnswer.StatsView::linesScanned),
                median(stats, st -> st.timingsMs().getOrDefault("selection", 0L)),
                median(stats, st -> st.timingsMs().getOrDefault("retrieval_and_processing", 0L)),
                runs.wall().median().toMillis()));
    }

    private static long median(List<WireAnswer.StatsView> stats, ToLongFunction<WireAnswer.StatsView> f) {
        long[] v = stats.stream().mapToLong(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private void answers(List<TierOutcome> outcomes) {
        line("## Answers");
        line("");
        boolean allAgree = outcomes.stream().allMatch(o -> o.mismatches().isEmpty());
        line(allAgree ? "Every run of every tier gave the local answer row for row (id, timestamp, message), and "
                + "Rewind and DuckDB agree with each other and with the sample generator's ground truth."
                : "**MISMATCH: the answers do not all agree; the rows marked below are not comparable.**");
        line("");
        line("| Query | Rewind (all tiers) | DuckDB | Check |");
        line("|---|---|---|---|");
        for (TierOutcome o : outcomes) {
            List<String> mismatches = o.mismatches();
            String check = mismatches.isEmpty()
                    ? "agree" + o.query().expected().map(e -> "; " + e.description()).orElse("")
                    : "**MISMATCH**: " + String.join("; ", mismatches);
            line("| " + o.query().name() + " | " + o.answer(o.local()).describe() + " | "
                    + o.duckDbAnswer().describe() + " | " + escape(check) + " |");
        }
        line("");
        line("Rewind and DuckDB are compared by the lines' timestamps, newest first (each formats a line its own "
                + "way); Rewind's tiers with each other by whole rows.");
        for (String warning : outcomes.stream().flatMap(o -> o.warnings().stream()).distinct().toList()) {
            line("");
            line("Warning from Rewind: " + escape(warning));
        }
        line("");
    }

    private void target(List<TierOutcome> outcomes) {
        line("## Target: warm within " + TierOutcome.WARM_TARGET + "× local (reported, not asserted)");
        line("");
        for (TierOutcome o : outcomes) {
            line(String.format(Locale.ROOT, "- %s: warm %d ms, local %d ms, %.2f× — %s", o.query().name(),
                    o.warm().wall().median().toMillis(), o.local().wall().median().toMillis(), o.warmOverLocal(),
                    o.warmTargetMet() ? "met" : "**missed**"));
        }
        line("");
    }

    private void queries(Setup s, List<TierOutcome> outcomes) {
        line("## The queries");
        line("");
        String dir = s.data().dir().toAbsolutePath().normalize().toString();
        line("`$SRC`, DuckDB's table expression in every statement, is `" + s.duckDbSource().replace(dir, "$DATA") + "`.");
        line("");
        int i = 1;
        for (TierOutcome o : outcomes) {
            BenchQuery q = o.query();
            line(i++ + ". **" + q.name() + "**");
            line("   - Rewind, `POST /api/query` (on every tier): `" + q.rewindBody() + "`");
            line("   - DuckDB: `" + q.duckDbSql().replace(s.duckDbSource(), "$SRC") + "`");
        }
        line("");
    }

    private static double ratio(Timing a, Timing b) {
        return QueryOutcome.ratio(a.median(), b.median());
    }

    private static String ms(Timing t) {
        return String.format(Locale.ROOT, "%,d (%,d–%,d)", t.median().toMillis(), t.min().toMillis(), t.max().toMillis());
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("`", "'");
    }

    private static double mb(long bytes) {
        return bytes / 1e6;
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
