package dev.rewind.catalog;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.io.IOException;
import java.util.Map;

/**
 * Lists an archive root, local or remote, in one pass (a directory walk, or a store's listings),
 * reading nothing: the archives and the sidecars beside them, each with its length and version.
 * Folders outside the {@link ListingScope} are not listed at all.
 */
public final class ArchiveFilesScan {
    private ArchiveFilesScan() {
    }

    static void scan(StoragePath root, ListingScope scope, Map<StoragePath, StoredFile> archives,
                     Map<StoragePath, StoredFile> sidecars) throws IOException {
        Storages.of(root).list(root, scope.descend(root), file -> {
            if (ArchiveFiles.isSidecar(file.path())) {
                sidecars.put(file.path(), file);
            } else if (isArchive(file.path())) {
                archives.put(file.path(), file);
            }
        });
    }

    /** Every regular file but sidecars, partial writes, hidden files and sample ground truth. */
    public static boolean isArchive(StoragePath file) {
        String name = file.name();
        return !ArchiveFiles.isSidecar(file) && !name.endsWith(".partial") && !name.startsWith(".")
                && !name.equals("ground-truth.json");
    }

    public static boolean isArchive(java.nio.file.Path file) {
        return isArchive(StoragePath.of(file));
    }
}
