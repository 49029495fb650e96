package dev.rewind.bench.patterns;

import dev.rewind.bench.BenchmarkCli;
import dev.rewind.bench.harness.Harness;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.Timing;
import dev.rewind.connectors.pattern.Drain;
import dev.rewind.connectors.pattern.DrainConfig;
import dev.rewind.connectors.pattern.Masking;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code patterns}: template mining ({@link Drain}) on the eight Loghub-2k sets, scored by grouping
 * accuracy against their ground truth beside Drain's published figures, with one parameter set
 * for all eight; then a sweep of depth and similarity threshold, which is how
 * {@link DrainConfig#defaults()} is chosen. Progress goes to stderr; the markdown to stdout and
 * to {@code --out}.
 */
@Command(name = "patterns", mixinStandardHelpOptions = true,
        description = "Drain's grouping accuracy on the eight Loghub sets against Drain's published figures, "
                + "mining rate, and a depth x threshold sweep; writes a markdown table.")
public final class PatternsBenchmark implements Callable<Integer> {
    /**
     * Drain's grouping accuracy on Loghub-2k as the logparser benchmark reports it (parameters
     * tuned per set), copied from shared/loghub/README.md.
     */
    static final Map<String, Double> DRAIN_PUBLISHED = publishedFigures();

    @ParentCommand
    private BenchmarkCli cli;

    @Option(names = "--loghub", paramLabel = "DIR", defaultValue = "${sys:rewind.root:-.}/../shared/loghub",
            description = "the Loghub sets, one folder each (default ${DEFAULT-VALUE})")
    Path loghub;

    @Option(names = "--depth", paramLabel = "N", description = "parse tree depth (default: DrainConfig's, ${DEFAULT-VALUE})")
    int depth = DrainConfig.DEFAULT_DEPTH;

    @Option(names = "--similarity", paramLabel = "S", description = "similarity threshold (default ${DEFAULT-VALUE})")
    double similarity = DrainConfig.DEFAULT_SIMILARITY_THRESHOLD;

    @Option(names = "--max-children", paramLabel = "N", description = "children per tree node (default ${DEFAULT-VALUE})")
    int maxChildren = DrainConfig.DEFAULT_MAX_CHILDREN;

    @Option(names = "--masks", split = ",", paramLabel = "MASK",
            description = "masks to apply, of path, uuid, ip, hex, number, joined; 'none' for none (default: all)")
    List<String> masks = Masking.standard().rules().stream().map(Masking.Rule::name).toList();

    @Option(names = "--parts", paramLabel = "N", description = "parts for the merged column (default ${DEFAULT-VALUE})")
    int parts = 4;

    @Option(names = "--runs", paramLabel = "N", description = "timed mining runs after one warm-up (default ${DEFAULT-VALUE})")
    int runs = 5;

    @Option(names = "--sweep-step", paramLabel = "S",
            description = "threshold step of the sweep, over 0.40..1.00 and depths 3..14; 0 skips it (default ${DEFAULT-VALUE})")
    double sweepStep = 0.1;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "${sys:rewind.root:-.}/docs/benchmarks/patterns.md",
            description = "markdown file to write (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (parts < 1 || parts > 100) {
            throw new IllegalArgumentException("--parts must be between 1 and 100, was " + parts);
        }
        if (sweepStep < 0 || sweepStep > 0.6) {
            throw new IllegalArgumentException("--sweep-step must be between 0 (no sweep) and 0.6, was " + sweepStep);
        }
        Masking masking = masks.equals(List.of("none")) ? Masking.none() : Masking.of(masks);
        DrainConfig config = new DrainConfig(depth, similarity, maxChildren, masking);
        Harness harness = new Harness(runs);
        PrintStream log = System.err;

        List<LoghubSet> sets = new ArrayList<>();
        for (String name : LoghubSet.NAMES) {
            LoghubSet set = LoghubSet.load(loghub, name);
            if (set.unparsed() > 0) {
                log.printf("%s: %d lines did not parse with the '%s' format; their raw line is the message%n",
                        name, set.unparsed(), name.toLowerCase(Locale.ROOT));
            }
            sets.add(set);
        }
        List<SetResult> results = new ArrayList<>();
        for (LoghubSet set : sets) {
            SetResult r = SetScorer.score(set, config, parts, DRAIN_PUBLISHED.get(set.name()));
            log.printf("%-10s accuracy %.4f (Drain published %.4f), %d templates (truth %d), merged %.4f%n",
                    r.name(), r.accuracy(), r.published(), r.templatesFound(), r.truthTemplates(), r.mergedAccuracy());
            results.add(r);
        }
        Timing timing = harness.measure(() -> {
            for (LoghubSet set : sets) {
                Drain drain = new Drain(config);
                set.messages().forEach(drain::add);
            }
        });
        List<SweepCell> sweep = sweepStep == 0 ? List.of() : sweep(sets, config, log);

        String command = cli != null ? cli.commandLine() : "./benchmarks/run patterns";
        String report = PatternsReport.render(MachineInfo.current(List.of()), command, config, parts, results,
                timing.median(), runs, sweep);
        System.out.print(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        log.println("Wrote " + out.toAbsolutePath().normalize());
        return 0;
    }

    private List<SweepCell> sweep(List<LoghubSet> sets, DrainConfig config, PrintStream log) {
        log.println("Sweeping depth x similarity threshold");
        List<SweepCell> cells = new ArrayList<>();
        int steps = (int) Math.round(0.6 / sweepStep);
        for (int d = 3; d <= 14; d++) {
            for (int i = 0; i <= steps; i++) {
                double threshold = Math.round((0.4 + i * sweepStep) * 1000) / 1000.0;
                if (threshold > 1.0) {
                    break;
                }
                DrainConfig cell = config.withDepth(d).withSimilarityThreshold(threshold);
                double sum = 0;
                for (LoghubSet set : sets) {
                    sum += SetScorer.accuracy(set, cell);
                }
                cells.add(new SweepCell(d, threshold, sum / sets.size()));
            }
        }
        return cells;
    }

    private static Map<String, Double> publishedFigures() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("HDFS", 0.9975);
        m.put("Hadoop", 0.9475);
        m.put("Spark", 0.92);
        m.put("Zookeeper", 0.9665);
        m.put("BGL", 0.9625);
        m.put("Apache", 1.0);
        m.put("OpenStack", 0.7325);
        m.put("HPC", 0.887);
        return Map.copyOf(m);
    }
}
