package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StoredFile;
import java.nio.file.Path;

/**
 * An archive and the index part of its sidecar, as a catalog holds them and the planner reads
 * them.
 *
 * @param sidecar where the sidecar was read from (beside the archive or in an index directory):
 *                where its details are read on demand, and where a scan that completes the
 *                archive's token index writes it
 */
public record IndexedArchive(StoragePath archive, StoragePath sidecar, SidecarIndex index) {

    /** A local archive (tools and tests). */
    public IndexedArchive(Path archive, Path sidecar, SidecarIndex index) {
        this(StoragePath.of(archive), StoragePath.of(sidecar), index);
    }

    public long frameCount() {
        return index.frames().size();
    }

    /** The archive's file in the version its sidecar was checked against: what reads of its bytes name. */
    public StoredFile file() {
        return new StoredFile(archive, index.identity().length(), index.identity().modifiedMillis());
    }
}
