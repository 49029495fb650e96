package dev.rewind.bench.format;

import dev.rewind.bench.BenchmarkCli;
import dev.rewind.bench.harness.Harness;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.connectors.archive.write.ArchiveWriter;
import dev.rewind.connectors.codec.Codec;
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
 * {@code format}: the archive format benchmark (see {@link BenchmarkCli} for what it measures).
 * Progress goes to stderr; the markdown table to stdout and to {@code --out}.
 */
@Command(name = "format", mixinStandardHelpOptions = true,
        description = "Decoder throughput against the CLI tools, indexing rate, sidecar size and framing's "
                + "ratio loss per codec, then a frame-size comparison; writes a markdown table.")
public final class FormatBenchmark implements Callable<Integer> {
    @ParentCommand
    private BenchmarkCli cli;

    @Option(names = "--days", paramLabel = "N",
            description = "days of sample logs in the raw corpus; 17 days of 50,000 lines (~12 MB a day) is ~200 MB "
                    + "(default ${DEFAULT-VALUE})")
    int days = 17;

    @Option(names = "--lines-per-day", paramLabel = "N", description = "lines per day (default ${DEFAULT-VALUE})")
    int linesPerDay = 50_000;

    @Option(names = "--seed", paramLabel = "S", description = "sample data seed (default ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--runs", paramLabel = "N", description = "measured runs after one warm-up (default ${DEFAULT-VALUE})")
    int runs = 5;

    @Option(names = "--codecs", split = ",", paramLabel = "CODEC",
            description = "codecs to measure (default gzip,zstd,lz4)")
    List<String> codecs = List.of("gzip", "zstd", "lz4");

    @Option(names = "--frame-size", paramLabel = "BYTES", converter = ByteSizes.class,
            description = "frame size of the per-codec table, e.g. 1M (default: ArchiveWriter.DEFAULT_FRAME_SIZE)")
    int frameSize = ArchiveWriter.DEFAULT_FRAME_SIZE;

    @Option(names = "--frame-sizes", split = ",", paramLabel = "BYTES", converter = ByteSizes.class,
            description = "frame sizes to compare (default 256K,1M,2M,4M)")
    List<Integer> frameSizes = List.of(256 << 10, 1 << 20, 2 << 20, 4 << 20);

    @Option(names = "--work", paramLabel = "DIR",
            defaultValue = "${sys:rewind.root:-.}/benchmarks/target/bench-work",
            description = "scratch directory for the corpus and archives (default ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--out", paramLabel = "FILE",
            defaultValue = "${sys:rewind.root:-.}/docs/benchmarks/format.md",
            description = "markdown file to write (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (days < 1 || days > 3000) {
            throw new IllegalArgumentException("--days must be between 1 and 3000, was " + days);
        }
        if (linesPerDay < 1 || linesPerDay > 10_000_000) {
            throw new IllegalArgumentException("--lines-per-day must be between 1 and 10,000,000, was " + linesPerDay);
        }
        List<Codec> selected = new ArrayList<>();
        for (String name : codecs) {
            Codec codec = Codec.parse(name);
            if (codec == Codec.PLAIN) {
                throw new IllegalArgumentException("--codecs: plain has no CLI tool to compare with; use gzip, zstd or lz4");
            }
            selected.add(codec);
        }
        PrintStream log = System.err;
        Harness harness = new Harness(runs);

        log.printf("Preparing the corpus: %d days x %,d lines in %s%n", days, linesPerDay, work);
        Corpus corpus = Corpus.prepare(work, days, linesPerDay, seed);
        log.printf("Corpus: %.1f MB raw%n", corpus.rawBytes() / 1e6);

        CodecBenchmark perCodec = new CodecBenchmark(corpus, work, harness, frameSize, log);
        List<CodecResult> results = new ArrayList<>();
        Map<Codec, Long> singleFrameBytes = new LinkedHashMap<>();
        for (Codec codec : selected) {
            CodecResult result = perCodec.run(codec);
            results.add(result);
            singleFrameBytes.put(codec, result.singleFrameBytes());
        }
        log.println("Frame sizes");
        List<FrameSizeResult> sweep = new FrameSizeSweep(corpus, work, log).run(frameSizes, singleFrameBytes);

        List<String> tools = selected.stream().map(c -> CliTool.of(c).version()).toList();
        String report = FormatReport.render(MachineInfo.current(tools), cli.commandLine(), corpus, frameSize,
                runs, results, sweep);
        System.out.print(report);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(out, report, StandardCharsets.UTF_8);
        log.println("Wrote " + out.toAbsolutePath().normalize());
        return 0;
    }
}
