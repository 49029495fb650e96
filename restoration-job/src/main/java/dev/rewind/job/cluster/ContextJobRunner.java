package dev.rewind.job.cluster;

import dev.rewind.job.runner.JobRunner;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Jobs run wherever the program was submitted: under {@code flink run} (or the REST API's
 * {@code /jars/:id/run}) the context environment, which submits to that cluster with the job jar.
 */
final class ContextJobRunner implements JobRunner {
    @Override
    public StreamExecutionEnvironment environment(RuntimeExecutionMode mode) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, mode);
        // as the other runners: operators never mutate a record they were handed
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    @Override
    public Optional<String> webUi() {
        return Optional.empty();
    }

    @Override
    public Health health() {
        return new Health(true, 0, 0, null);
    }

    @Override
    public void close() {
    }
}
