package dev.rewind.job.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.connectors.source.plan.ScanPlanner;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import dev.rewind.job.query.QuerySpec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone Flink session cluster (a JobManager and a TaskManager, each its own JVM, started
 * from this test's classpath the way Flink's {@code jobmanager.sh}/{@code taskmanager.sh} would)
 * gives the same answers as the embedded MiniCluster for the same queries. No
 * {@code MiniClusterExtension} here: it makes creating a remote environment throw.
 */
class StandaloneClusterTest {
    /** {@code env.java.opts.all} of Flink's own {@code conf/config.yaml}: needed on Java 17. */
    private static final List<String> JAVA_17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");
    /** The prefix BashJavaUtils puts before each result line (Flink's {@code bash-java-utils.sh}). */
    private static final String EXEC_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Duration CLUSTER_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static Path conf;
    static Path jmLog;
    static Path tmLog;
    static Process jobManager;
    static Process taskManager;
    static Thread reaper;
    static int restPort;
    static EmbeddedJobRunner embedded;
    static QueryExecutor embeddedExecutor;
    static QueryExecutor remoteExecutor;
    static ArchiveFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        reaper = new Thread(StandaloneClusterTest::destroyProcesses, "standalone-cluster-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);

        conf = Files.createDirectories(dir.resolve("conf"));
        jmLog = dir.resolve("jobmanager.out");
        tmLog = dir.resolve("taskmanager.out");
        int rpcPort = freePort();
        restPort = freePort();
        writeConfig(rpcPort, restPort);

        // As jobmanager.sh (parseJmArgsAndExportLogs): GET_JM_RESOURCE_PARAMS prints two result lines, the
        // JVM args and the dynamic configs (-D key=value ...), which go before --configDir.
        List<String> jmParams = bashJavaUtils("GET_JM_RESOURCE_PARAMS", 2);
        List<String> jmArgs = new ArrayList<>(split(jmParams.get(1)));
        jmArgs.addAll(List.of("--configDir", conf.toString(), "--executionMode", "cluster"));
        jobManager = launch("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                split(jmParams.get(0)), jmArgs, jmLog);

        // As taskmanager.sh: line 1 is JVM args, line 2 the dynamic configs (-D key=value ...) for the runner.
        List<String> tmParams = bashJavaUtils("GET_TM_RESOURCE_PARAMS", 2);
        List<String> tmArgs = new ArrayList<>(List.of("--configDir", conf.toString()));
        tmArgs.addAll(split(tmParams.get(1)));
        taskManager = launch("org.apache.flink.runtime.taskexecutor.TaskManagerRunner", split(tmParams.get(0)),
                tmArgs, tmLog);

        // Work in this JVM while the cluster comes up.
        fixture = new ArchiveFixture(dir.resolve("archives"), 6, 3000);
        embedded = EmbeddedJobRunner.start(0, 2);
        embeddedExecutor = new QueryExecutor(embedded);

        awaitTaskManager();
        remoteExecutor = new QueryExecutor(new RemoteJobRunner(URI.create("http://localhost:" + restPort), 2));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (embedded != null) {
                embedded.close();
            }
        } finally {
            destroyProcesses();
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    @Test
    void errorsNewestFirstWithALimitAreTheSameOnBothClusters() throws Exception {
        RecordFilter filter = RecordFilter.builder().between(fixture.first(), fixture.last())
                .levels(List.of(Level.ERROR)).build();
        QuerySpec spec = QuerySpec.records(filter, ScanOrder.DESC, 150);

        QueryResult local = run(embeddedExecutor, "records-embedded", spec);
        QueryResult remote = run(remoteExecutor, "records-standalone", spec);

        List<Map.Entry<Instant, String>> expected = keys(local);
        assertEquals(150, expected.size(), "the embedded run found the limit's worth of ERROR records");
        assertEquals(expected, keys(remote), "same records in the same order" + logs());
        assertTrue(remote.rows().stream().allMatch(r -> r.record().level() == Level.ERROR));
        long newestError = fixture.lines.stream().filter(l -> l.level().equals("ERROR"))
                .map(ArchiveFixture.Line::ts).mapToLong(Instant::toEpochMilli).max().orElseThrow();
        assertEquals(newestError, remote.rows().get(0).record().timestamp().toEpochMilli(), "newest first");
    }

    @Test
    void dailyTrendByLevelIsTheSameOnBothClusters() throws Exception {
        RecordFilter filter = RecordFilter.builder().between(fixture.first(), fixture.last())
                .levels(List.of(Level.ERROR, Level.WARN)).build();
        QuerySpec spec = QuerySpec.aggregate(filter, new Aggregation.Trend(Bucket.DAY, true, false));

        QueryResult local = run(embeddedExecutor, "trend-embedded", spec);
        QueryResult remote = run(remoteExecutor, "trend-standalone", spec);

        assertEquals(12, local.aggregates().size(), "6 days x {ERROR, WARN}: " + local.aggregates());
        assertEquals(local.aggregates(), remote.aggregates(), "same aggregate rows" + logs());
        assertTrue(remote.complete(), remote.splitsDone() + " of " + remote.splitsTotal() + " splits" + logs());
        long expectedTotal = fixture.lines.stream()
                .filter(l -> l.level().equals("ERROR") || l.level().equals("WARN")).count();
        assertEquals(expectedTotal, remote.aggregates().stream().mapToLong(r -> r.count()).sum());
    }

    private static QueryResult run(QueryExecutor executor, String name, QuerySpec spec) throws Exception {
        // Small splits, so both slots read and the records query can stop early.
        ScanPlan plan = ScanPlanner.plan(fixture.archives, spec.filter(), spec.order(), ScanPlanner.Blooms.FROM_SIDECARS, 64 * 1024);
        assertTrue(plan.splits().size() > 4, plan.splits().size() + " splits");
        try {
            return new QueryCollector(spec, plan.splits().size())
                    .drain(executor.start(name, plan, spec, Optional.empty()));
        } catch (Exception | AssertionError e) {
            throw new AssertionError(name + " failed: " + e + logs(), e);
        }
    }

    private static List<Map.Entry<Instant, String>> keys(QueryResult result) {
        return result.rows().stream().map(r -> Map.entry(r.record().timestamp(), r.record().id())).toList();
    }

    // ---- the cluster ----

    private static void writeConfig(int rpcPort, int restPort) throws IOException {
        String yaml = """
                jobmanager:
                  bind-host: localhost
                  rpc:
                    address: localhost
                    port: %d
                  memory:
                    process:
                      size: 1024m
                taskmanager:
                  bind-host: localhost
                  host: localhost
                  numberOfTaskSlots: 2
                  memory:
                    process:
                      size: 1228m
                rest:
                  address: localhost
                  bind-address: localhost
                  port: %d
                parallelism:
                  default: 2
                io:
                  tmp:
                    dirs: %s
                """.formatted(rpcPort, restPort, Files.createDirectories(dir.resolve("tmp")));
        Files.writeString(conf.resolve("config.yaml"), yaml);
        // Flink's log4j-console.properties, trimmed: INFO to stdout, which goes to the process's .out file.
        Files.writeString(conf.resolve("log4j-console.properties"), """
                rootLogger.level = INFO
                rootLogger.appenderRef.console.ref = ConsoleAppender
                logger.pekko.name = org.apache.pekko
                logger.pekko.level = WARN
                logger.netty.name = org.apache.flink.shaded.netty4
                logger.netty.level = WARN
                logger.kafka.name = org.apache.kafka
                logger.kafka.level = WARN
                appender.console.name = ConsoleAppender
                appender.console.type = CONSOLE
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                """);
    }

    /** Runs BashJavaUtils as Flink's scripts do and returns its result lines, prefix removed. */
    private static List<String> bashJavaUtils(String command, int expectedLines) throws Exception {
        Path out = dir.resolve(command.toLowerCase() + ".out");
        Process p = new ProcessBuilder(java(), "-classpath", classpath(),
                "org.apache.flink.runtime.util.bash.BashJavaUtils", command, "--configDir", conf.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in 30 s: " + tail(out));
        }
        List<String> results = Files.readAllLines(out).stream().filter(l -> l.startsWith(EXEC_RESULT))
                .map(l -> l.substring(EXEC_RESULT.length()).trim()).toList();
        if (p.exitValue() != 0 || results.size() != expectedLines) {
            throw new AssertionError(command + " exited " + p.exitValue() + " with " + results.size()
                    + " result lines, expected " + expectedLines + ":\n" + tail(out));
        }
        return results;
    }

    private static Process launch(String mainClass, List<String> jvmArgs, List<String> args, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        command.addAll(JAVA_17_OPTS);
        command.add("-Dlog.file=" + log);
        command.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j-console.properties"));
        command.add("-classpath");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(args);
        Files.writeString(log, String.join(" ", command) + "\n\n");
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Polls the REST API until one TaskManager has registered with free slots. */
    private static void awaitTaskManager() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/overview"))
                .timeout(Duration.ofSeconds(5)).build();
        Pattern taskManagers = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");
        Pattern slotsFree = Pattern.compile("\"slots-available\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + CLUSTER_DEADLINE.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive() || !taskManager.isAlive()) {
                throw new AssertionError("a cluster process exited (JobManager "
                        + (jobManager.isAlive() ? "alive" : "exit " + jobManager.exitValue()) + ", TaskManager "
                        + (taskManager.isAlive() ? "alive" : "exit " + taskManager.exitValue()) + ")" + logs());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                Matcher tms = taskManagers.matcher(response.body());
                Matcher free = slotsFree.matcher(response.body());
                if (response.statusCode() == 200 && tms.find() && free.find()
                        && Integer.parseInt(tms.group(1)) == 1 && Integer.parseInt(free.group(1)) == 2) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no TaskManager with free slots within " + CLUSTER_DEADLINE.toSeconds()
                + " s; last /overview: " + last + logs());
    }

    private static void destroyProcesses() {
        for (Process p : new Process[] {taskManager, jobManager}) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * This JVM's classpath. Under surefire's manifest-only jar, {@code java.class.path} is still
     * the real test classpath (surefire sets it); fall back to surefire's own property otherwise.
     */
    private static String classpath() {
        String cp = System.getProperty("java.class.path");
        String[] entries = cp.split(File.pathSeparator);
        if (entries.length == 1 && entries[0].contains("surefirebooter")) {
            cp = System.getProperty("surefire.test.class.path", cp);
        }
        return cp;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> split(String line) {
        return Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String logs() {
        return "\n--- JobManager (" + jmLog + ") ---\n" + tail(jmLog) + "\n--- TaskManager (" + tmLog + ") ---\n"
                + tail(tmLog);
    }

    private static String tail(Path file) {
        if (file == null || !Files.exists(file)) {
            return "(no output)";
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
