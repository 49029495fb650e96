package dev.rewind.cli;

import dev.rewind.catalog.ArchiveFilesScan;
import dev.rewind.connectors.storage.Storage;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Finds the archives under roots, local or remote: every file that is not a sidecar or our own bookkeeping. */
final class ArchiveScan {
    private ArchiveScan() {
    }

    /** @throws IllegalArgumentException naming a root that is neither a file nor a folder */
    static List<StoredFile> find(List<StoragePath> roots) throws IOException {
        List<StoredFile> found = new ArrayList<>();
        for (StoragePath root : roots) {
            StoredFile file = Storages.of(root).stat(root);
            if (file != null) {
                found.add(file);
                continue;
            }
            List<StoredFile> under = new ArrayList<>();
            try {
                Storages.of(root).list(root, Storage.Descend.ALL, f -> {
                    if (ArchiveFilesScan.isArchive(f.path())) {
                        under.add(f);
                    }
                });
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(root + " is neither a file nor a directory");
            }
            under.sort(Comparator.comparing(StoredFile::path));
            found.addAll(under);
        }
        return found;
    }
}
