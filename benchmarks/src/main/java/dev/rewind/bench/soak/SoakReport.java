package dev.rewind.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bench.harness.Latencies;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.RunContext;
import dev.rewind.connectors.record.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The soak's markdown report: what ran, on what, and what the server did under it. Filled in by {@link SoakBenchmark}. */
final class SoakReport {
    MachineInfo machine;
    String command;
    String code;
    String loadBefore;
    String loadAfter;
    Instant began;
    Instant loadStart;
    Instant ended;
    SoakCorpus corpus;
    int clients;
    long seed;
    int minutes;
    Duration damageLifetime;
    String javaOptions;
    String serverCommand;
    long pid;
    Duration healthyAfter;
    Duration settledAfter;
    List<SoakLoad.StartAnswer> start = List.of();
    List<KindTally.View> tallies = List.of();
    List<String> events = List.of();
    Map<String, Integer> warnings = Map.of();
    List<Expectations.Damage> damages = List.of();
    List<Expectations.Addition> additions = List.of();
    List<Problem> problems = List.of();
    List<MemoryWindows.Sample> samples = List.of();
    Duration windowLength;
    JsonNode finalStats;
    Instant died;
    int exitCode;
    String logTail;
    Path chart;

    String render(Path out) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Soak: mixed load on `./rewind serve` defaults over six months of foreign archives\n\n");
        md.append("Machine: ").append(machine.describe()).append("  \n");
        md.append("Command: `").append(command).append("`  \n");
        md.append("Code: ").append(code).append("  \n");
        md.append("Run: ").append(began.truncatedTo(ChronoUnit.SECONDS)).append(", load average ").append(loadBefore)
                .append(" before, ").append(loadAfter).append(" after (the machine is shared; other builds may have run)\n\n");

