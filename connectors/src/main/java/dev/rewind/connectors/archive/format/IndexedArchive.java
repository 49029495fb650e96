package dev.rewind.connectors.archive.format;

import java.nio.file.Path;

/**
 * An archive and the index part of its sidecar, as a catalog holds them and the planner reads
 * them.
 *
 * @param sidecar where the sidecar was read from (beside the archive or in an index directory):
 *                where its details are read on demand, and where a scan that completes the
 *                archive's token index writes it
 */
public record IndexedArchive(Path archive, Path sidecar, SidecarIndex index) {
    public long frameCount() {
        return index.frames().size();
    }
}
