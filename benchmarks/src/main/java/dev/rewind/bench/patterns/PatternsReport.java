package dev.rewind.bench.patterns;

import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.connectors.pattern.Masking;
import dev.rewind.connectors.pattern.TypeMinerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The patterns benchmark's results as markdown: machine, parameters, leave-out, the two inputs, sweep, rate. */
final class PatternsReport {
    private static final double MEAN_TARGET = 0.95;
    private static final double SET_TARGET = 0.85;

    private final StringBuilder md = new StringBuilder();

    static String render(MachineInfo machine, String command, TypeMinerConfig config, List<LeaveOut.Cell> cells,
                         LeaveOut.Cell onFirst, LeaveOut.Cell onSecond, List<PatternsBenchmark.SetRow> messageRows,
                         List<PatternsBenchmark.SetRow> detectedRows, Duration miningTime, int runs,
                         SampleCheck sample) {
        PatternsReport r = new PatternsReport();
        r.line("# Error types on Loghub (pattern mining benchmark)");
        r.line("");
        r.line("Machine: " + machine.describe().replaceFirst(";\\s*$", "") + ".");
        r.line("");
        r.line("Command: `" + command + "`");
        r.line("");
        r.line("Rewind's types (`dev.rewind.connectors.pattern.TypeMiner`): each message's shape (numbers, ids, "
                + "addresses and paths masked, as the indexer computes it), masked once more with the type masks, "
                + "clustered with Drain, then sibling templates that differ in one position taking many distinct "
                + "words merge (Brain's variable rule). One parameter set for every log: "
                + LeaveOut.Cell.describe(config) + ", max children " + config.drain().maxChildren() + ", masks "
                + masks(config.drain().masking()) + ", at most " + String.format(Locale.ROOT, "%,d", config.maxShapes())
                + " shapes per mining.");
        r.line("");
        r.line("Baseline: Drain as the logparser benchmark runs it (`ReferenceDrain`, written from He et al., ICWS "
                + "2017 and the reference behaviour), with the settings its authors published for each set "
                + "(regular expressions, similarity threshold, depth: `DrainSettings`), run here on the same inputs. "
                + "*Drain published* is the figure the logparser benchmark reports. Ground truth: the EventId and "
                + "EventTemplate of `<Set>_2k.log_structured.csv` (shared/loghub, Loghub-2k).");
        r.line("");
        r.line("Grouping accuracy (GA): a line is correct when the lines grouped with it are exactly the lines of "
                + "its true event. Parsing accuracy (PA): a line is correct when its template text equals its true "
                + "template; Rewind masks a whole token (`<*>` for `blk_-1608`, where the ground truth writes "
                + "`blk_<*>`), so PA is shown for completeness and is not what the types are tuned for.");
        r.line("");
        r.line("Why these defaults: on all eight sets they have the best mean (see the sweep), on a plateau that "
                + "runs from 5 to 8 distinct words and 3 to 4 shared words; of that plateau they are the most merging "
                + "point, because Rewind's own word-valued variables (one service of seven, a topic, a host) must merge, "
                + "and the plateau's lower edge is where OpenStack's one-word events (three HTTP methods, four VM "
                + "lifecycle events) start to merge. The leave-out below checks the procedure, not these values.");
        r.line("");
        r.leaveOut(cells, onFirst, onSecond, messageRows);
        r.inputs("Message-only input", "Each line's Content written as NDJSON `{\"msg\": ...}` and read back "
                + "with Rewind's NDJSON decoder: how a user's logs arrive when no format is named.", messageRows, false);
        r.inputs("Raw lines, format detected", "The raw `.log` lines read as the indexer reads a foreign archive: "
                + "the format detected from the first 50 lines (`FormatDetector`), not named; a line the format does "
                + "not parse keeps the raw line as its message. Drain gets the same messages.", detectedRows, true);
        if (sample != null) {
            r.sample(sample);
        }
        r.line("## The held-out Loghub systems");
        r.line("");
        r.line("The Loghub systems outside shared/loghub (Android, HealthApp, Linux, Mac, OpenSSH, Proxifier, "
                + "Thunderbird, Windows, ...) are the held-out check: this benchmark neither reads nor tunes on them, "
                + "and they are not in this repository. Scoring them is the lead's, with the same miner and defaults.");
        r.line("");
        r.sweep(cells, config);
        r.rate(messageRows, miningTime, runs);
        return r.md.toString();
    }

