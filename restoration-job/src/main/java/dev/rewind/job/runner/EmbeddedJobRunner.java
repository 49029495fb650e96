package dev.rewind.job.runner;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One warm MiniCluster shared by all queries for the life of the process (a new local environment
 * per job costs ~1.5 s; a job on a warm cluster ~0.1 s), with its web UI on the REST port so each
 * query job can be watched. Jobs are submitted straight to the MiniCluster: the executor below is
 * the few lines Flink ships only in {@code flink-test-utils}.
 */
public final class EmbeddedJobRunner implements JobRunner {
    private static final String EXECUTOR = "rewind-minicluster";

    private final MiniCluster cluster;
    private final int slots;
    private final String webUi;

    private EmbeddedJobRunner(MiniCluster cluster, int slots, String webUi) {
        this.cluster = cluster;
        this.slots = slots;
        this.webUi = webUi;
    }

    /**
     * @param restPort the web UI's port (8081 by default in the demo; 0 picks a free one)
     * @param slots    task slots, the parallelism of query jobs
     */
    public static EmbeddedJobRunner start(int restPort, int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, Integer.toString(restPort));
        conf.set(RestOptions.PORT, restPort);
        conf.set(RestOptions.ADDRESS, "localhost");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        // Query jobs move little data between tasks and sort little (keyed aggregates are small):
        // modest network and managed memory keep the whole server well under 500 MB resident.
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, org.apache.flink.configuration.MemorySize.parse("16m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, org.apache.flink.configuration.MemorySize.parse("16m"));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, org.apache.flink.configuration.MemorySize.parse("64m"));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        cluster.start();
        String webUi = cluster.getRestAddress().get().toString();
        return new EmbeddedJobRunner(cluster, slots, webUi);
    }

    @Override
    public StreamExecutionEnvironment environment(RuntimeExecutionMode mode) {
        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.TARGET, EXECUTOR);
        conf.set(DeploymentOptions.ATTACHED, true);
        conf.set(ExecutionOptions.RUNTIME_MODE, mode);
        // Operators never mutate a record they were handed, so chained operators may share it instead
        // of deep-copying every match through its serializer (the scan fans out to two branches).
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Loader(cluster), conf,
                Thread.currentThread().getContextClassLoader());
        env.setParallelism(slots);
        return env;
    }

    /** The state of a job on this cluster (for tests and the job view of the API). */
    public org.apache.flink.api.common.JobStatus status(String jobId) throws Exception {
        return cluster.getJobStatus(org.apache.flink.api.common.JobID.fromHexString(jobId)).get();
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public Optional<String> webUi() {
        return Optional.of(webUi);
    }

    @Override
    public void close() throws Exception {
        // A query's results arrive in memory as its sink finishes, a moment before the job itself is
        // FINISHED; closing the cluster in that moment would fail the job and stall the shutdown.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        try {
            while (System.nanoTime() < deadline && cluster.listJobs().get().stream()
                    .anyMatch(job -> !job.getJobState().isTerminalState())) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            // closing anyway
        }
        cluster.close();
    }

    /** Hands every pipeline to the one MiniCluster. */
    private record Loader(MiniCluster cluster) implements PipelineExecutorServiceLoader {
        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return new PipelineExecutorFactory() {
                @Override
                public String getName() {
                    return EXECUTOR;
                }

                @Override
                public boolean isCompatibleWith(Configuration configuration) {
                    return true;
                }

                @Override
                public PipelineExecutor getExecutor(Configuration configuration) {
                    return (pipeline, config, classLoader) -> submit(pipeline, config, classLoader);
                }
            };
        }

        private CompletableFuture<JobClient> submit(Pipeline pipeline, Configuration config, ClassLoader classLoader)
                throws Exception {
            StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, config);
            return cluster.submitJob(graph).thenApply(result -> new MiniClusterJobClient(result.getJobID(), cluster,
                    classLoader, MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(EXECUTOR);
        }
    }
}
