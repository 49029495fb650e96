package dev.rewind.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bench.BenchmarkCli;
import dev.rewind.bench.harness.Directories;
import dev.rewind.bench.harness.Harness;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.RunContext;
import dev.rewind.bench.harness.Timing;
import dev.rewind.bench.query.SampleArchives;
import dev.rewind.connectors.record.Level;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rewind query} as a person runs it: a new process each time, through the {@code ./rewind}
 * script with its defaults, over six months of sample archives with sidecars. What a question the
 * sidecars answer costs end to end (JVM start included), with and without the class-data-sharing
 * archive the build makes, and what the fixed cost alone is ({@code --version}). Every answer is
 * checked against the generator's ground truth.
 */
@Command(name = "cli", mixinStandardHelpOptions = true,
        description = "The command line's fixed cost and its metadata answers, as separate processes.")
public final class CliBenchmark implements Callable<Integer> {
    @ParentCommand
    private BenchmarkCli parent;

    @Option(names = "--work", description = "scratch directory (default ${DEFAULT-VALUE})")
    Path work = Path.of("benchmarks/target/bench-work");

    @Option(names = "--out", description = "report file (default ${DEFAULT-VALUE})")
    Path out = Path.of("docs/benchmarks/cli.md");

    @Option(names = "--runs", description = "measured runs of each command (default ${DEFAULT-VALUE})")
    int runs = 7;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One command line; {@code cache} is the cache directory it is given: shared, fresh each run, or none. */
    private record Case(String name, List<String> args, boolean cds, CacheUse cache) {
    }

    private enum CacheUse { NONE, SHARED, FRESH }

    @Override
    public Integer call() throws Exception {
        PrintStream log = System.err;
        SampleArchives data = SampleArchives.prepare(work.resolve("query"), 6, 50_000, 42, log);
        long errors = data.truth().totalLevels().get(Level.ERROR);
        Path cache = Files.createTempDirectory(work.toAbsolutePath(), "cli-cache-");
        Path rewind = RunContext.root().resolve("rewind");
        String archives = data.dir().toAbsolutePath().toString();
        List<String> count = List.of("query", "--archives", archives, "--from", "2024-01-01", "--to", "2024-06-30",
                "--level", "ERROR", "--count", "--format", "json");
        List<String> trend = List.of("query", "--archives", archives, "--from", "2024-01-01", "--to", "2024-06-30",
                "--level", "ERROR", "--trend", "day", "--format", "json");
        List<Case> cases = List.of(
                new Case("`--version` (JVM, script, command line)", List.of("--version"), true, CacheUse.NONE),
                new Case("`--version`, no class-data sharing", List.of("--version"), false, CacheUse.NONE),
                new Case("six-month ERROR `--count`, empty cache", count, true, CacheUse.FRESH),
                new Case("six-month ERROR `--count`, empty cache, no class-data sharing", count, false, CacheUse.FRESH),
                new Case("six-month ERROR `--count`, asked before", count, true, CacheUse.SHARED),
                new Case("six-month ERROR `--trend day`, empty cache", trend, true, CacheUse.FRESH),
                new Case("six-month ERROR `--trend day`, asked before", trend, true, CacheUse.SHARED));
        Harness harness = new Harness(runs, 2);
        List<Harness.Action> actions = new ArrayList<>();
        List<String[]> sources = new ArrayList<>();
        for (Case c : cases) {
            String[] seen = new String[1];
            sources.add(seen);
            actions.add(() -> seen[0] = run(rewind, c, errors, cache));
        }
        String load = RunContext.loadAverage();
        List<Timing> timings = harness.interleave(actions);
        Directories.deleteTree(cache);
        StringBuilder md = new StringBuilder("# Command line: fixed cost and metadata answers\n\n");
        md.append("Machine: ").append(MachineInfo.current(List.of()).describe()).append(". Load average at start: ")
                .append(load).append(".\n\nCommand: `").append(parent.commandLine()).append("`\n\n");
        md.append(String.format(Locale.ROOT, "Each command is a new process through `./rewind` with its defaults "
                + "(`REWIND_CDS=off` for the rows without class-data sharing), over six months of sample archives "
                + "with their sidecars (%d zstd archives, %,d ERROR lines); %d measured runs after 2 warm-ups, "
                + "the commands taking turns. The answers are checked against the generator's ground truth; the "
                + "plan's `sources` say where they came from. Target (issue #14): a six-month count or trend the "
                + "sidecars answer, under 2 s wall, JVM start included. \"Empty cache\" runs get a new `--cache-dir` "
                + "each time (the first question of a day); \"asked before\" share one, as a person repeating a "
                + "question does.%n%n", data.archives().size(), errors, runs));
        md.append("| Command | Median | Min | Max | Answered from |\n|---|--:|--:|--:|---|\n");
        for (int i = 0; i < cases.size(); i++) {
            Timing t = timings.get(i);
            md.append(String.format(Locale.ROOT, "| %s | %,d ms | %,d ms | %,d ms | %s |%n", cases.get(i).name(),
                    t.median().toMillis(), t.min().toMillis(), t.max().toMillis(),
                    sources.get(i)[0] == null ? "" : sources.get(i)[0]));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.print(md);
        return 0;
    }

    /** Runs one command as a user would and checks its answer; returns where the answer came from. */
    private static String run(Path rewind, Case c, long errors, Path shared) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(rewind.toString());
        command.addAll(c.args());
        Path fresh = c.cache() == CacheUse.FRESH ? Files.createTempDirectory(shared.getParent(), "cli-fresh-") : null;
        if (c.cache() != CacheUse.NONE) {
            command.add("--cache-dir");
            command.add((fresh != null ? fresh : shared).toString());
        }
        try {
            return runChecked(command, c, errors);
        } finally {
            if (fresh != null) {
                Directories.deleteTree(fresh);
            }
        }
    }

    private static String runChecked(List<String> command, Case c, long errors) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (!c.cds()) {
            pb.environment().put("REWIND_CDS", "off");
        }
        Process p = pb.start();
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue());
        }
        if (c.args().get(0).equals("--version")) {
            return "";
        }
        JsonNode answer = JSON.readTree(text);
        JsonNode aggregate = answer.get("aggregate");
        long total = 0;
        if (aggregate.get("type").asText().equals("count")) {
            total = aggregate.get("count").asLong();
        } else {
            for (JsonNode series : aggregate.get("series")) {
                for (JsonNode point : series.get("points")) {
                    total += point.get("count").asLong();
                }
            }
        }
        if (total != errors) {
            throw new IllegalStateException(c.name() + " answered " + total + ", the generator wrote " + errors);
        }
        List<String> from = new ArrayList<>();
        answer.get("plan").get("sources").forEach(s -> from.add(s.asText()));
        return String.join(", ", from);
    }
}
