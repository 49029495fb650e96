package dev.rewind.job.archiver;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;

/**
 * The archiver's own Flink metrics, registered by its writer and committer on their operator
 * groups, so any Flink metric reporter exports them (a cluster's Prometheus reporter, say) beside
 * the Kafka source's standard ones ({@code pendingRecords}, {@code numRecordsIn}):
 *
 * <ul>
 *   <li>{@value #LINES_IN}: lines taken into archives being written (throughput);</li>
 *   <li>{@value #LINES_COMMITTED}, {@value #ARCHIVES_COMMITTED}, {@value #BYTES_COMMITTED}: what
 *       commits made visible;</li>
 *   <li>{@value #LAST_COMMIT}: when the last commit ended, epoch milliseconds.</li>
 * </ul>
 *
 * <p>In a process that runs the archiver on an embedded cluster, {@link Reporter} keeps them for
 * {@link #of(String)}. Counters count from the start of each job; the manifest keeps the totals.
 */
public final class ArchiverMetrics {
    public static final String LINES_IN = "rewindArchiverLinesIn";
    public static final String LINES_COMMITTED = "rewindArchiverLinesCommitted";
    public static final String ARCHIVES_COMMITTED = "rewindArchiverArchivesCommitted";
    public static final String BYTES_COMMITTED = "rewindArchiverBytesCommitted";
    public static final String LAST_COMMIT = "rewindArchiverLastCommitMillis";
    /** The name {@link Reporter} is configured under ({@code metrics.reporter.<name>.factory.class}). */
    public static final String REPORTER_NAME = "rewind";

    private static final Map<String, Map<String, Metric>> BY_JOB = new ConcurrentHashMap<>();

    private ArchiverMetrics() {
    }

    /** What a job's writers and committers counted (summed over their subtasks), as last reported. */
    public record Snapshot(long linesIn, long linesCommitted, long archivesCommitted, long bytesCommitted,
                           Optional<Instant> lastCommit) {
        public static final Snapshot NONE = new Snapshot(0, 0, 0, 0, Optional.empty());
    }

    /** The archiver job's metrics in this process, by job id (hex); {@link Snapshot#NONE} when unknown. */
    public static Snapshot of(String jobId) {
        Map<String, Metric> metrics = BY_JOB.get(jobId);
        if (metrics == null) {
            return Snapshot.NONE;
        }
        long last = sumGauges(metrics, LAST_COMMIT, Math::max);
        return new Snapshot(sum(metrics, LINES_IN), sum(metrics, LINES_COMMITTED), sum(metrics, ARCHIVES_COMMITTED),
                sum(metrics, BYTES_COMMITTED), last > 0 ? Optional.of(Instant.ofEpochMilli(last)) : Optional.empty());
    }

    private static long sum(Map<String, Metric> metrics, String name) {
        long total = 0;
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            if (e.getKey().endsWith("/" + name) && e.getValue() instanceof Counter c) {
                total += c.getCount();
            }
        }
        return total;
    }

    private static long sumGauges(Map<String, Metric> metrics, String name, java.util.function.LongBinaryOperator op) {
        long value = 0;
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            if (e.getKey().endsWith("/" + name) && e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                value = op.applyAsLong(value, n.longValue());
            }
        }
        return value;
    }

    /** The writer's counter of lines taken in. */
    static Counter linesIn(MetricGroup group) {
        return group.counter(LINES_IN);
    }

    /** The committer's metrics. Thread-safe enough for one committer thread and reporter reads. */
    static final class Commits {
        private final Counter lines;
        private final Counter archives;
        private final Counter bytes;
        private volatile long lastCommit;

        Commits(MetricGroup group) {
            lines = group.counter(LINES_COMMITTED);
            archives = group.counter(ARCHIVES_COMMITTED);
            bytes = group.counter(BYTES_COMMITTED);
            group.gauge(LAST_COMMIT, (Gauge<Long>) () -> lastCommit);
        }

        void committed(Collection<ArchivePart> fresh, Instant at) {
            for (ArchivePart p : fresh) {
                lines.inc(p.lines());
                archives.inc();
                bytes.inc(p.compressedBytes());
            }
            lastCommit = at.toEpochMilli();
        }
    }

    /**
     * A Flink metric reporter that keeps the archiver's metrics of the jobs of this process in
     * memory, for {@link ArchiverMetrics#of}. Configured by {@link EmbeddedArchiver}; found by Flink
     * through {@code META-INF/services}. Thread-safe.
     */
    public static final class Reporter implements org.apache.flink.metrics.reporter.MetricReporter {
        @Override
        public void open(org.apache.flink.metrics.MetricConfig config) {
        }

        @Override
        public void close() {
        }

        @Override
        public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
            if (!name.startsWith("rewindArchiver")) {
                return;
            }
            String job = group.getAllVariables().get("<job_id>");
            if (job != null) {
                BY_JOB.computeIfAbsent(job, j -> new ConcurrentHashMap<>()).put(key(name, group), metric);
            }
        }

        @Override
        public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
            // kept: a finished or failed job's last values stay readable; forget(jobId) drops them
        }

        private static String key(String name, MetricGroup group) {
            return group.getAllVariables().getOrDefault("<subtask_index>", "0") + ":"
                    + group.getAllVariables().getOrDefault("<operator_id>", "") + "/" + name;
        }
    }

    /** Drops what was kept of a job. */
    public static void forget(String jobId) {
        BY_JOB.remove(jobId);
    }

    /** Creates {@link Reporter}s. */
    public static final class ReporterFactory implements org.apache.flink.metrics.reporter.MetricReporterFactory {
        @Override
        public org.apache.flink.metrics.reporter.MetricReporter createMetricReporter(java.util.Properties properties) {
            return new Reporter();
        }
    }
}
