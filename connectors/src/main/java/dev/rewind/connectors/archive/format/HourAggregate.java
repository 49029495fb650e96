package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.record.Level;
import java.time.Instant;
import java.util.List;

/**
 * Pre-aggregates of one hour of an archive: counts per level and service, and for WARN and above
 * the count of each message template. Counts and trends over whole hours are answered from these
 * without decompressing anything.
 *
 * @param hour the hour's first instant (UTC)
 */
public record HourAggregate(Instant hour, List<LevelServiceCount> counts, List<TemplateCount> templates) {

    public HourAggregate {
        counts = List.copyOf(counts);
        templates = List.copyOf(templates);
    }

    /** @param service index into {@link ArchiveSummary#services()} */
    public record LevelServiceCount(Level level, int service, long count) {
    }

    /** @param template index into {@link SidecarIndex#templates()} */
    public record TemplateCount(int template, long count) {
    }
}
