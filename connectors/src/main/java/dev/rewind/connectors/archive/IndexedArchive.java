package dev.rewind.connectors.archive;

import java.nio.file.Path;

/** An archive and its sidecar, as the catalog holds them and the planner reads them. */
public record IndexedArchive(Path archive, SidecarIndex index) {
    public long frameCount() {
        return index.frames().size();
    }
}
