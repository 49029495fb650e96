package dev.rewind.job.runner;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Flink session cluster for tests: a JobManager and TaskManagers, each its own JVM,
 * started the way Flink's {@code jobmanager.sh}/{@code taskmanager.sh} start them (memory computed
 * by {@code BashJavaUtils}), from Flink's jars and their libraries only: the test classpath
 * filtered down to what a Flink distribution's {@code lib/} holds ({@link #flinkClasspath}), so
 * the cluster has none of Rewind's classes nor the libraries only Rewind uses (zstd-jni, Jackson,
 * Kafka…), as a stock Flink image. Jobs must ship {@code rewind-job.jar}. File system plugins come
 * from {@code FLINK_PLUGINS_DIR}, settings from the {@code config.yaml} written here. Also runs
 * Flink's own command line ({@link #flink}) against it.
 */
public final class StandaloneCluster implements AutoCloseable {
    /** {@code env.java.opts.all} of Flink's own {@code conf/config.yaml}: needed on Java 17. */
    public static final List<String> JAVA_17_OPTS = List.of(
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
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /**
     * Maven groups of a Flink distribution's {@code lib/}: Flink's modules and the libraries they
     * bring (as flink-dist bundles them). Everything else on the test classpath stays out.
     */
    private static final List<String> FLINK_LIBRARY_GROUPS = List.of("org/apache/flink/", "org/apache/commons/",
            "commons-cli/", "commons-io/", "commons-collections/", "org/snakeyaml/", "com/esotericsoftware/",
            "org/objenesis/", "org/javassist/", "org/xerial/snappy/", "tools/profiler/", "com/google/code/findbugs/",
            "at/yawk/lz4/", "org/slf4j/", "org/apache/logging/log4j/");
    /** Flink artifacts that are connectors, file system plugins or test tools, not part of the distribution. */
    private static final List<String> NOT_IN_FLINK_LIB = List.of("/flink-connector-kafka/", "/flink-s3-fs-",
            "/flink-test-utils", "/flink-runtime/2.2.1/flink-runtime-2.2.1-tests");

    /**
     * @param taskManagers separate TaskManager processes
     * @param slots        task slots of each
     * @param config       more {@code config.yaml} keys (the {@code s3.*} settings)
     * @param pluginsDir   the cluster's {@code FLINK_PLUGINS_DIR}, or null
     */
    public record Options(int taskManagers, int slots, Map<String, String> config, Path pluginsDir) {
        public Options {
            config = Map.copyOf(config);
        }
    }

    private final Path dir;
    private final Path conf;
    private final Options options;
    private final String classpath;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final Thread reaper;

    private StandaloneCluster(Path dir, Options options) throws IOException {
        this.dir = dir;
        this.options = options;
        this.conf = Files.createDirectories(dir.resolve("conf"));
        this.classpath = flinkClasspath();
        this.restPort = freePort();
        this.reaper = new Thread(this::destroyProcesses, "standalone-cluster-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the JobManager and the TaskManagers and waits until all have registered with free slots. */
    public static StandaloneCluster start(Path dir, Options options) throws Exception {
        StandaloneCluster cluster = new StandaloneCluster(dir, options);
        try {
            cluster.writeConfig(freePort());
            cluster.launchAll();
            cluster.awaitTaskManagers();
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    public URI rest() {
        return URI.create("http://localhost:" + restPort);
    }

    public int restPort() {
        return restPort;
    }

    public Path confDir() {
        return conf;
    }

    /** The cluster's classpath: Flink's jars and their libraries only. */
    public String classpath() {
        return classpath;
    }

    /** What a finished {@code flink} command printed. */
    public record CliResult(int exitCode, String output) {
    }

    /**
     * Runs Flink's command line ({@code bin/flink}: {@code CliFrontend}) as its own process with the
     * cluster's classpath, configuration and plugins, e.g. {@code run -m localhost:PORT -c Main job.jar args}.
     */
    public CliResult flink(Duration timeout, String... args) throws Exception {
        Path log = dir.resolve("flink-cli-" + System.nanoTime() + ".out");
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx384m");
        command.addAll(JAVA_17_OPTS);
        command.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j-cli.properties"));
        command.add("-classpath");
        command.add(classpath);
        command.add("org.apache.flink.client.cli.CliFrontend");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("FLINK_CONF_DIR", conf.toString());
        if (options.pluginsDir() != null) {
            builder.environment().put("FLINK_PLUGINS_DIR", options.pluginsDir().toString());
        }
        Process p = builder.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("flink " + String.join(" ", args) + " did not end within " + timeout + ":\n"
                    + tail(log, 60) + logs());
        }
        return new CliResult(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    // ---- start-up ----

    private void writeConfig(int rpcPort) throws IOException {
        Map<String, String> yaml = new LinkedHashMap<>();
        yaml.put("jobmanager.bind-host", "localhost");
        yaml.put("jobmanager.rpc.address", "localhost");
        yaml.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        yaml.put("jobmanager.memory.process.size", "768m");
        yaml.put("taskmanager.bind-host", "localhost");
        yaml.put("taskmanager.host", "localhost");
        yaml.put("taskmanager.numberOfTaskSlots", Integer.toString(options.slots()));
        // 1 GiB a TaskManager: small managed memory and 64 MiB of network buffers (a BATCH job's sort
        // shuffle takes 512 buffers of 32 KiB per task) leave ~190 MiB of task heap
        yaml.put("taskmanager.memory.process.size", "1024m");
        yaml.put("taskmanager.memory.managed.size", "64m");
        yaml.put("taskmanager.memory.network.min", "64m");
        yaml.put("taskmanager.memory.network.max", "64m");
        yaml.put("rest.address", "localhost");
        yaml.put("rest.bind-address", "localhost");
        yaml.put("rest.port", Integer.toString(restPort));
        yaml.put("parallelism.default", Integer.toString(options.slots()));
        yaml.put("io.tmp.dirs", Files.createDirectories(dir.resolve("tmp")).toString());
        yaml.putAll(options.config());
        StringBuilder text = new StringBuilder();
        yaml.forEach((k, v) -> text.append(k).append(": ").append(quoted(v)).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), text.toString());
        // Flink's log4j-console.properties, trimmed: INFO to stdout, which goes to each process's .out file.
        String log4j = """
                rootLogger.level = %s
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
                appender.console.layout.pattern = %%d{HH:mm:ss,SSS} %%-5p %%-60c %%x - %%m%%n
                """;
        Files.writeString(conf.resolve("log4j-console.properties"), log4j.formatted("INFO"));
        Files.writeString(conf.resolve("log4j-cli.properties"), log4j.formatted("WARN"));
    }

    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9_./:\\-]+") ? value : "'" + value.replace("'", "''") + "'";
    }

    private void launchAll() throws Exception {
        // As jobmanager.sh (parseJmArgsAndExportLogs): GET_JM_RESOURCE_PARAMS prints two result lines, the
        // JVM args and the dynamic configs (-D key=value ...), which go before --configDir.
        List<String> jmParams = bashJavaUtils("GET_JM_RESOURCE_PARAMS", 2);
        List<String> jmArgs = new ArrayList<>(split(jmParams.get(1)));
        jmArgs.addAll(List.of("--configDir", conf.toString(), "--executionMode", "cluster"));
        launch("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                split(jmParams.get(0)), jmArgs);
        // As taskmanager.sh: line 1 is JVM args, line 2 the dynamic configs (-D key=value ...) for the runner.
        List<String> tmParams = bashJavaUtils("GET_TM_RESOURCE_PARAMS", 2);
        for (int i = 0; i < options.taskManagers(); i++) {
            List<String> tmArgs = new ArrayList<>(List.of("--configDir", conf.toString()));
            tmArgs.addAll(split(tmParams.get(1)));
            launch("taskmanager-" + i, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    split(tmParams.get(0)), tmArgs);
        }
    }

    /** Runs BashJavaUtils as Flink's scripts do and returns its result lines, prefix removed. */
    private List<String> bashJavaUtils(String command, int expectedLines) throws Exception {
        Path out = dir.resolve(command.toLowerCase() + ".out");
        Process p = new ProcessBuilder(java(), "-classpath", classpath,
                "org.apache.flink.runtime.util.bash.BashJavaUtils", command, "--configDir", conf.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in 30 s: " + tail(out, 40));
        }
        List<String> results = Files.readAllLines(out).stream().filter(l -> l.startsWith(EXEC_RESULT))
                .map(l -> l.substring(EXEC_RESULT.length()).trim()).toList();
        if (p.exitValue() != 0 || results.size() != expectedLines) {
            throw new AssertionError(command + " exited " + p.exitValue() + " with " + results.size()
                    + " result lines, expected " + expectedLines + ":\n" + tail(out, 40));
        }
        return results;
    }

    private void launch(String name, String mainClass, List<String> jvmArgs, List<String> args) throws IOException {
        Path log = dir.resolve(name + ".out");
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        command.addAll(JAVA_17_OPTS);
        command.add("-Dlog.file=" + log);
        command.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j-console.properties"));
        command.add("-classpath");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        Files.writeString(log, String.join(" ", command) + "\n\n");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("FLINK_CONF_DIR", conf.toString());
        if (options.pluginsDir() != null) {
            builder.environment().put("FLINK_PLUGINS_DIR", options.pluginsDir().toString());
        }
        processes.add(builder.start());
        logs.add(log);
    }

    /** Polls the REST API until every TaskManager has registered with all its slots free. */
    private void awaitTaskManagers() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(rest().resolve("/overview")).timeout(Duration.ofSeconds(5)).build();
        Pattern taskManagers = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");
        Pattern slotsFree = Pattern.compile("\"slots-available\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < processes.size(); i++) {
                if (!processes.get(i).isAlive()) {
                    throw new AssertionError(logs.get(i).getFileName() + " exited with " + processes.get(i).exitValue()
                            + logs());
                }
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                Matcher tms = taskManagers.matcher(response.body());
                Matcher free = slotsFree.matcher(response.body());
                if (response.statusCode() == 200 && tms.find() && free.find()
                        && Integer.parseInt(tms.group(1)) == options.taskManagers()
                        && Integer.parseInt(free.group(1)) == options.taskManagers() * options.slots()) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not all " + options.taskManagers() + " TaskManagers registered within "
                + DEADLINE.toSeconds() + " s; last /overview: " + last + logs());
    }

    // ---- the classpath ----

    /**
     * This JVM's classpath cut down to a Flink distribution's: jars of the Maven groups in
     * {@link #FLINK_LIBRARY_GROUPS}, without connectors, plugins and test tools. Rewind's modules
     * (folders, not jars of the local repository), zstd-jni, Jackson, Guava, Kafka and the rest stay out.
     */
    static String flinkClasspath() {
        String repository = Path.of(System.getProperty("user.home"), ".m2", "repository").toString() + "/";
        List<String> kept = new ArrayList<>();
        for (String entry : testClasspath()) {
            String normal = entry.replace(File.separatorChar, '/');
            if (!normal.startsWith(repository) || !normal.endsWith(".jar")) {
                continue;
            }
            String relative = normal.substring(repository.length());
            if (FLINK_LIBRARY_GROUPS.stream().anyMatch(relative::startsWith)
                    && NOT_IN_FLINK_LIB.stream().noneMatch(normal::contains)) {
                kept.add(entry);
            }
        }
        if (kept.stream().noneMatch(e -> e.contains("flink-runtime"))) {
            throw new AssertionError("no Flink jars of " + repository + " on the test classpath: " + testClasspath());
        }
        return String.join(File.pathSeparator, kept);
    }

    /**
     * Under surefire's manifest-only jar, {@code java.class.path} is still the real test classpath
     * (surefire sets it); fall back to surefire's own property otherwise.
     */
    private static List<String> testClasspath() {
        String cp = System.getProperty("java.class.path");
        String[] entries = cp.split(File.pathSeparator);
        if (entries.length == 1 && entries[0].contains("surefirebooter")) {
            cp = System.getProperty("surefire.test.class.path", cp);
        }
        return Arrays.asList(cp.split(File.pathSeparator));
    }

    // ---- helpers ----

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

    /** The last lines of every process's output, for a failure message. */
    public String logs() {
        StringBuilder s = new StringBuilder();
        for (Path log : logs) {
            s.append("\n--- ").append(log).append(" ---\n").append(tail(log, 40));
        }
        return s.toString();
    }

    static String tail(Path file, int lines) {
        if (file == null || !Files.exists(file)) {
            return "(no output)";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private void destroyProcesses() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        destroyProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
