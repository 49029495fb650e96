package dev.rewind.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.bench.BenchmarkCli;
import dev.rewind.bench.harness.Directories;
import dev.rewind.bench.harness.Http;
import dev.rewind.bench.harness.MachineInfo;
import dev.rewind.bench.harness.RunContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * An hour of mixed load against {@code ./rewind serve} with its defaults, over six months of other
 * tools' archives (issue #12): the seed's question the moment the server is up, then a few clients
 * asking the seed's questions, paging, patterns, needles, a text count, one-day pages of 10,000,
 * clearing the cache, and adding and damaging archives under it. Every answer is checked; memory is
 * sampled every 5 s. Exits 1 when anything went wrong (an error, a wrong answer, the process dying).
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "An hour of mixed load on ./rewind serve defaults over six months of foreign archives; "
                + "writes docs/benchmarks/soak.md.")
public final class SoakBenchmark implements Callable<Integer> {
    @ParentCommand
    private BenchmarkCli cli;

    @Option(names = "--minutes", paramLabel = "N", description = "how long the load runs, from the server's first "
            + "healthy answer (default ${DEFAULT-VALUE})")
    int minutes = 60;

    @Option(names = "--clients", paramLabel = "N", description = "clients asking at once, 1 to 8 (default ${DEFAULT-VALUE})")
    int clients = 3;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the clients' choices (default ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--needles", paramLabel = "N", description = "needle lines planted in the corpus (default ${DEFAULT-VALUE})")
    int needles = 5;

    @Option(names = "--window-minutes", paramLabel = "N", description = "length of the memory table's windows "
            + "(default ${DEFAULT-VALUE})")
    int windowMinutes = 10;

    @Option(names = "--damage-minutes", paramLabel = "N", description = "how long a damaged copy stays before the soak "
            + "removes it (default ${DEFAULT-VALUE})")
    double damageMinutes = 5;

