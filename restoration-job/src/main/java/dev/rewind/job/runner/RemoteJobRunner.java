package dev.rewind.job.runner;

import java.net.URI;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink session cluster reached over its REST API ({@code --flink http://host:8081}). The
 * cluster's TaskManagers must have Rewind's classes: a stock cluster has none, so each job ships
 * them as {@code jars} ({@link JobJar}: {@code rewind-job.jar}); a cluster started with Rewind's
 * jars on its classpath needs none.
 */
public final class RemoteJobRunner implements JobRunner {
    private final URI rest;
    private final int parallelism;
    private final String[] jars;

    public RemoteJobRunner(URI rest, int parallelism, String... jars) {
        if (rest.getHost() == null || rest.getPort() < 0) {
            throw new IllegalArgumentException("Flink REST address must look like http://host:8081, was " + rest);
        }
        for (String jar : jars) {
            if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(jar))) {
                throw new IllegalArgumentException("the job jar " + jar + " to ship to the Flink cluster at " + rest
                        + " is not a file");
            }
        }
        this.rest = rest;
        this.parallelism = parallelism;
        this.jars = jars.clone();
    }

    @Override
    public StreamExecutionEnvironment environment(RuntimeExecutionMode mode) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, mode);
        // Operators never mutate a record they were handed, so chained operators may share it instead
        // of deep-copying every match through its serializer (the scan fans out to two branches).
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(),
                rest.getPort(), conf, jars);
        env.setParallelism(parallelism);
        return env;
    }

    /** Asks the session cluster's REST API ({@code /overview}) for its TaskManagers and slots. */
    @Override
    public Health health() {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(2)).build()
                    .send(java.net.http.HttpRequest.newBuilder(rest.resolve("/overview"))
                            .timeout(java.time.Duration.ofSeconds(2)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return new Health(false, 0, 0, "the Flink cluster answered HTTP " + r.statusCode());
            }
            int tms = field(r.body(), "taskmanagers");
            int slots = field(r.body(), "slots-total");
            return new Health(tms > 0 && slots > 0, tms, slots, tms > 0 ? null : "no TaskManager is registered");
        } catch (Exception e) {
            return new Health(false, 0, 0, "the Flink cluster at " + rest + " does not answer: " + e.getMessage());
        }
    }

    /** A whole-number field of Flink's {@code /overview} JSON (a flat object). */
    private static int field(String json, String name) {
        var m = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Override
    public Optional<String> webUi() {
        return Optional.of(rest.toString());
    }

    @Override
    public void close() {
    }
}
