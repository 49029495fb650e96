package dev.rewind.job.runner;

import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where query jobs run: the embedded MiniCluster ({@link EmbeddedJobRunner}) or a Flink session
 * cluster over its REST API ({@link RemoteJobRunner}). The same job graph runs on either.
 * Implementations are thread-safe: several queries may build and submit jobs at once.
 */
public interface JobRunner extends AutoCloseable {

    /** A fresh environment whose jobs run on this runner's cluster. */
    StreamExecutionEnvironment environment(RuntimeExecutionMode mode);

    /** True when jobs run in this JVM, so results can be handed over in memory rather than polled for. */
    default boolean inProcess() {
        return false;
    }

    /** The Flink web UI's address, where one is served. */
    Optional<String> webUi();

    /**
     * Whether jobs can run now: TaskManagers registered with slots.
     *
     * @param taskManagers registered now
     * @param problem      why not ready, or null
     */
    record Health(boolean ready, int taskManagers, int slots, String problem) {
    }

    /** Asks the cluster (within a second or two) whether it can run jobs. */
    Health health();

    /**
     * Brings back what a failure took down, where this runner can (a TaskManager of the embedded
     * cluster that died); a no-op where it cannot.
     */
    default void restore() throws Exception {
    }

    @Override
    void close() throws Exception;
}
