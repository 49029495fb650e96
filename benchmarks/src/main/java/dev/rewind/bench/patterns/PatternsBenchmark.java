package dev.rewind.bench.patterns;

import dev.rewind.bench.BenchmarkCli;
import dev.rewind.bench.harness.Harness;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.Timing;
import dev.rewind.connectors.pattern.TypeMiner;
import dev.rewind.connectors.pattern.TypeMinerConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code patterns}: Rewind's error types ({@link TypeMiner}, one parameter set) on the eight shared
 * Loghub-2k sets, scored against their ground truth beside Drain run in the same harness with its
 * published per-set settings ({@link ReferenceDrain}, {@link DrainSettings}): (a) leave-out —
 * parameters chosen on four sets, scored on the other four, both ways round; (b) message-only
 * input, the Content column as NDJSON {@code msg}; (c) raw lines with the format detected, not
 * named. Then the sweep the defaults come from and the mining rate. Progress goes to stderr; the
 * markdown to stdout and to {@code --out}.
 */
@Command(name = "patterns", mixinStandardHelpOptions = true,
        description = "Error types on the eight shared Loghub sets against Drain with its published settings: "
                + "leave-out, message-only and detected-format inputs, sweep, mining rate; writes a markdown table.")
public final class PatternsBenchmark implements Callable<Integer> {

    @ParentCommand
    private BenchmarkCli cli;

    @Option(names = "--loghub", paramLabel = "DIR", defaultValue = "${sys:rewind.root:-.}/../shared/loghub",
            description = "the Loghub sets, one folder each (default ${DEFAULT-VALUE})")
    Path loghub;

    @Option(names = "--runs", paramLabel = "N", description = "timed mining runs after one warm-up (default ${DEFAULT-VALUE})")
    int runs = 5;

    @Option(names = "--sample-months", paramLabel = "N",
            description = "months of `rewind sample` data for the sample check; 0 skips it (default ${DEFAULT-VALUE}, the demo's)")
    int sampleMonths = 6;

    @Option(names = "--sample-lines", paramLabel = "N", description = "sample lines a day (default ${DEFAULT-VALUE}, the demo's)")
    int sampleLines = 50_000;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "${sys:rewind.root:-.}/benchmarks/target/bench-work/query",
            description = "where sample archives are generated once and reused (default ${DEFAULT-VALUE}, shared with the query benchmark)")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "${sys:rewind.root:-.}/docs/benchmarks/patterns.md",
            description = "markdown file to write (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintStream log = System.err;
        TypeMinerConfig config = TypeMinerConfig.defaults();
        Map<String, LoghubSet> sets = new LinkedHashMap<>();
        Map<String, List<String>> messageOnly = new LinkedHashMap<>();
        Map<String, LoghubSet.Detected> detected = new LinkedHashMap<>();
        for (String name : LoghubSet.NAMES) {
            LoghubSet set = LoghubSet.load(loghub, name);
            sets.put(name, set);
            messageOnly.put(name, set.messageOnly());
            detected.put(name, set.detected());
        }

        log.println("Leave-out: scoring " + LeaveOut.grid().size() + " parameter sets on eight sets");
        List<LeaveOut.Cell> cells = LeaveOut.score(LeaveOut.grid(), sets, messageOnly);
        LeaveOut.Cell onFirst = LeaveOut.best(cells, LeaveOut.FIRST);
        LeaveOut.Cell onSecond = LeaveOut.best(cells, LeaveOut.SECOND);
        log.println("chosen on " + LeaveOut.FIRST + ": " + onFirst.describe());
        log.println("chosen on " + LeaveOut.SECOND + ": " + onSecond.describe());

        List<SetRow> messageRows = new ArrayList<>();
        List<SetRow> detectedRows = new ArrayList<>();
        for (LoghubSet set : sets.values()) {
            DrainSettings drain = DrainSettings.of(set.name());
            List<String> messages = messageOnly.get(set.name());
            messageRows.add(new SetRow(set, Score.of(TypeMiner.typeTexts(messages, config), set),
                    Score.of(ReferenceDrain.templates(messages, drain), set), drain, null, 0));
            LoghubSet.Detected d = detected.get(set.name());
            detectedRows.add(new SetRow(set, Score.of(TypeMiner.typeTexts(d.messages(), config), set),
                    Score.of(ReferenceDrain.templates(d.messages(), drain), set), drain, d.format(), d.unparsed()));
            SetRow r = messageRows.get(messageRows.size() - 1);
            log.printf("%-10s ours %.4f, Drain (published settings) %.4f, published %.4f%n", set.name(),
                    r.ours().grouping(), r.drain().grouping(), drain.published());
        }

        Timing timing = new Harness(runs).measure(() -> {
            for (List<String> messages : messageOnly.values()) {
                TypeMiner.typeTexts(messages, config);
            }
        });
        SampleCheck sample = sampleMonths == 0 ? null : SampleCheck.run(work, sampleMonths, sampleLines, runs, log);
        String command = cli != null ? cli.commandLine() : "./benchmarks/run patterns";
        String report = PatternsReport.render(MachineInfo.current(List.of()), command, config, cells, onFirst, onSecond,
                messageRows, detectedRows, timing.median(), runs, sample);
        System.out.print(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        log.println("Wrote " + out.toAbsolutePath().normalize());
        return 0;
    }

    /**
     * One set's line of a table.
     *
     * @param format   the detected format's name, or null for message-only input
     * @param unparsed lines the detected format did not parse
     */
    record SetRow(LoghubSet set, Score ours, Score drain, DrainSettings drainSettings, String format, long unparsed) {
    }
}
