package dev.rewind.bench.api;

import dev.rewind.bench.harness.Latencies;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.query.SampleArchives;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The API benchmark's markdown: setup, one table per part, the targets met or missed, the session's questions. */
final class ApiReport {
    private final MachineInfo machine;
    private final String command;
    private final String code;
    private final String load;

    ApiBenchmark.CatalogLatency catalog;
    SampleArchives sample;
    Path sampleDir;
    ApiBenchmark.DemoRun demo;
    ApiBenchmark.HitRate seed;
    ApiBenchmark.HitRate replayWithout;
    ApiBenchmark.HitRate replayWith;
    List<SessionReplay.Step> steps;

    ApiReport(MachineInfo machine, String command, String code, String load) {
        this.machine = machine;
        this.command = command;
        this.code = code;
        this.load = load;
    }

    private static String ms(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f×", a / b);
    }

    private static String met(boolean ok) {
        return ok ? "met" : "**missed**";
    }

    String render() {
        StringBuilder md = new StringBuilder();
        Map<String, Boolean> targets = new LinkedHashMap<>();
        md.append("# API benchmark\n\n");
        md.append("Machine: ").append(machine.describe()).append(".\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("Code: ").append(code).append(". Load average (1 min) when the run began: ").append(load)
                .append(" on ").append(machine.cores()).append(" cores.\n\n");
        md.append("Every request goes over a real socket to the real server (Javalin, the handler chain, an embedded "
                + "MiniCluster), from Java's `HttpClient`, one at a time unless said otherwise; a time is from sending the "
                + "request to having read the whole answer. MB = 10^6 bytes.\n\n");

        md.append("## Catalog and stats with ").append(String.format(Locale.ROOT, "%,d", catalog.archives()))
                .append(" archives\n\n");
        md.append(String.format(Locale.ROOT, "%,d requests per endpoint after 200 to warm up, the three endpoints taking "
                + "turns; `/api/health` (a constant answer) is the floor of the HTTP stack the others are compared with.%n%n",
                catalog.catalog().count()));
        md.append("| Endpoint | p50 ms | p99 ms | max ms | p99 / health's p99 | Target (p99) | Met? |\n|---|--:|--:|--:|--:|---|---|\n");
        double floor = catalog.health().percentile(99);
        row(md, "`GET /api/health`", catalog.health(), floor, "—", null);
        boolean catalogOk = catalog.catalog().percentile(99) < 20;
        boolean statsOk = catalog.stats().percentile(99) < 20;
        row(md, "`GET /api/archives`", catalog.catalog(), floor, "< 20 ms", catalogOk);
        row(md, "`GET /api/stats`", catalog.stats(), floor, "< 20 ms", statsOk);
        targets.put("`GET /api/archives` p99 < 20 ms with " + catalog.archives() + " archives: "
                + ms(catalog.catalog().percentile(99)) + " ms", catalogOk);
        targets.put("`GET /api/stats` p99 < 20 ms with " + catalog.archives() + " archives: "
                + ms(catalog.stats().percentile(99)) + " ms", statsOk);
        boolean burstOk = catalog.burst().max() < 5000;
        md.append(String.format(Locale.ROOT, "%n%d concurrent `GET /api/stats`, %d times: all answered in %s ms (median), "
                        + "%s ms at worst; target: within 5 s in total — %s.%n%n", catalog.burstSize(),
                catalog.burst().count(), ms(catalog.burst().median()), ms(catalog.burst().max()), met(burstOk)));
        targets.put(catalog.burstSize() + " concurrent `GET /api/stats` within 5 s: " + ms(catalog.burst().max())
                + " ms at worst", burstOk);

        md.append("## The six-month ERROR query on `rewind demo`\n\n");
        md.append(String.format(Locale.ROOT, "Data: `%s`, %d zstd archives (%,.1f MB, %,d lines), the query benchmark's "
                        + "six-month sample. The question is the issue's, verbatim: `%s`.%n%n", sampleDir,
                sample.archives().size(), sample.archiveBytes() / 1e6, sample.lines(), ApiBenchmark.SIX_MONTH_ERRORS));
        if (demo == null) {
            md.append("Not run (`--skip-demo`).\n\n");
        } else {
            md.append("`./rewind demo --data <sample> --port … --flink-ui-port … --kafka-port …` runs as a separate "
                    + "process, exactly as a user starts it (JVM options: " + demo.javaOptions() + "), with its "
                    + "embedded Kafka broker and live feed. *Cold*: `DELETE /api/cache` first, so the answer comes from "
                    + "a Flink job on the warm cluster; *cached*: the same question again at once. One warm-up round, then "
                    + demo.cold().count() + " rounds.\n\n");
            md.append("| First page (1,000 rows) | median ms | min ms | max ms | Target | Met? |\n|---|--:|--:|--:|---|---|\n");
            boolean coldOk = demo.cold().median() < 1000;
            boolean cachedOk = demo.cached().median() < 50;
            md.append(String.format(Locale.ROOT, "| cold | %s | %s | %s | < 1 s | %s |%n", ms(demo.cold().median()),
                    ms(demo.cold().percentile(0)), ms(demo.cold().max()), met(coldOk)));
            md.append(String.format(Locale.ROOT, "| cached | %s | %s | %s | < 50 ms | %s |%n", ms(demo.cached().median()),
                    ms(demo.cached().percentile(0)), ms(demo.cached().max()), met(cachedOk)));
            md.append(String.format(Locale.ROOT, "%nCached / cold: %s. Rows on the first page: %,d.%n%n",
                    ratio(demo.cached().median(), demo.cold().median()), demo.rows()));
            boolean rssOk = demo.peakMb() < 500;
            md.append(String.format(Locale.ROOT, "Resident memory of the demo's JVM (VmRSS, sampled every 50 ms): "
                            + "%.0f MB idle after start-up, **%.0f MB at peak** while answering the rounds above, %.0f MB after; "
                            + "target < 500 MB — %s.%n%n", demo.idleMb(), demo.peakMb(), demo.afterMb(), met(rssOk)));
            targets.put("six-month ERROR first page cold < 1 s: " + ms(demo.cold().median()) + " ms", coldOk);
            targets.put("six-month ERROR first page cached < 50 ms: " + ms(demo.cached().median()) + " ms", cachedOk);
            targets.put("`rewind demo` resident memory < 500 MB during the query: " + String.format(Locale.ROOT, "%.0f MB peak",
                    demo.peakMb()), rssOk);
        }

        md.append("## Cache hit rate\n\n");
        md.append("`cache.hit_rate` of `GET /api/stats` on a fresh server (empty memory and disk tiers) after the "
                + "questions: per question, 1 when a whole answer was held, the share of its days held when it was "
                + "assembled from day slices, 0 when computed entirely; prefetches are not counted. With prefetch, each "
                + "question is followed by the server's idle time, as when a person reads the answer.\n\n");
        md.append("| Scenario | Prefetch | Questions | hit_rate | Whole hits | Ran a job | Prefetched | Median ms | Target | Met? |\n"
                + "|---|---|--:|--:|--:|--:|--:|--:|---|---|\n");
        boolean seedOk = seed.hitRate() >= 0.9;
        hitRow(md, "the six-month question, repeated", seed, "≥ 0.9", seedOk);
        boolean without = replayWithout.hitRate() >= 0.6;
        boolean with = replayWith.hitRate() >= 0.6;
        hitRow(md, "replayed session", replayWithout, "≥ 0.6", without);
        hitRow(md, "replayed session", replayWith, "≥ 0.6", with);
        md.append(String.format(Locale.ROOT, "%nPrefetch lifts the session's hit rate %s (%.2f → %.2f).%n%n",
                ratio(replayWith.hitRate(), replayWithout.hitRate()), replayWithout.hitRate(), replayWith.hitRate()));
        targets.put(String.format(Locale.ROOT, "hit rate ≥ 0.9 on the repeated question: %.2f", seed.hitRate()), seedOk);
        targets.put(String.format(Locale.ROOT, "hit rate ≥ 0.6 on the replayed session without prefetch: %.2f",
                replayWithout.hitRate()), without);
        targets.put(String.format(Locale.ROOT, "hit rate ≥ 0.6 on the replayed session with prefetch: %.2f",
                replayWith.hitRate()), with);

        md.append("## Targets (reported, not asserted)\n\n");
        targets.forEach((what, ok) -> md.append("- ").append(what).append(" — ").append(met(ok)).append('\n'));

        md.append("\n## The replayed session\n\n");
        md.append("Generated by `SessionReplay` (seed in the command line's default): what the person did, the view, "
                + "the range, and the share served from the cache without and with prefetch.\n\n");
        md.append("| # | Action | View | From | To (exclusive) | Served, no prefetch | Served, prefetch |\n|--:|---|---|---|---|--:|--:|\n");
        for (int i = 0; i < steps.size(); i++) {
            SessionReplay.Step s = steps.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %.2f | %.2f |%n", i + 1, s.action(),
                    s.view().toLowerCase(Locale.ROOT).replace('_', ' '), s.start(), s.end(), replayWithout.served().get(i),
                    replayWith.served().get(i)));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, Latencies l, double floor, String target, Boolean ok) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", name, ms(l.median()),
                ms(l.percentile(99)), ms(l.max()), ratio(l.percentile(99), floor), target, ok == null ? "—" : met(ok)));
    }

    private static void hitRow(StringBuilder md, String scenario, ApiBenchmark.HitRate h, String target, boolean ok) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %d | %d | %d | %s | %s | %s |%n", scenario,
                h.prefetch() ? "on" : "off", h.questions(), h.hitRate(), h.hits(), h.jobs(), h.prefetched(),
                ms(h.millis().median()), target, met(ok)));
    }
}
