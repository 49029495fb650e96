package dev.rewind.connectors.source.reader;

import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;

/**
 * Where a reader runs, as split affinity and per-split stats name it: its TaskManager's id (the
 * {@code <tm_id>} metric variable: a MiniCluster's TaskManagers differ by it, a standalone
 * TaskManager keeps it across restarts when {@code taskmanager.resource-id} is set), else the host.
 */
public final class ReaderLocation {
    private ReaderLocation() {
    }

    public static String of(SourceReaderContext context) {
        Map<String, String> variables = context.metricGroup().getAllVariables();
        String taskManager = variables.get("<tm_id>");
        if (taskManager != null && !taskManager.isBlank()) {
            return taskManager;
        }
        return context.getLocalHostName();
    }
}
