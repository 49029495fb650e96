package dev.rewind.connectors.archive;

import java.util.List;

/**
 * The sidecar {@code <archive>.idx}: an archive's summary, hourly pre-aggregates, templates and
 * per-frame index. Read and written by {@link SidecarFormat}; immutable.
 */
public record SidecarIndex(ArchiveIdentity identity, ArchiveSummary summary, List<FrameIndex> frames,
                           List<HourAggregate> hours, List<TemplateInfo> templates) {

    public SidecarIndex {
        frames = List.copyOf(frames);
        hours = List.copyOf(hours);
        templates = List.copyOf(templates);
    }
}