    private void leaveOut(List<LeaveOut.Cell> cells, LeaveOut.Cell onFirst, LeaveOut.Cell onSecond,
                          List<PatternsBenchmark.SetRow> drainRows) {
        line("## Leave-out: parameters chosen on four sets, scored on the other four");
        line("");
        line(String.format(Locale.ROOT, "Each of %d parameter sets (depth 8–14, similarity 0.6–0.9, distinct words "
                + "3–8, shared words 2–4, wildcard absorbing off/on) was scored on message-only input. The best mean "
                + "on %s was %s (mean there %.4f); the best on %s was %s (mean there %.4f). Each set below is "
                + "scored with the parameters chosen on the *other* half.", cells.size(), String.join(", ", LeaveOut.FIRST),
                onFirst.describe(), onFirst.mean(LeaveOut.FIRST), String.join(", ", LeaveOut.SECOND), onSecond.describe(),
                onSecond.mean(LeaveOut.SECOND)));
        line("");
        line("| Set | Parameters chosen on | Ours GA (left out) | Drain GA, published settings, same harness | Drain published |");
        line("|---|---|--:|--:|--:|");
        double ours = 0;
        double drain = 0;
        double published = 0;
        double worst = 1;
        for (PatternsBenchmark.SetRow row : drainRows) {
            String name = row.set().name();
            boolean inFirst = LeaveOut.FIRST.contains(name);
            LeaveOut.Cell cell = inFirst ? onSecond : onFirst;
            double score = cell.accuracy()[LoghubSet.NAMES.indexOf(name)];
            ours += score;
            worst = Math.min(worst, score);
            drain += row.drain().grouping();
            published += row.drainSettings().published();
            line(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f |", name,
                    inFirst ? "BGL, Apache, OpenStack, HPC" : "HDFS, Hadoop, Spark, Zookeeper", score,
                    row.drain().grouping(), row.drainSettings().published()));
        }
        int n = drainRows.size();
        line(String.format(Locale.ROOT, "| **Mean** | | **%.4f** | %.4f | %.4f |", ours / n, drain / n, published / n));
        line("");
        boolean met = ours / n >= MEAN_TARGET && worst >= SET_TARGET;
        line(String.format(Locale.ROOT, "Target: left-out mean at least %.2f and every set at least %.2f: mean %.4f, "
                + "lowest set %.4f — %s.", MEAN_TARGET, SET_TARGET, ours / n, worst, met ? "met" : "**missed**"));
        line("");
        LeaveOut.Cell firstOnFirst = LeaveOut.firstBest(cells, LeaveOut.FIRST);
        LeaveOut.Cell firstOnSecond = LeaveOut.firstBest(cells, LeaveOut.SECOND);
        double firstRule = 0;
        StringBuilder perSet = new StringBuilder();
        for (String name : LoghubSet.NAMES) {
            LeaveOut.Cell cell = LeaveOut.FIRST.contains(name) ? firstOnSecond : firstOnFirst;
            double score = cell.accuracy()[LoghubSet.NAMES.indexOf(name)];
            firstRule += score;
            perSet.append(perSet.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.4f", name, score));
        }
        line(String.format(Locale.ROOT, "Choosing: the best mean on the training half; of equal means the most "
                + "conservative cell (more distinct words, more shared words, no absorbing, higher similarity, deeper), "
                + "since a half without events that differ in one word gives no evidence for merging. The first run of "
                + "this benchmark broke ties by grid order instead, which on %s chose %s (every value of distinct words "
                + "scores the same there); with that rule the left-out scores are %s, mean %.4f. Both rules are "
                + "reported so that the effect of the rule is seen: the four first sets carry no information on how "
                + "many distinct words make a variable, and OpenStack's one-word events (three HTTP methods, four VM "
                + "lifecycle events) are what bound it from below.",
                String.join(", ", LeaveOut.FIRST), firstOnFirst.describe(), perSet, firstRule / n));
        line("");
    }

    private void inputs(String title, String how, List<PatternsBenchmark.SetRow> rows, boolean detected) {
        line("## " + title + " (the one parameter set above)");
        line("");
        line(how);
        line("");
        line("| Set |" + (detected ? " Detected format | Unparsed |" : "") + " Lines | Types | True events "
                + "| Ours GA | Ours PA | Drain GA | Drain PA | Drain published GA |");
        line("|---|" + (detected ? "---|--:|" : "") + "--:|--:|--:|--:|--:|--:|--:|--:|");
        double oursGa = 0;
        double oursPa = 0;
        double drainGa = 0;
        double drainPa = 0;
        double published = 0;
        for (PatternsBenchmark.SetRow r : rows) {
            line(String.format(Locale.ROOT, "| %s |%s %,d | %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f |", r.set().name(),
                    detected ? String.format(Locale.ROOT, " %s | %d |", r.format(), r.unparsed()) : "",
                    r.set().lines().size(), r.ours().groups(), r.set().truthTemplates(), r.ours().grouping(),
                    r.ours().parsing(), r.drain().grouping(), r.drain().parsing(), r.drainSettings().published()));
            oursGa += r.ours().grouping();
            oursPa += r.ours().parsing();
            drainGa += r.drain().grouping();
            drainPa += r.drain().parsing();
            published += r.drainSettings().published();
        }
        int n = rows.size();
        line(String.format(Locale.ROOT, "| **Mean** |%s | | | **%.4f** | %.4f | %.4f | %.4f | %.4f |",
                detected ? " | |" : "", oursGa / n, oursPa / n, drainGa / n, drainPa / n, published / n));
        line("");
    }

