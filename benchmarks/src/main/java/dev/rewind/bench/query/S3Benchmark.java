package dev.rewind.bench.query;

import dev.rewind.api.WireAnswer;
import dev.rewind.bench.BenchmarkCli;
import dev.rewind.bench.harness.Harness;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.ProcessCpu;
import dev.rewind.bench.harness.RunContext;
import dev.rewind.bench.harness.Timing;
import dev.rewind.catalog.ListingScope;
import dev.rewind.cli.CommandEngine;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.RegionCache;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.server.EmbeddedS3;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code s3}: the query path over object storage, tier by tier, in one run: six months of
 * {@code rewind sample} archives (with sidecars) in an S3Proxy bucket in this JVM (filesystem
 * store) and the same files on local disk. Rewind answers through {@code CommandEngine} /
 * {@code QueryEngine}, as {@code rewind query --no-cache --archives s3://… -Ds3.*} does, from
 * three places: <b>cold</b> (S3, the SSD tier emptied before each run), <b>warm</b> (S3, the SSD
 * tier filled by the cold run before it) and <b>local</b> (the files on disk); DuckDB reads the
 * local files. The four take turns run by run. Reported: medians, ratios, each answer's storage
 * stats (GETs, remote bytes, SSD-hit bytes, skipped bytes) against the bucket's bytes, and whether
 * every answer agrees; exits 1 when they do not.
 */
@Command(name = "s3", mixinStandardHelpOptions = true,
        description = "Three queries over six months of sample archives in an in-process S3 bucket: Rewind cold "
                + "(remote), warm (SSD tier) and local, beside DuckDB on the same files; writes a markdown table.")
public final class S3Benchmark implements Callable<Integer> {
    private static final String ACCESS_KEY = "rewind-bench";
    /** The bucket is this process's and lives for one run; the key only has to be one S3Proxy checks. */
    private static final String SECRET_KEY = "rewind-bench-secret";

    @ParentCommand
    private BenchmarkCli cli;

    @Option(names = "--months", paramLabel = "N", description = "months of sample archives from 2024-01-01 (default ${DEFAULT-VALUE})")
    int months = 6;

    @Option(names = "--lines-per-day", paramLabel = "N", description = "average lines a day (default ${DEFAULT-VALUE})")
    int linesPerDay = 50_000;

    @Option(names = "--seed", paramLabel = "S", description = "sample data seed (default ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--runs", paramLabel = "N", description = "measured runs of every query on every tier; rounds "
            + "rotate who goes first, so a multiple of 4 gives each every place alike (default ${DEFAULT-VALUE})")
    int runs = 8;

    @Option(names = "--warmups", paramLabel = "N", description = "unmeasured runs of each first, taking turns (default ${DEFAULT-VALUE})")
    int warmups = 2;

    @Option(names = "--ssd-cache-mb", paramLabel = "MB", description = "the SSD tier's budget; it must hold the bucket "
            + "for the warm runs to be warm (default ${DEFAULT-VALUE})")
    long ssdCacheMb = 2048;

    @Option(names = "--work", paramLabel = "DIR",
            defaultValue = "${sys:rewind.root:-.}/benchmarks/target/bench-work/s3",
            description = "where the sample, the bucket's folder and the SSD tier live (default ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Flink's plugins folder holding the S3 file system (default: plugins/ beside the benchmark jar)")
    Path pluginsDir;

    @Option(names = "--out", paramLabel = "FILE",
            defaultValue = "${sys:rewind.root:-.}/docs/benchmarks/s3.md",
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
        if (ssdCacheMb < 16) {
            throw new IllegalArgumentException("--ssd-cache-mb must be at least 16, was " + ssdCacheMb);
        }
        Path plugins = pluginsDir != null ? pluginsDir : defaultPluginsDir();
        if (plugins == null || !Files.isDirectory(plugins)) {
            throw new IllegalArgumentException("no Flink plugins folder at " + plugins + " (the S3 file system is loaded "
                    + "from it; `mvn -pl benchmarks -am package` puts it in benchmarks/target/plugins)");
        }
        PrintStream log = System.err;
        String loadBefore = RunContext.loadAverage();
        Harness harness = new Harness(runs, warmups);
        SampleArchives data = SampleArchives.prepare(work, months, linesPerDay, seed, log);
        S3Bucket bucket = S3Bucket.fill(data, work.resolve("s3-store"), log);
        log.printf("Sample: %d archives, %.1f MB; bucket %s: %d objects, %.1f MB%n", data.archives().size(),
                data.archiveBytes() / 1e6, bucket.root(), bucket.objects(), bucket.bytes() / 1e6);
        Path ssd = work.resolve("ssd-tier");
        dev.rewind.bench.harness.Directories.deleteTree(ssd);

        String source = DuckDbEngine.source(data.dir());
        List<TierOutcome> outcomes = new ArrayList<>();
        S3Report.Setup setup;
        try (EmbeddedS3 s3 = EmbeddedS3.start(bucket.store(), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
             DuckDbEngine duckDb = DuckDbEngine.open(QueryBenchmark.THREADS)) {
            String duckS3 = duckDb.probeHttpfs();
            LocalDate day = data.ordinaryDay();
            List<BenchQuery> queries = StandardQueries.tiers(data, source, day);
            log.println("Opening the local engine, then the S3 one (the last opened configures this process's storage)");
            try (RewindEngine local = RewindEngine.start(data.dir(), QueryBenchmark.THREADS)) {
                StorageSettings settings = new StorageSettings(s3.flinkConfig(), plugins, ssd, ssdCacheMb << 20,
                        StorageSettings.DEFAULT_REGION_BYTES, StorageSettings.DEFAULT_PARALLEL_GETS,
                        StorageSettings.DEFAULT_MAX_GET_BYTES);
                CommandEngine.Archives remote = new CommandEngine.Archives(List.of(StoragePath.of(bucket.root())), null,
                        settings, ListingScope.ALL);
                IoCost.Counters beforeCatalog = IoCost.Counters.now();
                try (RewindEngine cloud = RewindEngine.start(remote)) {
                    IoCost.Counters afterCatalog = IoCost.Counters.now();
                    if (cloud.archives() != local.archives()) {
                        throw new IllegalStateException("the bucket's catalog has " + cloud.archives()
                                + " archives, the local one " + local.archives());
                    }
                    S3Report.CatalogLoad catalog = new S3Report.CatalogLoad(cloud.catalogLoad(), local.catalogLoad(),
                            afterCatalog.lists() - beforeCatalog.lists(), afterCatalog.gets() - beforeCatalog.gets(),
                            afterCatalog.bytes() - beforeCatalog.bytes());
                    log.printf("Catalogs: local %d ms, S3 %d ms (%d LISTs, %d GETs, %.1f MB)%n",
                            local.catalogLoad().toMillis(), cloud.catalogLoad().toMillis(), catalog.lists(), catalog.gets(),
                            catalog.bytes() / 1e6);
                    Tiers tiers = new Tiers(harness, local, cloud, duckDb, ssd, log);
                    for (BenchQuery query : queries) {
                        outcomes.add(tiers.measure(query));
                    }
                    S3Report.RawReads raw = rawReads(harness, data, bucket, log);
                    setup = new S3Report.Setup(MachineInfo.current(List.of(duckDb.version())), cli.commandLine(), data,
                            bucket, RunContext.display(data.dir()), RunContext.display(bucket.store()), runs, warmups,
                            QueryBenchmark.THREADS, settings, catalog, raw, source, duckS3, loadBefore, RunContext.codeVersion());
                }
            }
        }

        String report = S3Report.render(setup, outcomes);
        System.out.print(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        log.println("Wrote " + out.toAbsolutePath().normalize());
        int mismatches = 0;
        for (TierOutcome o : outcomes) {
            for (String m : o.mismatches()) {
                log.println("MISMATCH in '" + o.query().name() + "': " + m);
                mismatches++;
            }
        }
        return mismatches == 0 ? 0 : 1;
    }

    /**
     * The storage tier alone: every archive read front to back from local disk and from the SSD
     * tier (filled first), nothing decoded, taking turns. A warm read that reaches the bucket fails
     * the run: it would not be measuring the SSD tier.
     */
    private static S3Report.RawReads rawReads(Harness harness, SampleArchives data, S3Bucket bucket, PrintStream log)
            throws Exception {
        log.println("Reading every archive through local disk and through the SSD tier, nothing decoded");
        RawRead local = RawRead.of(StoragePath.of(data.dir()));
        RawRead ssd = RawRead.of(StoragePath.of(bucket.root()));
        if (local.bytes() != ssd.bytes() || local.files() != ssd.files()) {
            throw new IllegalStateException("the bucket lists " + ssd.files() + " archives of " + ssd.bytes()
                    + " bytes, the local folder " + local.files() + " of " + local.bytes());
        }
        ssd.readAll(); // whatever the queries left out is fetched now
        List<IoCounts> warm = new ArrayList<>();
        Harness.Action none = () -> { };
        List<Timing> t = harness.rotate(List.of(local::readAll, () -> warm.add(ssd.readAll())), List.of(none, none));
        for (IoCounts c : warm) {
            if (c.remoteRequests() != 0 || c.cachedBytes() != ssd.bytes()) {
                throw new IllegalStateException("a warm read of the SSD tier sent " + c.remoteRequests() + " GETs and took "
                        + c.cachedBytes() + " of " + ssd.bytes() + " bytes from the tier");
            }
        }
        log.printf("  medians: local %d ms, SSD tier %d ms%n", t.get(0).median().toMillis(), t.get(1).median().toMillis());
        return new S3Report.RawReads(local.files(), local.bytes(), t.get(0), t.get(1));
    }

    /** {@code plugins/} beside the benchmark jar, where the build copies the S3 file system. */
    private static Path defaultPluginsDir() {
        try {
            Path code = Path.of(S3Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("plugins");
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Measures one query on the four: local, cold, warm, DuckDB, taking turns run by run, each round
     * starting one later. Before each cold run (off the clock) the SSD tier is emptied; a warm run
     * finds what the cold run before it fetched. Rewind's answer caches are never asked ({@code queryUncached}).
     */
    private record Tiers(Harness harness, RewindEngine local, RewindEngine cloud, DuckDbEngine duckDb, Path ssd,
                         PrintStream log) {

        TierOutcome measure(BenchQuery query) throws Exception {
            log.println(query.name());
            Recorder onLocal = new Recorder();
            Recorder onCold = new Recorder();
            Recorder onWarm = new Recorder();
            List<Duration> duckCpu = new ArrayList<>();
            Answer[] duckAnswer = new Answer[1];
            Harness.Action none = () -> { };
            List<Timing> timings = harness.rotate(List.of(
                    () -> onLocal.run(local, query),
                    () -> onCold.run(cloud, query),
                    () -> onWarm.run(cloud, query),
                    () -> {
                        long c0 = ProcessCpu.nanos();
                        duckAnswer[0] = duckDb.run(query.duckDbSql(), query.kind());
                        duckCpu.add(Duration.ofNanos(ProcessCpu.nanos() - c0));
                    }),
                    List.of(none, this::emptySsdTier, this::ssdTierHoldsRegions, none));
            log.printf("  medians: local %d ms, cold %d ms, warm %d ms, DuckDB %d ms%n", timings.get(0).median().toMillis(),
                    timings.get(1).median().toMillis(), timings.get(2).median().toMillis(),
                    timings.get(3).median().toMillis());
            int w = harness.warmups();
            return new TierOutcome(query, onLocal.measured(timings.get(0), w), onCold.measured(timings.get(1), w),
                    onWarm.measured(timings.get(2), w), timings.get(3), new Timing(measured(duckCpu, w)), duckAnswer[0]);
        }

        /** One tier's answers, storage costs and CPU times, run by run (warm-ups included until {@link #measured}). */
        private static final class Recorder {
            private final List<WireAnswer> answers = new ArrayList<>();
            private final List<IoCost> costs = new ArrayList<>();
            private final List<Duration> cpu = new ArrayList<>();

            void run(RewindEngine engine, BenchQuery query) throws Exception {
                IoCost.Counters before = IoCost.Counters.now();
                long c0 = ProcessCpu.nanos();
                WireAnswer answer = engine.run(query.rewindBody());
                cpu.add(Duration.ofNanos(ProcessCpu.nanos() - c0));
                IoCost.Counters after = IoCost.Counters.now();
                answers.add(answer);
                costs.add(IoCost.of(answer, before, after));
            }

            TierOutcome.TierRuns measured(Timing wall, int warmups) {
                return new TierOutcome.TierRuns(wall, new Timing(Tiers.measured(cpu, warmups)),
                        Tiers.measured(answers, warmups), Tiers.measured(costs, warmups));
            }
        }

        private static <T> List<T> measured(List<T> all, int warmups) {
            return all.subList(warmups, all.size());
        }

        /** Cold: no region of any object on the SSD tier, in its index or in its folder. */
        private void emptySsdTier() throws IOException {
            RegionCache cache = Storages.cache();
            if (cache == null) {
                throw new IllegalStateException("no SSD tier is configured");
            }
            cache.clear();
            long files;
            try (Stream<Path> f = Files.list(ssd)) {
                files = f.filter(p -> p.getFileName().toString().endsWith(".rgn")).count();
            }
            if (cache.regions() != 0 || files != 0) {
                throw new IllegalStateException("the SSD tier still holds " + cache.regions() + " regions, " + files
                        + " files, after clearing it");
            }
        }

        /** Warm: the cold run before has left the regions it fetched. */
        private void ssdTierHoldsRegions() {
            if (Storages.cache().regions() == 0) {
                throw new IllegalStateException("the SSD tier is empty before a warm run");
            }
        }
    }
}
