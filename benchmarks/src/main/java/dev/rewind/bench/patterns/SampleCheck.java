package dev.rewind.bench.patterns;

import dev.rewind.analysis.ErrorAnalysis;
import dev.rewind.analysis.ErrorReport;
import dev.rewind.analysis.SidecarPatterns;
import dev.rewind.bench.harness.Harness;
import dev.rewind.bench.harness.Timing;
import dev.rewind.bench.query.SampleArchives;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.catalog.DetailsCache;
import dev.rewind.catalog.SidecarPlacement;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Bucket;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Error types on Rewind's own sample ({@code rewind sample}, the demo's six months by default),
 * from the sidecars alone: the generator's WARN+ templates against the types found, count for
 * count, and the time and memory that {@code /api/analysis/errors} and the patterns aggregate
 * take over the whole range once the catalog is loaded (warm).
 *
 * @param templates       the generator's distinct WARN+ templates
 * @param types           the types the analysis found
 * @param exact           templates whose type has exactly the generator's count
 * @param mismatches      what differs, for the report (empty when all are exact)
 * @param wordTypes       the types with a variable that took words, with their top words
 * @param analysis        {@code ErrorAnalysis.analyse} over the range, daily buckets
 * @param patterns        {@code SidecarPatterns.top(.., 20)} over the range
 * @param analysisAlloc   bytes allocated by one analysis call (the thread's allocation counter)
 * @param patternsAlloc   bytes allocated by one patterns call
 */
record SampleCheck(SampleArchives data, int templates, int types, int exact, List<String> mismatches,
                   List<String> wordTypes, Timing analysis, Timing patterns, long analysisAlloc, long patternsAlloc) {
    private static final Set<Level> WARN_UP = EnumSet.of(Level.WARN, Level.ERROR, Level.FATAL);

    static SampleCheck run(Path workDir, int months, int linesPerDay, int runs, PrintStream log) throws Exception {
        SampleArchives data = SampleArchives.prepare(workDir, months, linesPerDay, 42, log);
        CatalogHolder holder = new CatalogHolder(List.of(data.dir()), new SidecarPlacement(null),
                CatalogHolder.Options.command());
        Catalog catalog = holder.awaitIndexed(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"),
                java.time.Duration.ofHours(1));
        DetailsCache details = holder.details();
        Instant start = data.spec().start().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = data.spec().end().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
        Map<String, Long> generated = new HashMap<>();
        data.truth().days().forEach(d -> d.errorTemplates().forEach((t, n) -> generated.merge(t, n, Long::sum)));

        ErrorReport report = ErrorAnalysis.analyse(catalog, details, start, end, Bucket.DAY, WARN_UP, null, 1000);
        Map<String, Long> found = report.types().stream()
                .collect(Collectors.toMap(ErrorReport.ErrorType::template, ErrorReport.ErrorType::count));
        int exact = 0;
        List<String> mismatches = new java.util.ArrayList<>();
        for (Map.Entry<String, Long> g : generated.entrySet()) {
            if (g.getValue().equals(found.get(g.getKey()))) {
                exact++;
            } else {
                mismatches.add("`" + g.getKey() + "`: generated " + g.getValue() + ", found " + found.get(g.getKey()));
            }
        }
        found.keySet().stream().filter(t -> !generated.containsKey(t))
                .forEach(t -> mismatches.add("`" + t + "`: found " + found.get(t) + ", not a generator template"));
        List<String> wordTypes = report.types().stream().filter(t -> !t.variables().isEmpty())
                .map(t -> "`" + t.template() + "` (" + String.format(java.util.Locale.ROOT, "%,d", t.count()) + "): "
                        + t.variables().stream().map(v -> v.describe(10)).collect(Collectors.joining("; ")))
                .toList();

        Harness harness = new Harness(runs);
        Timing analysis = harness.measure(() -> ErrorAnalysis.analyse(catalog, details, start, end, Bucket.DAY, WARN_UP, null, 20));
        Timing patterns = harness.measure(() -> SidecarPatterns.top(catalog.archives(), details, start, end, WARN_UP, 20));
        long analysisAlloc = allocated(() -> ErrorAnalysis.analyse(catalog, details, start, end, Bucket.DAY, WARN_UP, null, 20));
        long patternsAlloc = allocated(() -> SidecarPatterns.top(catalog.archives(), details, start, end, WARN_UP, 20));
        log.printf("sample: %d templates, %d types, %d exact; analysis %.1f ms, patterns %.1f ms%n", generated.size(),
                found.size(), exact, analysis.median().toNanos() / 1e6, patterns.median().toNanos() / 1e6);
        return new SampleCheck(data, generated.size(), found.size(), exact, mismatches, wordTypes, analysis, patterns,
                analysisAlloc, patternsAlloc);
    }

    private static long allocated(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        action.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
