package dev.rewind.bench.query;

import dev.rewind.api.WireAnswer;
import dev.rewind.bench.BenchmarkCli;
import dev.rewind.bench.harness.ExternalCommand;
import dev.rewind.bench.harness.Harness;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.RunContext;
import dev.rewind.bench.harness.Timing;
import dev.rewind.connectors.archive.format.ArchiveFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code query}: Rewind's queries side by side with {@code zstd -dc | grep} and DuckDB's
 * {@code read_json} on the same zstd sample archives (see {@link BenchmarkCli} for what it
 * measures). Progress goes to stderr; the markdown table to stdout and to {@code --out}.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Five queries over months of zstd sample archives on Rewind (warm MiniCluster), "
                + "zstd -dc | grep and DuckDB read_json: wall-time medians, ratios, bytes read, answers checked; "
                + "writes a markdown table.")
public final class QueryBenchmark implements Callable<Integer> {
    /**
     * Cores each tool gets: the MiniCluster's slots, DuckDB's threads, and what a two-process
     * pipeline (zstd, grep) uses. The machines this runs on have two.
     */
    static final int THREADS = 2;
    private static final Pattern ORDER_ID = Pattern.compile("ord-[0-9]+");

    @ParentCommand
    private BenchmarkCli cli;

    @Option(names = "--months", paramLabel = "N", description = "months of sample archives from 2024-01-01 (default ${DEFAULT-VALUE})")
    int months = 6;

    @Option(names = "--lines-per-day", paramLabel = "N", description = "average lines a day (default ${DEFAULT-VALUE})")
    int linesPerDay = 50_000;

    @Option(names = "--seed", paramLabel = "S", description = "sample data seed (default ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--runs", paramLabel = "N", description = "measured runs after one warm-up (default ${DEFAULT-VALUE})")
    int runs = 5;

    @Option(names = "--warmups", paramLabel = "N",
            description = "unmeasured runs of every query on every tool first, taking turns (default ${DEFAULT-VALUE})")
    int warmups = 3;

    @Option(names = "--work", paramLabel = "DIR",
            defaultValue = "${sys:rewind.root:-.}/benchmarks/target/bench-work/query",
            description = "where the sample archives are generated once and kept (default ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--out", paramLabel = "FILE",
            defaultValue = "${sys:rewind.root:-.}/docs/benchmarks/query.md",
            description = "markdown file to write (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (months < 1 || months > 120) {
            throw new IllegalArgumentException("--months must be between 1 and 120, was " + months);
        }
        if (linesPerDay < 1_000 || linesPerDay > 10_000_000) {
            throw new IllegalArgumentException("--lines-per-day must be between 1,000 and 10,000,000, was " + linesPerDay);
        }
        PrintStream log = System.err;
        String loadBefore = RunContext.loadAverage();
        Harness harness = new Harness(runs, warmups);
        SampleArchives data = SampleArchives.prepare(work, months, linesPerDay, seed, log);
        log.printf("Sample: %d archives, %.1f MB, %,d lines%n", data.archives().size(), data.archiveBytes() / 1e6, data.lines());

        String source = DuckDbEngine.source(data.dir());
        List<QueryOutcome> outcomes = new ArrayList<>();
        QueryReport.Floor floor;
        QueryReport.Setup setup;
        try (DuckDbEngine duckDb = DuckDbEngine.open(THREADS)) {
            String token = rareToken(data, duckDb, source, log);
            LocalDate day = data.ordinaryDay();
            List<BenchQuery> queries = StandardQueries.of(data, source, token, day);
            log.printf("Starting a MiniCluster with %d slots and loading the catalog%n", THREADS);
            try (RewindEngine rewind = RewindEngine.start(data.dir(), THREADS)) {
                log.printf("MiniCluster up in %d ms, catalog of %d archives loaded in %d ms%n",
                        rewind.clusterStart().toMillis(), rewind.archives(), rewind.catalogLoad().toMillis());
                SideBySide sideBySide = new SideBySide(harness, rewind, duckDb, log);
                for (BenchQuery query : queries) {
                    outcomes.add(sideBySide.measure(query));
                }
                floor = sideBySide.floor(StandardQueries.emptyRangeBody(data));
                setup = new QueryReport.Setup(MachineInfo.current(tools(duckDb)), cli.commandLine(), data,
                        RunContext.display(data.dir()), runs, warmups, THREADS, rewind.clusterStart(), rewind.catalogLoad(),
                        sidecarBytes(data), source, loadBefore, RunContext.codeVersion());
            }
        }

