package dev.rewind.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.bench.BenchmarkCli;
import dev.rewind.bench.harness.Directories;
import dev.rewind.bench.harness.Http;
import dev.rewind.bench.harness.Latencies;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.RunContext;
import dev.rewind.bench.query.SampleArchives;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import dev.rewind.server.RewindServer;
import dev.rewind.server.ServerConfig;
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
 * The HTTP API as its users meet it, over real sockets: catalog and stats latency with 1,500
 * archives; the six-month ERROR query's first page cold and cached, and the resident memory of
 * {@code rewind demo} (the real script, a separate process) while it answers; the cache's hit rate
 * on the same question repeated and on a replayed session of 100 questions, with and without
 * prefetch. Targets are reported, not asserted.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "HTTP API latency, cache hit rates and the demo's resident memory; writes docs/benchmarks/api.md.")
public final class ApiBenchmark implements Callable<Integer> {
    /** The question of the acceptance, verbatim. */
    static final String SIX_MONTH_ERRORS = "{\"start_time\": \"2024-01-01T00:00:00\", \"end_time\": \"2024-06-30T23:59:59\", "
            + "\"filters\": {\"level\": \"ERROR\"}, \"page_size\": 1000}";

    @ParentCommand
    private BenchmarkCli cli;

    @Option(names = "--archives", paramLabel = "N", description = "archives in the catalog for the latency part (default ${DEFAULT-VALUE})")
    int archives = 1500;

    @Option(names = "--requests", paramLabel = "N", description = "requests per endpoint for the latency part (default ${DEFAULT-VALUE})")
    int requests = 1000;

    @Option(names = "--runs", paramLabel = "N", description = "runs of the six-month query, cold and cached (default ${DEFAULT-VALUE})")
    int runs = 5;

    @Option(names = "--session", paramLabel = "N", description = "questions in the replayed session (default ${DEFAULT-VALUE})")
    int session = 100;

    @Option(names = "--session-seed", paramLabel = "S", description = "seed of the replayed session (default ${DEFAULT-VALUE})")
    long sessionSeed = 7;

