package dev.rewind.stats;

import dev.rewind.job.archiver.ArchiveManifest;
import dev.rewind.job.archiver.ArchiverJob;
import dev.rewind.job.archiver.ArchiverLag;
import dev.rewind.job.archiver.ArchiverMetrics;
import dev.rewind.job.archiver.EmbeddedArchiver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a streaming archiver running in this process is doing, for {@code GET /api/stats}
 * ({@code archiver}) and Prometheus ({@code /metrics}, {@code rewind archiver --metrics-port}):
 * lines taken in (by the running job), lines and archives committed and the last commit (from the
 * manifest, so they survive restarts), and the lag, the topic's lines no committed archive holds
 * yet. The manifest is read at most once a second. Thread-safe; close it.
 */
public final class ArchiverStats implements AutoCloseable {
    private static final Duration MANIFEST_TTL = Duration.ofSeconds(1);

    private final EmbeddedArchiver archiver;
    private final ArchiverLag lag;
    private Instant readAt = Instant.EPOCH;
    private ArchiveManifest manifest;
    private String manifestProblem;

    public ArchiverStats(EmbeddedArchiver archiver) {
        this.archiver = archiver;
        this.lag = new ArchiverLag(archiver.job().bootstrapServers(), archiver.job().topic());
    }

    private synchronized ArchiveManifest manifest() {
        Instant now = Instant.now();
        if (manifest == null || now.isAfter(readAt.plus(MANIFEST_TTL))) {
            try {
                manifest = archiver.manifest();
                manifestProblem = null;
            } catch (Exception e) {
                manifestProblem = e.getMessage();
                if (manifest == null) {
                    manifest = ArchiveManifest.empty(archiver.job().topic());
                }
            }
            readAt = now;
        }
        return manifest;
    }

    /** {@code archiver} of {@code GET /api/stats}. */
    public Map<String, Object> view() {
        ArchiverJob job = archiver.job();
        ArchiveManifest m = manifest();
        ArchiverMetrics.Snapshot running = archiver.metrics();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("target", job.layout().root());
        view.put("topic", job.topic());
        view.put("roll_interval_seconds", job.layout().rollInterval().toSeconds());
        view.put("commit_interval_seconds", job.checkpointInterval().toMillis() / 1000.0);
        String status;
        try {
            status = archiver.status().name();
        } catch (Exception e) {
            status = "UNKNOWN";
        }
        view.put("status", status);
        view.put("records_in", running.linesIn());
        view.put("records_committed", m.linesCommitted());
        view.put("archives_written", m.archivesCommitted());
        view.put("bytes_committed", m.bytesCommitted());
        view.put("last_commit", m.committedAt() == null ? null : m.committedAt().toString());
        view.put("watermark", m.watermark().map(Instant::toString).orElse(null));
        OptionalLong behind = lag.lines(m);
        view.put("lag", behind.isPresent() ? behind.getAsLong() : null);
        if (manifestProblem != null) {
            view.put("problem", manifestProblem);
        }
        return view;
    }

    /** Registers the archiver's throughput and lag with {@code registry} (names {@code rewind.archiver.*}). */
    public void register(MeterRegistry registry) {
        FunctionCounter.builder("rewind.archiver.lines.in", this, s -> s.archiver.metrics().linesIn())
                .description("lines taken into archives being written, by the running job").register(registry);
        FunctionCounter.builder("rewind.archiver.lines.committed", this, s -> s.manifest().linesCommitted())
                .description("lines in committed archives").register(registry);
        FunctionCounter.builder("rewind.archiver.archives.committed", this, s -> s.manifest().archivesCommitted())
                .description("archives committed").register(registry);
        FunctionCounter.builder("rewind.archiver.bytes.committed", this, s -> s.manifest().bytesCommitted())
                .description("compressed bytes committed").register(registry);
        Gauge.builder("rewind.archiver.last.commit", this, s -> {
            Instant at = s.manifest().committedAt();
            return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
        }).description("when the last commit ended, epoch seconds").baseUnit("seconds").register(registry);
        Gauge.builder("rewind.archiver.lag", this, s -> {
            OptionalLong behind = s.lag.lines(s.manifest());
            return behind.isPresent() ? behind.getAsLong() : Double.NaN;
        }).description("lines of the topic no committed archive holds yet").baseUnit("lines").register(registry);
    }

    @Override
    public void close() {
        lag.close();
    }
}
