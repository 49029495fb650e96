package dev.rewind.job.archiver;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.apache.flink.core.fs.Path;

/**
 * Where the archiver puts things under its target: archives by time window in
 * {@code dt=YYYY-MM-DD/hour=HH/}, each named for its topic, window and writer
 * ({@code logs-20240601T133000Z-0-1f2e3d4c.ndjson.zst}), its sidecar beside it, and its own files
 * (the manifest, checkpoints) under {@code _rewind/}, which catalogs skip. Immutable.
 *
 * @param root          the target directory or URI, without a trailing slash
 * @param rollInterval  the time window of one archive; divides a day evenly
 */
public record ArchiveLayout(String root, String topic, Duration rollInterval) implements Serializable {
    /** The archiver's own folder under its target: the manifest and, by default, the checkpoints. */
    public static final String STATE_DIR = "_rewind";
    public static final String MANIFEST = "manifest.json";
    public static final String ARCHIVE_SUFFIX = ".ndjson.zst";

    /** The start of the window holding {@code timeMillis}, epoch milliseconds. */
    public long windowOf(long timeMillis) {
        long interval = rollInterval.toMillis();
        return Math.floorDiv(timeMillis, interval) * interval;
    }

    /** The folder of a window: {@code <root>/dt=2024-06-01/hour=13}. */
    public String folderOf(long windowStart) {
        ZonedDateTime t = Instant.ofEpochMilli(windowStart).atZone(ZoneOffset.UTC);
        return root + String.format("/dt=%04d-%02d-%02d/hour=%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour());
    }

    /** The date the window's folder names (archives give lines without a timestamp its midnight). */
    public LocalDate dateOf(long windowStart) {
        return Instant.ofEpochMilli(windowStart).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * A new archive of the window, unique among every writer and every attempt: a part written
     * before a failure and never committed is written again under another name after it.
     */
    public Path newArchive(long windowStart, int subtask) {
        ZonedDateTime t = Instant.ofEpochMilli(windowStart).atZone(ZoneOffset.UTC);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return new Path(folderOf(windowStart) + String.format("/%s-%04d%02d%02dT%02d%02d%02dZ-%d-%s%s", topic,
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(),
                subtask, unique, ARCHIVE_SUFFIX));
    }

    /** The sidecar beside an archive, named as every Rewind sidecar is. */
    public static Path sidecarOf(Path archive) {
        return new Path(archive.getParent(), archive.getName() + ".idx");
    }

    public Path manifest() {
        return new Path(root + "/" + STATE_DIR + "/" + MANIFEST);
    }

    public Path checkpoints() {
        return new Path(root + "/" + STATE_DIR + "/checkpoints");
    }

    /** {@code archive} relative to the root, as the manifest names archives. */
    public String relative(Path archive) {
        String full = archive.toString();
        String prefix = new Path(root).toString() + "/";
        return full.startsWith(prefix) ? full.substring(prefix.length()) : full;
    }
}
