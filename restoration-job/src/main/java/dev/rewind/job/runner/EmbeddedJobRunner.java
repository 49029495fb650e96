package dev.rewind.job.runner;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
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
    private final int parallelism;
    private final String webUi;

    private EmbeddedJobRunner(MiniCluster cluster, int parallelism, String webUi) {
        this.cluster = cluster;
        this.parallelism = parallelism;
        this.webUi = webUi;
    }

    /**
     * How to start the embedded cluster.
     *
     * @param restPort  the web UI's port (8081 in the demo; 0 picks a free one)
     * @param bindHost  where the web UI and every other socket of the cluster listen (loopback by default)
     * @param slots       task slots: enough for every job that may run at once, each at full width,
     *                    so that no job waits for another's slots to end
     * @param parallelism the readers of one query job
     * @param tmpDir    Flink's working files (the RPC system's jar it unpacks at each start, uploads);
     *                  null for the system temp directory
     */
    public record Settings(int restPort, String bindHost, int slots, int parallelism, java.nio.file.Path tmpDir) {
        public Settings {
            if (parallelism < 1 || slots < parallelism) {
                throw new IllegalArgumentException("a job of " + parallelism + " readers cannot run in " + slots + " slots");
            }
        }

        /** One job at a time, {@code slots} readers wide. */
        public static Settings local(int restPort, int slots) {
            return new Settings(restPort, "127.0.0.1", slots, slots, null);
        }
    }

    /** @see #start(Settings) */
    public static EmbeddedJobRunner start(int restPort, int slots) throws Exception {
        return start(Settings.local(restPort, slots));
    }

    /**
     * Starts the cluster. Its web UI is read-only: jobs cannot be uploaded, submitted or cancelled
     * through its REST API (Rewind submits in-process, and stops its jobs itself), so reaching the
     * port runs no code; and every socket binds to {@code bindHost}.
     */
    public static EmbeddedJobRunner start(Settings settings) throws Exception {
        return start(settings, new Configuration());
    }

    /**
     * {@link #start(Settings)} with more cluster configuration (the archiver adds its metric
     * reporter and needs less memory): it overrides the memory defaults below; the settings win
     * where both say something.
     */
    public static EmbeddedJobRunner start(Settings settings, Configuration extra) throws Exception {
        Configuration conf = new Configuration();
        // Query jobs move little data between tasks and sort little (keyed aggregates are small):
        // modest network and managed memory, counted in the memory budget as off-heap.
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, org.apache.flink.configuration.MemorySize.parse(NETWORK_MB + "m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, org.apache.flink.configuration.MemorySize.parse(NETWORK_MB + "m"));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, org.apache.flink.configuration.MemorySize.parse(MANAGED_MB + "m"));
        conf.addAll(extra);
        int restPort = settings.restPort();
        int slots = settings.slots();
        conf.set(RestOptions.BIND_PORT, Integer.toString(restPort));
        conf.set(RestOptions.PORT, restPort);
        conf.set(RestOptions.ADDRESS, settings.bindHost());
        conf.set(RestOptions.BIND_ADDRESS, settings.bindHost());
        conf.set(org.apache.flink.configuration.JobManagerOptions.ADDRESS, settings.bindHost());
        conf.set(org.apache.flink.configuration.JobManagerOptions.BIND_HOST, settings.bindHost());
        conf.set(TaskManagerOptions.HOST, settings.bindHost());
        conf.set(TaskManagerOptions.BIND_HOST, settings.bindHost());
        conf.set(org.apache.flink.configuration.WebOptions.SUBMIT_ENABLE, false);
        conf.set(org.apache.flink.configuration.WebOptions.CANCEL_ENABLE, false);
        conf.set(org.apache.flink.configuration.WebOptions.RESCALE_ENABLE, false);
        // The UI is same-origin; no other page may read it through the browser.
        conf.set(org.apache.flink.configuration.WebOptions.ACCESS_CONTROL_ALLOW_ORIGIN, "http://" + settings.bindHost());
        if (settings.tmpDir() != null) {
            conf.set(org.apache.flink.configuration.CoreOptions.TMP_DIRS, settings.tmpDir().toString());
        }
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        try {
            cluster.start();
        } catch (Exception e) {
            cluster.close();
            if (restPort != 0 && portTaken(e)) {
                throw new IllegalStateException("the Flink web UI port " + restPort + " on " + settings.bindHost()
                        + " is taken; free it or choose another (--flink-ui-port)", e);
            }
            throw e;
        }
        String webUi = cluster.getRestAddress().get().toString();
        EmbeddedJobRunner runner = new EmbeddedJobRunner(cluster, settings.parallelism(), webUi);
        // The TaskManager registers with the resource manager a moment after start() returns: until
        // it has, a job fails for want of slots and health would say "not ready". Start means ready.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (runner.health().taskManagers() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return runner;
    }

    /** Flink network memory (off-heap), MiB. */
    public static final int NETWORK_MB = 16;
    /** Flink managed memory (off-heap, sorting of batch aggregations), MiB. */
    public static final int MANAGED_MB = 64;

    private static boolean portTaken(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.BindException || String.valueOf(c.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
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
        env.setParallelism(parallelism);
        return env;
    }

    /** The state of a job on this cluster (for tests and the job view of the API). */
    public org.apache.flink.api.common.JobStatus status(String jobId) throws Exception {
        return cluster.getJobStatus(org.apache.flink.api.common.JobID.fromHexString(jobId)).get();
    }

    @Override
    public Health health() {
        try {
            var overview = cluster.getResourceOverview().get(2, java.util.concurrent.TimeUnit.SECONDS);
            int tms = overview.getNumberTaskManagers();
            return new Health(tms > 0, tms, overview.getNumberRegisteredSlots(),
                    tms > 0 ? null : "no TaskManager is registered with the embedded cluster");
        } catch (Exception e) {
            return new Health(false, 0, 0, "the embedded cluster does not answer: " + e);
        }
    }

    /**
     * Stops the cluster's TaskManager, as a fatal error in one of its tasks does: for drills and
     * tests of what happens then ({@link #health()} says so; {@link #restore()} brings one back).
     */
    public void terminateTaskManager() throws Exception {
        cluster.terminateTaskManager(0).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Starts a new TaskManager when none is registered (the last one died of a fatal error). */
    @Override
    public synchronized void restore() throws Exception {
        if (cluster.isRunning() && health().taskManagers() == 0) {
            cluster.startTaskManager();
        }
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
