package dev.rewind.job.runner;

import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.job.graph.QueryGraph;
import dev.rewind.job.query.JobOutput;
import dev.rewind.job.query.LiveInput;
import dev.rewind.job.query.QuerySpec;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Builds and submits query jobs on a {@link JobRunner}. Records queries run in STREAMING mode with
 * checkpointing off, so rows reach the client as they are produced; aggregates run in BATCH mode,
 * which gives one final row per key. Thread-safe.
 */
public final class QueryExecutor {
    private final JobRunner runner;

    public QueryExecutor(JobRunner runner) {
        this.runner = runner;
    }

    public RunningQuery start(String name, ScanPlan plan, QuerySpec spec, Optional<LiveInput> live) throws Exception {
        RuntimeExecutionMode mode = spec.aggregation().isPresent() ? RuntimeExecutionMode.BATCH
                : RuntimeExecutionMode.STREAMING;
        StreamExecutionEnvironment env = runner.environment(mode);
        DataStream<JobOutput> outputs = QueryGraph.build(env, plan, spec, live);
        if (runner.inProcess()) {
            String channel = InProcessResults.open();
            outputs.sinkTo(InProcessResults.sink(channel)).setParallelism(1).name("results (in process)");
            JobClient client;
            try {
                client = env.executeAsync(name);
            } catch (Exception e) {
                InProcessResults.iterator(channel, java.util.concurrent.CompletableFuture.completedFuture(null)).close();
                throw e;
            }
            return new RunningQuery(client, InProcessResults.iterator(channel, client.getJobExecutionResult()),
                    plan.splits().size());
        }
        CloseableIterator<JobOutput> iterator = outputs.collectAsync();
        JobClient client = env.executeAsync(name);
        return new RunningQuery(client, iterator, plan.splits().size());
    }

    public JobRunner runner() {
        return runner;
    }
}