    @Option(names = "--skip-demo", description = "leave out the part that runs ./rewind demo (cold/cached first page, memory)")
    boolean skipDemo;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "${sys:rewind.root:-.}/benchmarks/target/bench-work",
            description = "where samples are generated once and kept (default ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "${sys:rewind.root:-.}/docs/benchmarks/api.md",
            description = "markdown file to write (default ${DEFAULT-VALUE})")
    Path out;

    private final PrintStream log = System.err;

    @Override
    public Integer call() throws Exception {
        if (archives < 1 || requests < 10 || runs < 1 || session < 2) {
            throw new IllegalArgumentException("--archives ≥ 1, --requests ≥ 10, --runs ≥ 1 and --session ≥ 2 are needed");
        }
        ApiReport report = new ApiReport(MachineInfo.current(List.of()), cli.commandLine(), RunContext.codeVersion(),
                RunContext.loadAverage());
        report.catalog = catalogLatency();
        SampleArchives data = SampleArchives.prepare(work.resolve("query"), 6, 50_000, 42, log);
        report.sample = data;
        report.sampleDir = RunContext.display(data.dir());
        if (!skipDemo) {
            report.demo = demoQuery(data);
        }
        report.seed = hitRate(data, List.of(new SessionReplay.Step("the same question", "ERROR_LINES", null, null,
                SIX_MONTH_ERRORS)), 20, false);
        List<SessionReplay.Step> steps = SessionReplay.generate(SampleArchives.START, data.spec().end(), session, sessionSeed);
        report.replayWithout = hitRate(data, steps, 1, false);
        report.replayWith = hitRate(data, steps, 1, true);
        report.steps = steps;
        String text = report.render();
        System.out.print(text);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
        log.println("Wrote " + out.toAbsolutePath().normalize());
        return 0;
    }

    // ---- 1. catalog and stats with many archives ----

    record CatalogLatency(int archives, Latencies health, Latencies catalog, Latencies stats, Latencies burst,
                          int burstSize) {
    }

    private CatalogLatency catalogLatency() throws Exception {
        Path dir = work.resolve("api").resolve("catalog-" + archives);
        int count = manyArchives(dir);
        log.printf("Latency: %d archives in the catalog, %,d requests per endpoint%n", count, requests);
        try (RewindServer server = RewindServer.start(config(dir, null, false))) {
            Http http = new Http(server.port());
            for (int i = 0; i < 200; i++) { // warm-up: JIT, connection, the rendered catalog
                http.get("/api/health");
                http.get("/api/archives");
                http.get("/api/stats");
            }
            double[] health = new double[requests];
            double[] catalog = new double[requests];
            double[] stats = new double[requests];
            for (int i = 0; i < requests; i++) { // in turn, so a burst of load elsewhere falls on all three
                health[i] = http.get("/api/health").millis();
                catalog[i] = http.get("/api/archives").millis();
                stats[i] = http.get("/api/stats").millis();
            }
            int burstRuns = 20;
            double[] burst = new double[burstRuns];
            for (int i = 0; i < burstRuns; i++) {
                burst[i] = http.concurrentGets("/api/stats", 50) / 1e6;
            }
            JsonNode listed = http.get("/api/archives").json();
            if (listed.get("count").asInt() != count) {
                throw new IllegalStateException("the catalog lists " + listed.get("count") + " archives, expected " + count);
            }
            return new CatalogLatency(count, new Latencies(health), new Latencies(catalog), new Latencies(stats),
                    new Latencies(burst), 50);
        }
    }

    /** {@code n} one-day archives (small: the catalog's size is the point, not the data's), made once. */
    private int manyArchives(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(SampleGenerator.GROUND_TRUTH_FILE))) {
            log.printf("Generating %d one-day archives in %s%n", archives, dir);
            int months = archives / 28 + 1;
            new SampleGenerator(new SampleSpec(LocalDate.of(2019, 1, 1), months, 40, 1, CodecMode.MIXED)).generate(dir, n -> { });
            List<Path> days;
            try (Stream<Path> list = Files.list(dir)) {
                days = list.filter(p -> p.getFileName().toString().startsWith("dt=")).sorted().toList();
            }
            for (Path extra : days.subList(Math.min(archives, days.size()), days.size())) {
                Directories.deleteTree(extra);
            }
        }
        try (Stream<Path> list = Files.list(dir)) {
            return (int) list.filter(p -> p.getFileName().toString().startsWith("dt=")).count(); // one archive a day
        }
    }

    private static ServerConfig config(Path archives, Path cacheDir, boolean prefetch) {
        return ServerConfig.builder().archives(List.of(archives)).cacheDir(cacheDir).port(0).flinkUiPort(0)
                .cacheBytes(64L << 20).prefetch(prefetch).build();
    }

    // ---- 2. the six-month question on rewind demo, and its memory ----

    record DemoRun(Latencies cold, Latencies cached, double idleMb, double peakMb, double afterMb, int rows,
                   String javaOptions) {
    }

    private DemoRun demoQuery(SampleArchives data) throws Exception {
        int port = Http.freePort();
        Path logFile = work.resolve("api").resolve("demo.log");
        Files.createDirectories(logFile.getParent());
        List<String> command = List.of(RunContext.root().resolve("rewind").toString(), "demo", "--data",
                data.dir().toString(), "--port", Integer.toString(port), "--flink-ui-port", Integer.toString(Http.freePort()),
                "--kafka-port", Integer.toString(Http.freePort()));
        log.printf("Starting %s (log: %s)%n", String.join(" ", command), logFile);
        Process demo = new ProcessBuilder(command).directory(RunContext.root().toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        try (ResidentMemory rss = new ResidentMemory(javaPid(demo), 50)) {
            Http http = new Http(port);
            http.awaitUp("/api/health", Duration.ofMinutes(5));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (http.get("/api/archives").json().get("count").asInt() < data.archives().size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the demo's catalog did not reach " + data.archives().size() + " archives");
                }
                Thread.sleep(500);
            }
            Thread.sleep(3000); // let start-up settle (Kafka's first segments, the live feed)
            double idle = rss.currentMb();
            rss.resetPeak();
            double[] cold = new double[runs];
            double[] cached = new double[runs];
            int rows = 0;
            for (int i = -1; i < runs; i++) { // run -1 warms the cluster's code paths
                http.delete("/api/cache");
                Http.Timed first = http.post("/api/query", SIX_MONTH_ERRORS);
                rows = first.json().get("results").size();
                Http.Timed again = http.post("/api/query", SIX_MONTH_ERRORS);
                if (!again.json().get("stats").get("cache").get("hit").asBoolean()) {
                    throw new IllegalStateException("the repeated question was not a cache hit");
                }
                if (i >= 0) {
                    cold[i] = first.millis();
                    cached[i] = again.millis();
                }
            }
            double peak = rss.peakMb();
            double after = rss.currentMb();
            return new DemoRun(new Latencies(cold), new Latencies(cached), idle, peak, after, rows,
                    System.getenv().getOrDefault("REWIND_JAVA_OPTS", scriptDefaults()));
        } finally {
            demo.descendants().forEach(ProcessHandle::destroy);
            demo.destroy();
            if (!demo.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                demo.descendants().forEach(ProcessHandle::destroyForcibly);
                demo.destroyForcibly();
            }
        }
    }

    /** The JVM options the {@code rewind} script passes by default, as it writes them. */
    public static String scriptDefaults() throws IOException {
        StringBuilder options = new StringBuilder();
        for (String line : Files.readAllLines(RunContext.root().resolve("rewind"))) {
            if (line.startsWith("defaults=")) {
                options.append(' ').append(line.substring(line.indexOf('"') + 1, line.lastIndexOf('"')).replace("$defaults", "").strip());
            }
        }
        return "`" + options.toString().strip() + "`, `MALLOC_ARENA_MAX=2`";
    }

    /** The script execs java, so the pid is the JVM's; a wrapper shell would show as the parent. */
    public static long javaPid(Process process) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var info = process.info().command();
            if (info.isPresent() && info.get().endsWith("java")) {
                return process.pid();
            }
            var child = process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                    .findFirst();
            if (child.isPresent()) {
                return child.get().pid();
            }
            Thread.sleep(100);
        }
        return process.pid();
    }

    // ---- 3. hit rates ----

    /**
     * @param served per question, the share served from the cache (1 for a whole answer, the share
     *               of days held for one assembled from day slices)
     */
    record HitRate(boolean prefetch, int questions, double hitRate, long hits, long misses, long prefetched,
                   Latencies millis, List<Double> served, int jobs) {
    }

    private HitRate hitRate(SampleArchives data, List<SessionReplay.Step> steps, int repeat, boolean prefetch)
            throws Exception {
        Path cacheDir = Files.createTempDirectory(work.toAbsolutePath(), "api-cache-");
        log.printf("Hit rate: %d questions, prefetch %s%n", steps.size() * repeat, prefetch ? "on" : "off");
        try (RewindServer server = RewindServer.start(config(data.dir(), cacheDir, prefetch))) {
            Http http = new Http(server.port());
            List<Double> served = new ArrayList<>();
            List<Double> millis = new ArrayList<>();
            int jobs = 0;
            for (int r = 0; r < repeat; r++) {
                for (SessionReplay.Step step : steps) {
                    Http.Timed answer = http.post("/api/query", step.body());
                    JsonNode cache = answer.json().path("stats").path("cache");
                    double share = cache.path("hit").asBoolean() ? 1.0
                            : cache.has("slices_looked_up") && cache.get("slices_looked_up").asInt() > 0
                            ? cache.get("slices_hit").asDouble() / cache.get("slices_looked_up").asInt() : 0.0;
                    served.add(share);
                    millis.add(answer.millis());
                    jobs += cache.path("hit").asBoolean() ? 0 : 1;
                    if (prefetch) { // the person reads the answer; the server prepares the neighbours
                        server.engine().prefetch().awaitIdle(Duration.ofMinutes(2));
                    }
                }
            }
            JsonNode stats = http.get("/api/stats").json().get("cache");
            return new HitRate(prefetch, served.size(), stats.get("hit_rate").asDouble(), stats.get("hits").asLong(),
                    stats.get("misses").asLong(), stats.get("prefetched").asLong(),
                    new Latencies(millis.stream().mapToDouble(Double::doubleValue).toArray()), served, jobs);
        } finally {
            Directories.deleteTree(cacheDir);
        }
    }
}
