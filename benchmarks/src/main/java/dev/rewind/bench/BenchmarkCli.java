package dev.rewind.bench;

import dev.rewind.bench.analysis.AnalysisBenchmark;
import dev.rewind.bench.archiver.ArchiverBenchmark;
import dev.rewind.bench.api.ApiBenchmark;
import dev.rewind.bench.cli.CliBenchmark;
import dev.rewind.bench.format.FormatBenchmark;
import dev.rewind.bench.patterns.PatternsBenchmark;
import dev.rewind.bench.query.QueryBenchmark;
import dev.rewind.bench.query.S3Benchmark;
import dev.rewind.bench.soak.SoakBenchmark;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Rewind's benchmarks, one subcommand each, run with {@code ./benchmarks/run <benchmark>}. Each
 * prints a markdown table (machine, command and settings in its header) and writes it under
 * {@code docs/benchmarks/}. Times are medians of several runs after a warm-up.
 *
 * <p>{@code format} — the archive format (DESIGN.md, "Archive format"), per codec (gzip, zstd,
 * LZ4) over a raw corpus of generated sample logs (~200 MB by default):
 * <ul>
 *   <li><b>decoder throughput</b>: our streaming decoder ({@code FrameDecoders}) against the CLI
 *       tool ({@code gzip -dc}, {@code zstd -dc}, {@code lz4 -dc} to /dev/null) on the same framed
 *       archive, in raw MB/s; target ≥ 0.8× the tool;</li>
 *   <li><b>indexing rate</b>: {@code ArchiveIndexer} over the tool's own single-frame file (a
 *       foreign archive), and {@code ArchiveWriter} writing frames and sidecar in one pass;</li>
 *   <li><b>sidecar size</b> as a share of the archive's bytes; target ≤ 3%;</li>
 *   <li><b>framing's cost</b>: the compression ratio lost against the tool's single-frame file;
 *       target ≤ 5% for zstd at the chosen frame size;</li>
 *   <li><b>frame size</b>: the same sizes at 256 KiB, 1 MiB, 2 MiB and 4 MiB, which is how
 *       {@code ArchiveWriter.DEFAULT_FRAME_SIZE} is chosen.</li>
 * </ul>
 * Targets are reported in the table, not asserted: a slow shared machine should not fail a build.
 *
 * <p>{@code query} — queries over six months of {@code rewind sample} archives (zstd, ~50,000
 * lines a day), side by side in one run with {@code zstd -dc | grep} and with DuckDB's
 * {@code read_json} (in-process JDBC) over the same files, each on two cores: the ERROR count,
 * the newest 1,000 ERROR lines, one day's ERROR lines, a token in three lines, counts per day and
 * level. Rewind runs as {@code rewind query} does, on one warm MiniCluster. Reported: wall-time
 * medians, ratios, Rewind's bytes read, where Rewind's time goes (its answer's stage timings), and
 * whether the three answers agree with each other and with the generator's ground truth. Targets:
 * newest 1,000 ERROR lines &lt; 1 s, one day's ERROR lines &lt; 300 ms, the rare token &lt; 1 s,
 * the full-scan ERROR count no slower than DuckDB.
 *
 * <p>{@code api} — the HTTP API over real sockets: {@code /api/archives} and {@code /api/stats}
 * latency with 1,500 archives, the six-month ERROR query's first page cold and cached on
 * {@code ./rewind demo} (a separate process) and that process's resident memory, and the cache's
 * hit rate on a repeated question and on a replayed session of 100, with and without prefetch.
 *
 * <p>{@code patterns} — error types (template mining) against the Loghub ground truth, beside Drain.
 *
 * <p>{@code cli} — {@code rewind query} as separate processes through {@code ./rewind}: the fixed
 * cost, and a six-month count and trend the sidecars answer, with and without class-data sharing.
 *
 * <p>{@code analysis} — {@code GET /api/analysis/errors} over six months from the sidecars on a
 * warm server (target &lt; 100 ms), checked against the generator's ground truth; and over the same
 * logs as foreign zstd files without sidecars, indexed on the way, beside DuckDB's counts per day
 * and level.
 *
 * <p>{@code archiver} — the streaming archiver end to end, from a local broker to committed
 * archives, beside Flink's own {@code FileSink} writing plain zstd NDJSON in the same run (same
 * source, parsing, windows and checkpoints); target: within 1.5× of it.
 *
 * <p>{@code soak} — an hour of mixed load on {@code ./rewind serve} with its defaults (a separate
 * process) over six months of other tools' archives (1,456 files by gzip, zstd and lz4, no
 * sidecars): the seed's question the moment it is healthy, then paging, patterns, needles, a text
 * count, one-day pages of 10,000, cache clears, archives added and damaged; every answer checked,
 * p50/p99 per kind, memory every 5 s. Exits 1 on any error.
 *
 * <p>{@code s3} — the query path over object storage: six months of sample archives in an S3Proxy
 * bucket in this JVM and the same files on disk; the six-month ERROR count, the newest 1,000 ERROR
 * lines and one day's ERROR lines on Rewind cold (remote), warm (SSD tier) and local, beside DuckDB
 * on the local files, taking turns; each answer's GETs, remote bytes and SSD-hit bytes against the
 * bucket's bytes. Target: warm within 1.2× of local. Exits 1 when the answers disagree.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true, version = "rewind-benchmarks 0.1.0",
        description = "Rewind's benchmarks; each writes a markdown table.",
        subcommands = {FormatBenchmark.class, QueryBenchmark.class, PatternsBenchmark.class, ApiBenchmark.class,
                AnalysisBenchmark.class, ArchiverBenchmark.class, CliBenchmark.class, SoakBenchmark.class,
                S3Benchmark.class})
public final class BenchmarkCli implements Runnable {
    /** How the run script names itself in the tables' "Command:" line; set with -Drewind.command. */
    private static final String COMMAND_PROPERTY = "rewind.command";

    @Spec
    private CommandSpec spec;

    private final String[] args;

    public BenchmarkCli(String... args) {
        this.args = args.clone();
    }

    public static void main(String[] args) {
        // kafka-test-common-runtime (on the classpath through query-frontend) ships a log4j2.yaml
        // that logs INFO to stdout, and log4j prefers YAML to any log4j2.xml; stdout is for the
        // tables, so name ours explicitly unless the user chose one.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "rewind-bench-log4j2.xml");
        }
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new BenchmarkCli(args));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("benchmarks: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (!(e instanceof IllegalArgumentException)) {
                e.printStackTrace(commandLine.getErr()); // a failed measurement: the trace says where
            }
            return 1;
        });
        return cli.execute(args);
    }

    /** The command line that started this run, as a reader would retype it. */
    public String commandLine() {
        String program = System.getProperty(COMMAND_PROPERTY, "java -jar benchmarks/target/rewind-benchmarks.jar");
        return program + Arrays.stream(args).map(BenchmarkCli::quote).collect(Collectors.joining(" ", " ", ""));
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a benchmark: format, query, patterns, api, analysis, archiver, cli, soak or s3");
    }
}
