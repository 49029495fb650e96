package dev.rewind.job.cluster;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.storage.Storage;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The indexed archives under some roots, for a job submitted without Rewind's catalog: every file
 * with a current sidecar beside it. Folders and files whose names start with {@code _} or
 * {@code .} are skipped (the archiver's {@code _rewind/} state, parts being written). Archives
 * without a sidecar, or whose sidecar no longer matches, are reported to {@code warn} and left out:
 * indexing them is {@code rewind index}'s job.
 */
final class ArchiveListing {
    private ArchiveListing() {
    }

    static List<IndexedArchive> list(List<String> roots, Consumer<String> warn) throws IOException {
        List<IndexedArchive> found = new ArrayList<>();
        for (String root : roots) {
            StoragePath rootPath = StoragePath.of(root);
            Storage storage = Storages.of(rootPath);
            Map<StoragePath, StoredFile> files = new HashMap<>();
            storage.list(rootPath, folder -> !hidden(folder.name()), f -> {
                if (!hidden(f.path().name())) {
                    files.put(f.path(), f);
                }
            });
            for (StoredFile file : files.values().stream().sorted((a, b) -> a.path().compareTo(b.path())).toList()) {
                if (ArchiveFiles.isSidecar(file.path())) {
                    continue;
                }
                StoredFile sidecar = files.get(ArchiveFiles.sidecarBeside(file.path()));
                if (sidecar == null) {
                    warn.accept("not indexed, left out: " + file.path() + " (run `rewind index` on it)");
                    continue;
                }
                try {
                    SidecarIndex index = ArchiveFiles.readSidecar(file, sidecar);
                    found.add(new IndexedArchive(file.path(), sidecar.path(), index));
                } catch (IOException e) {
                    warn.accept("left out: " + e.getMessage());
                }
            }
        }
        return found;
    }

    private static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }
}