    private void sample(SampleCheck s) {
        line("## Rewind's own data: `rewind sample`, from sidecars");
        line("");
        line(String.format(Locale.ROOT, "%d months x %,d lines a day (seed %d, %,d lines, %d archives), the demo's data. "
                        + "Every WARN+ line's template as the generator wrote it (its ground truth) against the error types "
                        + "`/api/analysis/errors` finds over the whole range from the sidecars, count for count.",
                s.data().spec().months(), s.data().spec().linesPerDay(), s.data().spec().seed(), s.data().lines(),
                s.data().archives().size()));
        line("");
        line(String.format(Locale.ROOT, "Generator templates: %d; error types found: %d; templates that are exactly one "
                + "type with the generator's count: %d — %s.", s.templates(), s.types(), s.exact(),
                s.exact() == s.templates() && s.types() == s.templates() ? "every one" : "**not all**"));
        line("");
        for (String m : s.mismatches()) {
            line("- " + m);
        }
        if (!s.mismatches().isEmpty()) {
            line("");
        }
        line("Types with word-valued variables, expanded (the words and their counts over the range):");
        line("");
        for (String w : s.wordTypes()) {
            line("- " + w);
        }
        line("");
        line(String.format(Locale.ROOT, "Time over the whole range, catalog loaded (warm; median of %d after one warm-up): "
                        + "error analysis (daily buckets, WARN+, top 20) %.1f ms, allocating %.1f MB a call; patterns aggregate "
                        + "from sidecars (`SidecarPatterns.top`, 20) %.1f ms, allocating %.1f MB a call. Both mine every "
                        + "archive's shapes into types (at most %,d shapes held) and count from the hourly aggregates; "
                        + "neither reads an archive.", s.analysis().runs().size(), s.analysis().median().toNanos() / 1e6,
                s.analysisAlloc() / 1e6, s.patterns().median().toNanos() / 1e6, s.patternsAlloc() / 1e6,
                dev.rewind.connectors.pattern.TypeMinerConfig.DEFAULT_MAX_SHAPES));
        line("");
    }

    private void sweep(List<LeaveOut.Cell> cells, TypeMinerConfig config) {
        line("## Sweep: distinct words × shared words");
        line("");
        line("Mean GA over the eight sets (message-only input) at the default Drain stage (depth "
                + config.drain().depth() + ", similarity " + config.drain().similarityThreshold()
                + "), by the distinct words that make a position a variable (rows) and the literal words siblings must "
                + "share (columns), wildcard absorbing off / on. The defaults in bold.");
        line("");
        int[] shared = {2, 3, 4};
        line("| Distinct words | shared 2 (off / on) | shared 3 (off / on) | shared 4 (off / on) |");
        line("|--:|--:|--:|--:|");
        for (int values : new int[] {3, 4, 5, 6, 8}) {
            StringBuilder row = new StringBuilder("| " + values + " |");
            for (int s : shared) {
                row.append(' ');
                for (boolean absorb : new boolean[] {false, true}) {
                    LeaveOut.Cell cell = cells.stream().filter(c -> c.config().drain().depth() == config.drain().depth()
                            && Math.abs(c.config().drain().similarityThreshold() - config.drain().similarityThreshold()) < 1e-9
                            && c.config().minValues() == values && c.config().minSharedWords() == s
                            && c.config().absorbWildcard() == absorb).findFirst().orElseThrow();
                    boolean chosen = values == config.minValues() && s == config.minSharedWords()
                            && absorb == config.absorbWildcard();
                    double mean = cell.mean(LoghubSet.NAMES);
                    row.append(String.format(Locale.ROOT, chosen ? "**%.4f**" : "%.4f", mean)).append(absorb ? " |" : " / ");
                }
            }
            line(row.toString());
        }
        line("");
        LeaveOut.Cell best = LeaveOut.best(cells, LoghubSet.NAMES);
        line(String.format(Locale.ROOT, "Best mean of the whole grid: %.4f (%s); the defaults: %.4f.",
                best.mean(LoghubSet.NAMES), best.describe(), cells.stream().filter(c -> c.config().equals(config))
                        .findFirst().map(c -> c.mean(LoghubSet.NAMES)).orElse(Double.NaN)));
        line("");
    }

    private void rate(List<PatternsBenchmark.SetRow> rows, Duration time, int runs) {
        long lines = rows.stream().mapToLong(r -> r.set().lines().size()).sum();
        double seconds = time.toNanos() / 1e9;
        line(String.format(Locale.ROOT, "Mining rate: %,.0f messages/s on one thread (shaping included; all %,d "
                        + "messages, one mining per set; median of %d runs after one warm-up: %.1f ms).",
                lines / seconds, lines, runs, seconds * 1000));
        line("");
    }

    private static String masks(Masking masking) {
        return masking.rules().stream().map(Masking.Rule::name).collect(Collectors.joining(", "));
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
