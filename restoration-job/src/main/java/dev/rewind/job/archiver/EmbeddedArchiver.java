package dev.rewind.job.archiver;

import dev.rewind.job.runner.EmbeddedJobRunner;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archiver on a MiniCluster of its own in this process ({@code rewind archiver}, {@code rewind
 * demo}): it resumes from the newest retained checkpoint when there is one, else starts where the
 * manifest says. Its own cluster, so query jobs never wait for the slot a never-ending job holds,
 * and its restarts never touch theirs. Thread-safe.
 */
public final class EmbeddedArchiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedArchiver.class);

    private final ArchiverJob job;
    private final EmbeddedJobRunner cluster;
    private volatile JobClient client;
    private volatile String resumedFrom;

    private EmbeddedArchiver(ArchiverJob job, EmbeddedJobRunner cluster) {
        this.job = job;
        this.cluster = cluster;
    }

    /**
     * Starts the cluster and the job.
     *
     * @param flinkTmp Flink's working files (null: the system's temporary directory)
     * @throws IllegalArgumentException when the target has no file system or none that can write it
     *                                  exactly once ({@link ArchiverJob#checkTarget()})
     */
    public static EmbeddedArchiver start(ArchiverJob job, java.nio.file.Path flinkTmp) throws Exception {
        job.checkTarget(); // a target it cannot write exactly once is refused here, not by a job failing for ever
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter." + ArchiverMetrics.REPORTER_NAME + ".factory.class",
                ArchiverMetrics.ReporterFactory.class.getName());
        // One chain of operators (source, parsing, writer, committer): it needs few network
        // buffers and no managed memory (its state is a few offsets, on the heap).
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("4m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("4m"));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ZERO);
        EmbeddedJobRunner cluster = EmbeddedJobRunner.start(
                new EmbeddedJobRunner.Settings(0, "127.0.0.1", job.sourceParallelism(), job.sourceParallelism(), flinkTmp), conf);
        EmbeddedArchiver archiver = new EmbeddedArchiver(job, cluster);
        try {
            archiver.submit();
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return archiver;
    }

    private synchronized void submit() throws Exception {
        Optional<String> checkpoint = RetainedCheckpoints.newest(job.checkpointDir());
        StreamExecutionEnvironment env = cluster.environment(RuntimeExecutionMode.STREAMING);
        env.configure(checkpoint.map(job::restoringFrom).orElseGet(job::configuration));
        job.addTo(env, checkpoint.isPresent() ? Map.of() : job.prepareFreshStart());
        client = env.executeAsync("rewind archiver " + job.topic() + " → " + job.layout().root());
        resumedFrom = checkpoint.orElse(null);
        LOG.info("archiver {} started{}", client.getJobID(), checkpoint.map(c -> " from checkpoint " + c).orElse(""));
    }

    /** The running job's id (hex); a restart gives a new one. */
    public String jobId() {
        return client.getJobID().toHexString();
    }

    /** The checkpoint the running job resumed from, or empty when it started afresh. */
    public Optional<String> resumedFrom() {
        return Optional.ofNullable(resumedFrom);
    }

    public JobStatus status() throws Exception {
        return client.getJobStatus().get(10, TimeUnit.SECONDS);
    }

    /** The running job's counters (lines taken in, committed ...), as last reported. */
    public ArchiverMetrics.Snapshot metrics() {
        return ArchiverMetrics.of(jobId());
    }

    /** The manifest as the target holds it now. */
    public ArchiveManifest manifest() throws IOException {
        return new ManifestStore(job.layout()).read();
    }

    public ArchiverJob job() {
        return job;
    }

    /** The cluster it runs on (tests take its TaskManager away). */
    public EmbeddedJobRunner cluster() {
        return cluster;
    }

    /**
     * Stops the job the way a kill does, as far as archives go: the archives being written are
     * dropped uncommitted, the checkpoints stay for {@link #resume()}.
     */
    public synchronized void stop() throws Exception {
        JobClient running = client;
        if (running == null || running.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            return;
        }
        running.cancel().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!running.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ArchiverMetrics.forget(running.getJobID().toHexString());
    }

    /** Starts the job again from the newest retained checkpoint (a stopped or failed job). */
    public synchronized void resume() throws Exception {
        stop();
        submit();
    }

    @Override
    public synchronized void close() throws Exception {
        try {
            stop();
        } finally {
            cluster.close();
        }
    }
}