        verdict(md);
        corpus(md);
        server(md);
        startAnswers(md);
        load(md);
        problemList(md);
        warningList(md);
        memory(md, out);
        finalStats(md);
        return md.toString();
    }

    private void verdict(StringBuilder md) {
        boolean startOk = start.stream().allMatch(SoakLoad.StartAnswer::ok);
        long wrong = tallies.stream().mapToLong(KindTally.View::checkFailures).sum();
        long fiveXx = tallies.stream().mapToLong(KindTally.View::serverError).sum();
        long none = tallies.stream().mapToLong(KindTally.View::noAnswer).sum();
        long tooMany = tallies.stream().mapToLong(KindTally.View::tooMany).sum();
        long requests = tallies.stream().mapToLong(KindTally.View::requests).sum();
        md.append("## Verdict\n\n");
        md.append(String.format(Locale.ROOT, "- **%s**: %d problem%s in %,d requests over %s; %d 5xx, %d without an answer, "
                        + "%d wrong answers, %d 429s (reported, not errors).%n", problems.isEmpty() ? "passed" : "FAILED",
                problems.size(), problems.size() == 1 ? "" : "s", requests, minutes(Duration.between(loadStart, ended)), fiveXx,
                none, wrong, tooMany));
        md.append("- The process ").append(died == null ? "lived to the end." : "**died** at " + at(died) + " (exit status "
                + exitCode + ").").append('\n');
        md.append("- The seed's question at start: ").append(startOk ? "answered as the issue asks" : "**not** as the issue asks")
                .append(" (below).\n");
        List<MemoryWindows.Window> windows = MemoryWindows.of(samples, loadStart, ended, windowLength);
        md.append("- Memory: ").append(flatText(MemoryWindows.flat(windows, MemoryWindows.Window::rssMedian, "RSS median")))
                .append("; ").append(flatText(MemoryWindows.flat(windows, MemoryWindows.Window::heapMin, "heap floor (least sample)"))).append(".\n\n");
    }

    private static String flatText(MemoryWindows.Verdict v) {
        return (v.flat() == null ? "" : v.flat() ? "flat, " : "**growing**, ") + v.reason();
    }

    private void corpus(StringBuilder md) {
        SoakCorpus c = corpus;
        long lines = c.truth().days().stream().mapToLong(d -> d.lines()).sum() + c.needles().size();
        long errors = c.truth().totalLevels().getOrDefault(Level.ERROR, 0L);
        md.append("## Corpus\n\n");
        md.append(String.format(Locale.ROOT, "`rewind sample` lines, %s to %s (seed %d, %,d lines a day), each day cut into "
                        + "8 files at line ends and compressed by the command-line tools in turn at their defaults (lz4 with its "
                        + "default 4 MiB blocks), single-frame, under `dt=YYYY-MM-DD/`, no sidecars: **%,d files** (%s), "
                        + "%,d raw bytes (%.2f GB), %,d compressed, %,d lines (%,d ERROR). Kept in `%s` and copied for each run "
                        + "to `%s` (the server writes its sidecars there).%n%n",
                c.first(), c.last(), c.truth().spec().seed(), c.truth().spec().linesPerDay(), c.files().size(), c.describeTools(),
                c.rawBytes(), c.rawBytes() / 1e9, c.compressedBytes(), lines, errors, RunContext.display(c.dir()),
                RunContext.display(c.dir().resolveSibling("run").resolve("store"))));
        md.append("Needles, one INFO line each appended to a file before compression:\n\n| file | time | token |\n| --- | --- | --- |\n");
        c.needles().forEach(n -> md.append("| `").append(n.file()).append("` | ").append(n.timestamp()).append(" | `")
                .append(n.token()).append("` |\n"));
        md.append('\n');
    }

    private void server(StringBuilder md) {
        md.append("## Server\n\n");
        md.append("`").append(serverCommand).append("`, from the repository root, a separate process (pid ").append(pid)
                .append("); JVM options ").append(javaOptions).append(".\n\n");
        md.append(String.format(Locale.ROOT, "`/api/health` answered 200 %.1f s after launch. ", healthyAfter.toMillis() / 1e3));
        md.append(settledAfter == null ? "`/api/stats` never showed the catalog with nothing left to index.\n\n"
                : String.format(Locale.ROOT, "`/api/stats` first showed nothing left to index %.0f s after that.%n%n",
                settledAfter.toMillis() / 1e3));
    }

    private void startAnswers(StringBuilder md) {
        md.append("## The seed's question the moment the server is up\n\n");
        md.append("Sent as soon as `/api/health` answered 200, while the catalog was still indexing; it must answer 200 "
                + "and be exact with the right count, or marked inexact with a warning.\n\n");
        md.append("| question | sent after health | status | time | exact | total / count | the data holds | rows | verdict |\n");
        md.append("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |\n");
        for (SoakLoad.StartAnswer a : start) {
            md.append(String.format(Locale.ROOT, "| %s | %d ms | %d | %,.0f ms | %s | %,d | %s | %s | %s |%n", a.question(),
                    a.afterHealth().toMillis(), a.status(), a.millis(), a.exact() == null ? "–" : a.exact().toString(),
                    a.value(), a.expected(), a.question().contains("page") ? Integer.toString(a.rows()) : "–",
                    a.ok() ? a.verdict() : "**" + a.verdict() + "**"));
        }
        start.stream().filter(a -> !a.warnings().isEmpty()).forEach(a -> md.append("\nWarnings of ").append(a.question())
                .append(":\n").append(a.warnings().stream().map(w -> "- " + w).reduce((x, y) -> x + "\n" + y).orElse(""))
                .append('\n'));
        md.append('\n');
    }

    private void load(StringBuilder md) {
        md.append("## Load\n\n");
        md.append(String.format(Locale.ROOT, "%d clients for %s from the first healthy answer, each choosing its next "
                + "request from the same seeded sequence (seed %d): every kind once, then by weight. Damaged copies are "
                + "removed %s after they are written (an operator deleting a bad file), so exactness can be checked again "
                + "afterwards.%n%n", clients, minutes(Duration.between(loadStart, ended)), seed, minutes(damageLifetime)));
        md.append("| kind | weight | what |\n| --- | ---: | --- |\n");
        for (LoadKind k : LoadKind.values()) {
            md.append("| ").append(k.label()).append(" | ").append(k.weight()).append(" | ").append(k.description()).append(" |\n");
        }
        md.append("\nChecks: an exact answer must hold the data's count (the generator's ground truth, plus the needles and "
                + "the fresh lines added, within bounds while an added file is being picked up), rows of the asked level and "
                + "day, newest first, no id twice across pages; an inexact one must carry a warning; while a damaged copy "
                + "of a day is in force (flagged, or 30 s after it was written) every answer over that day must be inexact "
                + "and name it, and none may name it 30 s after it is removed; a needle answer holds exactly its line (id, "
                + "time, message) and is exact whenever nothing was changing. \"inexact\" counts answers marked so, "
                + "\"of them settled\" those asked while nothing of the range was changing (start-up indexing over, no file "
                + "coming or going); \"total a lower bound\" counts pages marked inexact without a warning: nothing was missing, "
                + "the job stopped once it had the page, so the total counts only what it read. A cursor refused with a 400 after the archives changed is the documented answer "
                + "(\"cursor refused\"), not an error. For archive-added and archive-damaged the time is from the file "
                + "appearing to `/api/archives` listing it (as a duplicate, an archive, or a problem).\n\n");
        md.append("| kind | requests | p50 | p99 | max | 200 | 400 | 429 | 5xx | no answer | inexact | of them settled | "
                + "total a lower bound | cursor refused | wrong answers |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (KindTally.View v : tallies) {
            Latencies l = v.latencies();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %,d | %d | %d | %d | %d | %d | %d | %d | %d | %s |%n",
                    v.label(), v.requests(), ms(l, 50), ms(l, 99), l == null ? "–" : ms(l.max()), v.ok(), v.badRequest(),
                    v.tooMany(), v.serverError(), v.noAnswer(), v.inexact(), v.inexactSettled(), v.lowerBounds(), v.cursorsRefused(),
                    v.checkFailures() == 0 ? "0" : "**" + v.checkFailures() + "**"));
        }
        md.append("\nChanges made to the store:\n\n");
        if (events.isEmpty()) {
            md.append("- none\n");
        }
        events.forEach(e -> md.append("- ").append(e).append('\n'));
        for (Expectations.Damage d : damages) {
            md.append("- `").append(d.path).append("` was ").append(d.noticed == null ? "**never flagged**"
                    : "flagged after " + seconds(Duration.between(d.written, d.noticed)) + " as " + d.noticedAs).append('\n');
        }
        md.append('\n');
    }

    private void problemList(StringBuilder md) {
        md.append("## Errors\n\n");
        if (problems.isEmpty()) {
            md.append("None.\n\n");
        }
        int shown = 0;
        for (Problem p : problems) {
            if (shown++ == 40) {
                md.append("- … and ").append(problems.size() - 40).append(" more\n");
                break;
            }
            md.append("- ").append(minutes(p.at())).append(" **").append(p.kind()).append("**: ").append(p.what());
            if (p.request() != null) {
                md.append("; request `").append(p.request()).append('`');
            }
            if (p.answer() != null) {
                md.append("; answer `").append(p.answer()).append('`');
            }
            md.append('\n');
        }
        if (logTail != null) {
            md.append("\nThe server's last lines:\n\n```\n").append(logTail).append("\n```\n");
        }
        md.append('\n');
    }

    private void warningList(StringBuilder md) {
        md.append("## What the warnings said\n\nEvery warning of every answer, numbers and paths folded, most frequent first:\n\n");
        if (warnings.isEmpty()) {
            md.append("- none\n");
        }
        warnings.entrySet().stream().limit(15).forEach(e -> md.append("- ").append(e.getValue()).append(" × ")
                .append(e.getKey().replace("|", "\\|")).append('\n'));
        md.append('\n');
    }

    private void memory(StringBuilder md, Path out) {
        List<MemoryWindows.Window> windows = MemoryWindows.of(samples, loadStart, ended, windowLength);
        md.append("## Memory\n\n");
        md.append(String.format(Locale.ROOT, "Sampled every %d s: the process's VmRSS and VmHWM (`/proc/PID/status`) and "
                + "`memory_mb.heap_used` of `/api/stats`; per window of %s from the first healthy answer, the least, the median "
                + "and the largest sample (MB = 10^6 bytes). Flat: %s.%n%n", ServerUnderSoak.SAMPLE_EVERY.toSeconds(),
                minutes(windowLength), "the last window at most 10% above the second (the first holds start-up indexing), "
                        + "on the median for the resident set and on the least sample for the heap (in use under the serial "
                        + "collector it is a saw: its floor is what survived the collections, what a leak would raise)"));
        md.append("| window | samples | RSS min | RSS median | RSS max | heap min | heap median | heap max |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (MemoryWindows.Window w : windows) {
            md.append(String.format(Locale.ROOT, "| %s – %s | %d | %.0f | %.0f | %.0f | %s | %s | %s |%n", minutes(w.from()),
                    minutes(w.to()), w.n(), w.rssMin(), w.rssMedian(), w.rssMax(), mb(w.heapMin()), mb(w.heapMedian()),
                    mb(w.heapMax())));
        }
        if (!samples.isEmpty()) {
            md.append(String.format(Locale.ROOT, "%nPeak resident set of the whole run (VmHWM): %.0f MB.%n",
                    samples.get(samples.size() - 1).peakRssMb()));
        }
        md.append("\n- ").append(flatText(MemoryWindows.flat(windows, MemoryWindows.Window::rssMedian, "RSS median"))).append('\n');
        md.append("- ").append(flatText(MemoryWindows.flat(windows, MemoryWindows.Window::heapMin, "heap floor (least sample)"))).append('\n');
        if (chart != null) {
            Path rel = out.toAbsolutePath().getParent().relativize(chart.toAbsolutePath());
            md.append("\n![memory over the soak](").append(rel).append(")\n");
        }
        md.append('\n');
    }

    private void finalStats(StringBuilder md) throws Exception {
        md.append("## The server's own stats at the end\n\n");
        if (finalStats == null) {
            md.append("None: the server did not answer `/api/stats`.\n");
            return;
        }
        JsonNode cache = finalStats.path("cache");
        JsonNode q = finalStats.path("queries");
        JsonNode a = finalStats.path("archives");
        md.append(String.format(Locale.ROOT, "Cache hit rate %.2f (%d hits, %d misses of %d questions); queries %d, failed %d, "
                        + "rejected (429) %d, latency p50/p99 %s / %s ms; archives %d (%d indexing, %d failed, %d duplicates, "
                        + "%d problems), %,d lines; heap in use %d MB.%n%n",
                cache.path("hit_rate").asDouble(), cache.path("hits").asLong(), cache.path("misses").asLong(),
                cache.path("questions").asLong(), q.path("count").asLong(), q.path("failed").asLong(), q.path("rejected").asLong(),
                latency(q.path("latency_ms").path("p50")), latency(q.path("latency_ms").path("p99")),
                a.path("count").asInt(), a.path("indexing").asInt(), a.path("failed").asInt(), a.path("duplicates").asInt(),
                a.path("problems").asInt(), a.path("lines").asLong(), finalStats.path("memory_mb").path("heap_used").asLong()));
        md.append("<details><summary><code>GET /api/stats</code></summary>\n\n```json\n")
                .append(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(finalStats))
                .append("\n```\n</details>\n");
    }

    private static String latency(JsonNode ms) {
        return ms.isNumber() ? String.format(Locale.ROOT, "%,.0f", ms.asDouble()) : "?";
    }

    private String at(Instant t) {
        return minutes(Duration.between(loadStart, t));
    }

    static String minutes(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%s%d:%02d", s < 0 ? "-" : "", Math.abs(s) / 60, Math.abs(s) % 60);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1e3);
    }

    private static String ms(Latencies l, double p) {
        return l == null ? "–" : ms(l.percentile(p));
    }

    private static String ms(double v) {
        return v >= 10_000 ? String.format(Locale.ROOT, "%.1f s", v / 1000) : String.format(Locale.ROOT, "%,.0f ms", v);
    }

    private static String mb(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v);
    }
}
