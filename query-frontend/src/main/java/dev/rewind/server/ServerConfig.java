package dev.rewind.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * How to start the server: archive directories, optional index directory, the live topic, where
 * Flink runs (embedded MiniCluster when {@code flink} is null), the port, and demo mode.
 *
 * @param flinkUiPort the embedded MiniCluster's web UI port (0: any free port)
 * @param demoData    where {@code POST /api/demo/create-sample-archives} writes (null: demo mode off)
 * @param prefetch    prepare the adjacent periods of each query while idle
 * @param reports     where the monthly error-trend reports go (null: no scheduled reports)
 * @param reportCron  when they run (UNIX cron, UTC)
 */
public record ServerConfig(List<Path> archives, Path indexDir, Path cacheDir, String kafka, String topic, URI flink,
                           int port, int flinkUiPort, Path demoData, long cacheBytes, boolean prefetch, Path reports,
                           String reportCron) {
    public ServerConfig {
        archives = List.copyOf(archives);
    }
}
