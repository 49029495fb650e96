package dev.rewind.server;

import dev.rewind.query.run.Jobs;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the job runner every few seconds whether it can run jobs, and has it bring back what it can
 * when it cannot (a TaskManager of the embedded cluster that died): the server is never silently
 * half-alive. Survives any throwable.
 */
final class FlinkWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkWatchdog.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flink-watchdog");
        t.setDaemon(true);
        return t;
    });

    FlinkWatchdog(Jobs jobs, long everySeconds) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                var health = jobs.health();
                if (!health.ready() && jobs.started().isPresent()) {
                    LOG.warn("Flink is not ready ({}); restoring", health.problem());
                    jobs.started().get().restore();
                }
            } catch (Throwable t) {
                LOG.warn("Flink watchdog: {}", t.toString());
            }
        }, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
