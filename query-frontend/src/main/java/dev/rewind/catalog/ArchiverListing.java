package dev.rewind.catalog;

import dev.rewind.job.archiver.ArchiveManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lists a folder the streaming archiver writes to so that the archives listed agree with its
 * manifest (see {@link ArchiveManifest}, "Pending"): the manifest is read, the folder walked, the
 * manifest read again; when both reads saw the same commit, the archives a commit in progress
 * announced are left out, and what is listed is exactly what the manifest's offsets cover. The
 * live part of a query then starts at those offsets with no gap and no line twice.
 */
final class ArchiverListing {
    /** Walks to try while commits keep landing between the two reads (each commit writes the manifest twice). */
    private static final int ATTEMPTS = 10;

    private ArchiverListing() {
    }

    /** The archives of {@code target} and the manifest they agree with. */
    record View(ArchiveManifest manifest, Map<Path, FileStat> files) {
    }

    /**
     * @return empty when the manifest moved during every walk (the caller keeps what it had)
     * @throws IOException naming the manifest when it cannot be read
     */
    static Optional<View> consistent(Path target) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ArchiveManifest> before = ArchiveManifest.readLocal(target);
            Map<Path, FileStat> files = new HashMap<>();
            ArchiveFilesScan.scan(target, files);
            Optional<ArchiveManifest> after = ArchiveManifest.readLocal(target);
            if (before.isPresent() && after.isPresent() && before.get().sequence() == after.get().sequence()) {
                for (String pending : after.get().pending()) {
                    files.remove(target.resolve(pending));
                }
                return Optional.of(new View(after.get(), files));
            }
            if (before.isEmpty() && after.isEmpty()) {
                return Optional.of(new View(null, files)); // a folder an archiver has not committed to yet
            }
            Thread.sleep(10L * (attempt + 1));
        }
        return Optional.empty();
    }
}