        String report = QueryReport.render(setup, outcomes, floor);
        System.out.print(report);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(out, report, StandardCharsets.UTF_8);
        log.println("Wrote " + out.toAbsolutePath().normalize());
        for (QueryOutcome o : outcomes) {
            for (String mismatch : o.mismatches()) {
                log.println("MISMATCH in '" + o.query().name() + "': " + mismatch);
            }
        }
        return 0;
    }

    /**
     * An order id in exactly three lines of the sample: the first in id order, found once with
     * DuckDB and cached beside the sample (outside its directory, where the catalog would take it
     * for an archive).
     */
    private static String rareToken(SampleArchives data, DuckDbEngine duckDb, String source, PrintStream log)
            throws Exception {
        Path cache = data.dir().resolveSibling(data.dir().getFileName() + ".rare-token");
        if (Files.exists(cache)) {
            String token = Files.readString(cache, StandardCharsets.UTF_8).strip();
            if (ORDER_ID.matcher(token).matches()) {
                return token;
            }
        }
        log.println("Choosing a token that occurs in three lines (one DuckDB pass over the sample)");
        String token = duckDb.queryString("SELECT token FROM (SELECT regexp_extract(message, 'ord-[0-9]+') AS token FROM "
                + source + ") WHERE token <> '' GROUP BY token HAVING count(*) = 3 ORDER BY token LIMIT 1");
        if (token == null) {
            throw new IllegalStateException("no order id occurs in exactly three lines of " + data.dir()
                    + "; use more days or lines a day");
        }
        Files.writeString(cache, token + "\n", StandardCharsets.UTF_8);
        return token;
    }

    private static List<String> tools(DuckDbEngine duckDb) throws Exception {
        return List.of(ExternalCommand.version("zstd", "-V"), ExternalCommand.version("grep", "-V"),
                ExternalCommand.version("mawk", "-Wversion"), duckDb.version());
    }

    private static long sidecarBytes(SampleArchives data) throws IOException {
        long bytes = 0;
        for (Path archive : data.archives()) {
            bytes += Files.size(ArchiveFiles.sidecarBeside(archive));
        }
        return bytes;
    }


    /**
     * Measures one query on the three tools: a warm-up each, then the harness's runs taking turns
     * (Rewind, grep, DuckDB, Rewind, ...), so load from elsewhere on a shared machine hits all three.
     */
    private record SideBySide(Harness harness, RewindEngine rewind, DuckDbEngine duckDb, PrintStream log) {

        QueryOutcome measure(BenchQuery query) throws Exception {
            log.println(query.name());
            List<WireAnswer> rewindRuns = new ArrayList<>();
            String[] shellOutput = new String[1];
            Answer[] duckAnswer = new Answer[1];
            List<Timing> timings = harness.interleave(List.of(
                    () -> rewindRuns.add(rewind.run(query.rewindBody())),
                    () -> shellOutput[0] = query.shell().run(),
                    () -> duckAnswer[0] = duckDb.run(query.duckDbSql(), query.kind())));
            log.printf("  medians: Rewind %d ms, grep %d ms, DuckDB %d ms%n", timings.get(0).median().toMillis(),
                    timings.get(1).median().toMillis(), timings.get(2).median().toMillis());
            List<WireAnswer> measured = rewindRuns.subList(1, rewindRuns.size());
            Answer rewindAnswer = query.kind().fromRewind(measured.get(measured.size() - 1));
            return new QueryOutcome(query, timings.get(0), timings.get(1), timings.get(2), rewindAnswer,
                    query.kind().fromShell(shellOutput[0]), duckAnswer[0], measured);
        }

        QueryReport.Floor floor(String body) throws Exception {
            log.println("Floor: a query that selects nothing");
            List<WireAnswer> runs = new ArrayList<>();
            Timing timing = harness.measure(() -> runs.add(rewind.run(body)));
            return new QueryReport.Floor(body, timing, runs.subList(1, runs.size()));
        }
    }
}
