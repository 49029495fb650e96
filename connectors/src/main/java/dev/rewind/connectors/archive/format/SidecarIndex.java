package dev.rewind.connectors.archive.format;

import java.util.List;

/**
 * The part of a sidecar {@code <archive>.idx} a catalog keeps in memory for every archive: the
 * archive's identity, its summary and its frames (where they are, their time ranges and level
 * counts), which is what planning a query needs. The hourly pre-aggregates, the error templates
 * and the token bloom filters are {@link SidecarDetails}, read from the same file only when a
 * question needs them. Read and written by {@link SidecarFormat}; immutable.
 */
public record SidecarIndex(ArchiveIdentity identity, ArchiveSummary summary, List<FrameIndex> frames) {

    public SidecarIndex {
        frames = List.copyOf(frames);
    }

    /** The same index for an archive verified unchanged but touched since (a new modification time). */
    public SidecarIndex withIdentity(ArchiveIdentity now) {
        return new SidecarIndex(now, summary, frames);
    }
}
