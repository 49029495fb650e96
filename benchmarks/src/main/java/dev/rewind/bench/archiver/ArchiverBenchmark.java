package dev.rewind.bench.archiver;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.rewind.bench.BenchmarkCli;
import dev.rewind.bench.harness.Directories;
import dev.rewind.bench.harness.Latencies;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.RunContext;
import dev.rewind.job.archiver.ArchiveLayout;
import dev.rewind.job.archiver.ArchiveLine;
import dev.rewind.job.archiver.ArchiveManifest;
import dev.rewind.job.archiver.ArchiverJob;
import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.job.runner.EmbeddedJobRunner;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The streaming archiver end to end, from a local broker to committed archives, beside Flink's own
 * {@code FileSink} writing the same lines as plain zstd NDJSON (no frames, no index) in the same
 * run: the same Kafka source and line-time parsing, the same windows, the same checkpoint interval
 * and exactly-once commits, on the same MiniCluster; only the sink differs, so the ratio is what
 * framing, indexing and pre-aggregates cost. Target: the archiver within 1.5× the FileSink's time.
 */
@Command(name = "archiver", mixinStandardHelpOptions = true,
        description = "Lines per second from a local broker to committed archives, vs Flink's FileSink writing zstd NDJSON.")
public final class ArchiverBenchmark implements Callable<Integer> {
    private static final String TOPIC = "bench-logs";

    @ParentCommand
    private BenchmarkCli cli;

    @Option(names = "--lines", paramLabel = "N", description = "lines a day for the generator: about this many lines "
            + "in the topic (default ${DEFAULT-VALUE})")
    int linesPerDay = 400_000;

    /** Lines in the topic: what the generator wrote for the day. */
    private long lines;

