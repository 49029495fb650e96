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

    @Override
    void close() throws Exception;
}