    @Option(names = "--rebuild-corpus", description = "write the corpus again even when a complete one is there")
    boolean rebuildCorpus;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "${sys:rewind.root:-.}/benchmarks/target/bench-work",
            description = "where the corpus is kept between runs and each run's copy is made (default ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "${sys:rewind.root:-.}/docs/benchmarks/soak.md",
            description = "markdown file to write; the memory chart goes beside it (default ${DEFAULT-VALUE})")
    Path out;

    private final PrintStream log = System.err;

    @Override
    public Integer call() throws Exception {
        if (minutes < 1 || clients < 1 || clients > 8 || needles < 1 || windowMinutes < 1 || damageMinutes <= 0) {
            throw new IllegalArgumentException("--minutes ≥ 1, --clients 1 to 8, --needles ≥ 1, --window-minutes ≥ 1 and "
                    + "--damage-minutes > 0 are needed");
        }
        SoakCorpus corpus = SoakCorpus.prepare(work.resolve("soak"), 6, 50_000, 42, 8, needles, rebuildCorpus, log);
        Expectations expect = Expectations.of(corpus);
        Path run = work.resolve("soak").resolve("run");
        Directories.deleteTree(run);
        Path store = run.resolve("store");
        copyTree(corpus.store(), store);
        log.printf("Copied %,d archives to %s (the server writes sidecars beside them)%n", corpus.files().size(), store);

        SoakReport report = new SoakReport();
        report.machine = MachineInfo.current(List.of(CliCompressor.GZIP.version(), CliCompressor.ZSTD.version(),
                CliCompressor.LZ4.version()));
        report.command = cli.commandLine();
        report.code = RunContext.codeVersion();
        report.loadBefore = RunContext.loadAverage();
        report.began = Instant.now();
        report.corpus = corpus;
        report.clients = clients;
        report.seed = seed;
        report.minutes = minutes;
        report.damageLifetime = Duration.ofSeconds(Math.round(damageMinutes * 60));
        report.javaOptions = ServerUnderSoak.javaOptions();

        int port = Http.freePort();
        try (ServerUnderSoak server = ServerUnderSoak.start(store, port, Http.freePort(), run.resolve("server.log"))) {
            report.serverCommand = server.commandLine();
            Instant launched = Instant.now();
            server.onSettled(() -> expect.settledAt(Instant.now()));
            Instant healthy = server.awaitHealthy(Duration.ofMinutes(5));
            report.healthyAfter = Duration.between(launched, healthy);
            log.printf("Healthy after %.1f s; asking the seed's question now%n", report.healthyAfter.toMillis() / 1e3);
            Instant until = healthy.plus(Duration.ofMinutes(minutes));
            SoakLoad load = new SoakLoad(new Http(port), corpus, expect, store, run.resolve("incoming"), seed,
                    report.damageLifetime, healthy, server::alive);
            report.start = List.of(load.atStart(true, healthy), load.atStart(false, healthy));
            report.start.forEach(a -> log.printf("At start: %s -> %d in %.0f ms, %s%n", a.question(), a.status(), a.millis(),
                    a.verdict()));

            log.printf("Load: %d clients until %s (%d min)%n", clients, until, minutes);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Thread t = new Thread(() -> {
                    try {
                        load.client(until);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "soak-client-" + (i + 1));
                t.start();
                threads.add(t);
            }
            Thread progress = progressLog(load, server, healthy, until);
            for (Thread t : threads) {
                long wait = Math.max(1, Duration.between(Instant.now(), until.plus(Duration.ofMinutes(6))).toMillis());
                t.join(wait);
                if (t.isAlive()) {
                    load.problem("soak", t.getName() + " was still waiting for an answer 6 min after the end", null, null);
                    t.interrupt();
                }
            }
            progress.interrupt();
            report.ended = Instant.now();
            load.close();
            report.settledAfter = expect.settled() == null ? null : Duration.between(healthy, expect.settled());
            report.loadStart = healthy;
            report.tallies = load.tallies();
            report.events = load.events();
            report.warnings = load.warnings();
            report.damages = expect.damages();
            report.additions = expect.additions();
            if (!server.alive()) {
                report.died = server.died() == null ? Instant.now() : server.died();
                report.exitCode = server.exitCode();
                report.logTail = server.logTail(40);
                load.problem("server", "the server process died (exit status " + report.exitCode + ")", null, null);
            } else {
                JsonNode stats = server.stats();
                report.finalStats = stats;
            }
            report.problems = load.problems();
            report.samples = server.samples();
            report.windowLength = Duration.ofMinutes(windowMinutes);
            report.pid = server.pid();
        }
        report.loadAfter = RunContext.loadAverage();
        Path chart = chartBeside(out);
        report.chart = MemoryChart.write(report.samples, report.loadStart, chart) ? chart : null;
        String text = report.render(out);
        System.out.print(text);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
        log.println("Wrote " + out.toAbsolutePath().normalize() + (report.problems.isEmpty() ? "" : "; "
                + report.problems.size() + " problems"));
        return report.problems.isEmpty() ? 0 : 1;
    }

    private static Path chartBeside(Path markdown) {
        String name = markdown.getFileName().toString();
        String stem = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        return markdown.toAbsolutePath().resolveSibling(stem + "-memory.png");
    }

    /** A line a minute on stderr, so a person watching knows it is alive. */
    private Thread progressLog(SoakLoad load, ServerUnderSoak server, Instant start, Instant until) {
        Thread t = new Thread(() -> {
            while (Instant.now().isBefore(until)) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    return;
                }
                long requests = load.tallies().stream().mapToLong(KindTally.View::requests).sum();
                List<MemoryWindows.Sample> s = server.samples();
                String memory = s.isEmpty() ? "" : String.format(java.util.Locale.ROOT, ", RSS %.0f MB, heap %.0f MB",
                        s.get(s.size() - 1).rssMb(), s.get(s.size() - 1).heapMb());
                log.printf("  %d min: %,d requests, %d problems%s%n", Duration.between(start, Instant.now()).toMinutes(),
                        requests, load.problems().size(), memory);
            }
        }, "soak-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
