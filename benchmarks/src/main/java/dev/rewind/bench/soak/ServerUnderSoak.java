package dev.rewind.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bench.api.ApiBenchmark;
import dev.rewind.bench.api.ResidentMemory;
import dev.rewind.bench.harness.Http;
import dev.rewind.bench.harness.RunContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./rewind serve} as a user starts it, a separate process with the script's defaults, and a
 * watcher that samples its memory every 5 s (VmRSS and VmHWM from /proc, heap in use from
 * {@code /api/stats}) and notices within a second if it dies.
 */
final class ServerUnderSoak implements AutoCloseable {
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final long pid;
    private final List<String> command;
    private final Path log;
    private final Http http;
    private final List<MemoryWindows.Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile Instant died;
    private volatile Runnable onSettled = () -> { };

    private ServerUnderSoak(Process process, List<String> command, Path log, Http http) throws InterruptedException {
        this.process = process;
        this.pid = ApiBenchmark.javaPid(process);
        this.command = command;
        this.log = log;
        this.http = http;
        this.watcher = new Thread(this::watch, "soak-server-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Starts {@code ./rewind serve --archives STORE --port P --flink-ui-port Q} from the repository
     * root. The query and admin tokens are left out of its environment: the soak calls the API on
     * loopback without them, as a user on their own machine does.
     */
    static ServerUnderSoak start(Path store, int port, int uiPort, Path log) throws IOException, InterruptedException {
        List<String> command = List.of(RunContext.root().resolve("rewind").toString(), "serve", "--archives",
                store.toAbsolutePath().toString(), "--port", Integer.toString(port), "--flink-ui-port", Integer.toString(uiPort));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(RunContext.root().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("REWIND_QUERY_TOKEN");
        env.remove("REWIND_ADMIN_TOKEN");
        return new ServerUnderSoak(builder.start(), command, log, new Http(port));
    }

    /** The command as a reader would type it, from the repository root. */
    String commandLine() {
        List<String> shown = new ArrayList<>(command);
        shown.set(0, "./rewind");
        shown.set(3, RunContext.display(Path.of(shown.get(3))).toString());
        return String.join(" ", shown);
    }

    /** What the script ran java with: its defaults, or REWIND_JAVA_OPTS / REWIND_HEAP when set here. */
    static String javaOptions() throws IOException {
        String opts = System.getenv("REWIND_JAVA_OPTS");
        if (opts != null) {
            return "`" + opts + "` (REWIND_JAVA_OPTS, not the defaults)";
        }
        String heap = System.getenv("REWIND_HEAP");
        java.util.regex.Matcher fallback = java.util.regex.Pattern.compile("REWIND_HEAP:-([0-9]+[kmgKMG]?)")
                .matcher(Files.readString(RunContext.root().resolve("rewind")));
        String shown = heap != null ? heap : fallback.find() ? fallback.group(1) : "$heap";
        return ApiBenchmark.scriptDefaults().replace("$heap", shown)
                + (heap == null ? " (the script's defaults)" : " (REWIND_HEAP=" + heap + ", not the default heap)");
    }

    long pid() {
        return pid;
    }

    boolean alive() {
        return died == null && process.isAlive();
    }

    Instant died() {
        return died;
    }

    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    List<MemoryWindows.Sample> samples() {
        return List.copyOf(samples);
    }

    /** Called once, from the watcher, the first time {@code /api/stats} says nothing is left to index. */
    void onSettled(Runnable action) {
        this.onSettled = action;
    }

    /** The last lines of the server's output, for a report on its death. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits until {@code /api/health} answers 200, polling every 100 ms; returns when it did. */
    Instant awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!alive()) {
                throw new IOException("the server exited with status " + exitCode() + " before it was healthy:\n" + logTail(30));
            }
            try {
                if (http.exchange("GET", "/api/health", null, Duration.ofSeconds(2)).status() == 200) {
                    return Instant.now();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("/api/health did not answer 200 within " + timeout.toSeconds() + " s; log:\n" + logTail(30));
    }

    /** {@code /api/stats} now, or null when it did not answer. */
    JsonNode stats() {
        try {
            Http.Timed r = http.exchange("GET", "/api/stats", null, Duration.ofSeconds(10));
            return r.status() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void watch() {
        long next = 0;
        boolean settled = false;
        while (!Thread.currentThread().isInterrupted()) {
            if (!process.isAlive()) {
                died = Instant.now();
                return;
            }
            if (System.nanoTime() >= next) {
                next = System.nanoTime() + SAMPLE_EVERY.toNanos();
                Instant at = Instant.now();
                var resident = ResidentMemory.read(pid);
                JsonNode stats = stats();
                double heap = stats == null ? Double.NaN : stats.path("memory_mb").path("heap_used").asDouble(Double.NaN);
                resident.ifPresent(r -> samples.add(new MemoryWindows.Sample(at, r.rssMb(), r.peakMb(), heap)));
                if (!settled && stats != null && stats.path("archives").path("count").asInt() > 0
                        && stats.path("archives").path("indexing").asInt(-1) == 0) {
                    settled = true;
                    onSettled.run();
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) and the watcher. */
    @Override
    public void close() throws InterruptedException {
        watcher.interrupt();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