    @Option(names = "--runs", paramLabel = "N", description = "measured runs of each sink, taking turns (default ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--checkpoint-interval", paramLabel = "SECONDS", description = "both jobs' (default ${DEFAULT-VALUE})")
    int checkpointSeconds = 5;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "${sys:rewind.root:-.}/benchmarks/target/bench-work",
            description = "scratch space (default ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "${sys:rewind.root:-.}/docs/benchmarks/archiver.md",
            description = "markdown file to write (default ${DEFAULT-VALUE})")
    Path out;

    private final PrintStream log = System.err;

    /** One measured run of one sink. */
    record Run(String sink, double seconds, long lines, long files, long bytes, long indexBytes) {
        double linesPerSecond() {
            return lines / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        String load = RunContext.loadAverage();
        Path scratch = work.resolve("archiver");
        Directories.deleteTree(scratch);
        Files.createDirectories(scratch);
        LocalDate day = LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1);
        List<Run> archiver = new ArrayList<>();
        List<Run> fileSink = new ArrayList<>();
        long rawBytes;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(TOPIC, 1);
            rawBytes = produce(kafka.bootstrapServers(), day, scratch);
            try (EmbeddedJobRunner cluster = EmbeddedJobRunner.start(
                    new EmbeddedJobRunner.Settings(0, "127.0.0.1", 2, 2, scratch.resolve("flink-tmp")))) {
                for (int i = -1; i < runs; i++) { // run -1 warms both up; then they take turns
                    Run a = runArchiver(cluster, kafka.bootstrapServers(), scratch.resolve("archiver-" + i));
                    Run f = runFileSink(cluster, kafka.bootstrapServers(), scratch.resolve("filesink-" + i));
                    log.printf(Locale.ROOT, "run %d: archiver %.2f s, FileSink %.2f s%n", i, a.seconds(), f.seconds());
                    if (i >= 0) {
                        archiver.add(a);
                        fileSink.add(f);
                    }
                }
            }
        }
        String report = render(load, day, rawBytes, archiver, fileSink);
        System.out.print(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        log.println("Wrote " + out.toAbsolutePath().normalize());
        Directories.deleteTree(scratch);
        return 0;
    }

    /** Writes one day of sample lines (the demo's generator) into the topic; returns their raw bytes. */
    private long produce(String bootstrap, LocalDate day, Path scratch) throws IOException {
        Path file = scratch.resolve("day.ndjson");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            new SampleGenerator(new SampleSpec(day, 1, linesPerDay, 42, SampleSpec.defaults().codecs())).writeDay(day, o);
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        long t0 = System.nanoTime();
        long sent = 0;
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer()); BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                byte[] value = line.getBytes(StandardCharsets.UTF_8);
                // Kafka's own time is now (the broker keeps records by it); the line's time is yesterday's
                producer.send(new ProducerRecord<>(TOPIC, value));
                sent++;
                bytes += value.length + 1;
            }
            producer.flush();
        }
        Files.delete(file);
        lines = sent;
        log.printf(Locale.ROOT, "produced %,d lines (%,.1f MB) in %.1f s%n", sent, bytes / 1e6, (System.nanoTime() - t0) / 1e9);
        return bytes;
    }

    private ArchiverJob job(String bootstrap, Path target) {
        return ArchiverJob.builder().bootstrapServers(bootstrap).topic(TOPIC).target(target.toString())
                .rollInterval(Duration.ofHours(1)).checkpointInterval(Duration.ofSeconds(checkpointSeconds))
                .stopAtEnd(true).build();
    }

    private Run runArchiver(EmbeddedJobRunner cluster, String bootstrap, Path target) throws Exception {
        ArchiverJob job = job(bootstrap, target);
        StreamExecutionEnvironment env = cluster.environment(RuntimeExecutionMode.STREAMING);
        env.configure(job.configuration());
        job.addTo(env, Map.of());
        double seconds = run(env, "archiver");
        ArchiveManifest manifest = ArchiveManifest.readLocal(target).orElseThrow();
        if (manifest.linesCommitted() != lines) {
            throw new IllegalStateException("the archiver committed " + manifest.linesCommitted() + " lines of " + lines);
        }
        long sidecars = filesBytes(target, ".idx");
        return new Run("archiver", seconds, manifest.linesCommitted(), manifest.archivesCommitted(),
                filesBytes(target, ArchiveLayout.ARCHIVE_SUFFIX) + sidecars, sidecars);
    }

    /** Flink's FileSink behind the same stream: zstd NDJSON per window, rolled at each checkpoint, no index. */
    private Run runFileSink(EmbeddedJobRunner cluster, String bootstrap, Path target) throws Exception {
        ArchiverJob job = job(bootstrap, target);
        StreamExecutionEnvironment env = cluster.environment(RuntimeExecutionMode.STREAMING);
        env.configure(job.configuration());
        FileSink<ArchiveLine> sink = FileSink.forBulkFormat(new org.apache.flink.core.fs.Path(target.toUri()), new ZstdNdjson())
                .withBucketAssigner(new Windows(job.layout()))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartSuffix(".ndjson.zst").build())
                .build();
        job.lines(env, Map.of()).sinkTo(sink).name("FileSink").setParallelism(1);
        double seconds = run(env, "FileSink");
        long found = 0;
        long files = 0;
        try (Stream<Path> all = Files.walk(target)) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".ndjson.zst")
                    && !p.getFileName().toString().startsWith(".")).toList()) {
                files++;
                try (InputStream in = new ZstdInputStream(Files.newInputStream(p))) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        for (int i = 0; i < n; i++) {
                            found += buffer[i] == '\n' ? 1 : 0;
                        }
                    }
                }
            }
        }
        if (found != lines) {
            throw new IllegalStateException("the FileSink committed " + found + " lines of " + lines);
        }
        return new Run("FileSink", seconds, found, files, filesBytes(target, ".ndjson.zst"), 0);
    }

    /** Submits, waits for the end (the last commit included), returns the seconds taken. */
    private static double run(StreamExecutionEnvironment env, String name) throws Exception {
        long t0 = System.nanoTime();
        JobClient client = env.executeAsync("benchmark " + name);
        client.getJobExecutionResult().get();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long filesBytes(Path dir, String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)
                    && !p.getFileName().toString().startsWith(".") && !p.toString().contains("/_rewind/"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private String render(String load, LocalDate day, long rawBytes, List<Run> archiver, List<Run> fileSink) {
        Latencies a = new Latencies(archiver.stream().mapToDouble(Run::seconds).toArray());
        Latencies f = new Latencies(fileSink.stream().mapToDouble(Run::seconds).toArray());
        double ratio = a.median() / f.median();
        StringBuilder md = new StringBuilder("# Streaming archiver benchmark\n\n");
        md.append("Machine: ").append(MachineInfo.current(List.of()).describe()).append(".\n\n");
        md.append("Command: `").append(cli.commandLine()).append("`\n\n");
        md.append("Code: ").append(RunContext.codeVersion()).append(". Load average (1 min) when the run began: ")
                .append(load).append(" (the machine's 2 cores are shared with other builds: figures are of this run).\n\n");
        md.append(String.format(Locale.ROOT, "Data: %,d lines (%,.1f MB of NDJSON) of the sample generator's day %s, in one "
                + "partition of a local KRaft broker (in the benchmark's JVM). Each run reads the whole topic from its "
                + "start and ends at its end (bounded source), on one warm MiniCluster, parallelism 1; the time is from "
                + "submission to the job's end, the last commit included.%n%n", lines, rawBytes / 1e6, day));
        md.append("Both jobs: the archiver's Kafka source and line-time parsing (`ArchiverJob.lines`), windows of 1 h, "
                + String.format(Locale.ROOT, "exactly-once checkpoints every %d s (each closes the files being written "
                + "and commits them), zstd level 3. ", checkpointSeconds)
                + "*Archiver*: framed archives (1 MiB frames) with sidecars (summary, hourly pre-aggregates, WARN+ "
                + "templates, per-frame token bloom filters), committed archive then sidecar, then the manifest. "
                + "*FileSink*: Flink's own `FileSink` in bulk format, one zstd stream of NDJSON per window and "
                + "checkpoint, no index.\n\n");
        md.append(String.format(Locale.ROOT, "%d measured runs of each after one warm-up run each, taking turns.%n%n", a.count()));
        md.append("| Sink | median s | min s | max s | lines/s (median) | MB/s raw | files | bytes on disk (first run) |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
        row(md, "Rewind archiver", a, archiver.get(0), rawBytes);
        row(md, "Flink FileSink, zstd NDJSON", f, fileSink.get(0), rawBytes);
        boolean met = ratio <= 1.5;
        md.append(String.format(Locale.ROOT, "%nThe archiver's time over the FileSink's: **%.2f×** (target ≤ 1.5×: %s). "
                + "Both committed every line exactly once (checked: the manifest's count; the FileSink's files "
                + "decoded and counted).%n", ratio, met ? "met" : "**missed**"));
        md.append(String.format(Locale.ROOT, "%nWhat the ratio buys: %,.0f bytes of sidecars beside %,.0f bytes of "
                + "archives answer counts and trends per hour, level and service without decompressing, and let a text "
                + "search skip frames.%n", (double) archiver.get(0).indexBytes(),
                (double) (archiver.get(0).bytes() - archiver.get(0).indexBytes())));
        return md.toString();
    }

    private static void row(StringBuilder md, String name, Latencies t, Run first, long rawBytes) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %,.0f | %.1f | %d | %,d |%n", name, t.median(),
                t.percentile(0), t.max(), first.lines() / t.median(), rawBytes / 1e6 / t.median(), first.files(), first.bytes()));
    }

    /** The window folder of a line, as the archiver names it ({@code dt=.../hour=...}). */
    static final class Windows implements BucketAssigner<ArchiveLine, String> {
        private final ArchiveLayout layout;

        Windows(ArchiveLayout layout) {
            this.layout = layout;
        }

        @Override
        public String getBucketId(ArchiveLine line, Context context) {
            String folder = layout.folderOf(layout.windowOf(line.timeMillis()));
            return folder.substring(folder.indexOf("dt="));
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }

    /** NDJSON through one zstd stream (level 3, as the archiver's frames), buffered as the archiver buffers a frame. */
    static final class ZstdNdjson implements BulkWriter.Factory<ArchiveLine> {
        @Override
        public BulkWriter<ArchiveLine> create(FSDataOutputStream out) throws IOException {
            ZstdOutputStream zstd = new ZstdOutputStream(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush(); // the FileSink closes its stream itself
                }
            }, 3);
            OutputStream buffered = new BufferedOutputStream(zstd, 1 << 20);
            return new BulkWriter<>() {
                @Override
                public void addElement(ArchiveLine line) throws IOException {
                    buffered.write(line.value());
                    buffered.write('\n');
                }

                @Override
                public void flush() throws IOException {
                    buffered.flush();
                }

                @Override
                public void finish() throws IOException {
                    buffered.close();
                }
            };
        }
    }
}
