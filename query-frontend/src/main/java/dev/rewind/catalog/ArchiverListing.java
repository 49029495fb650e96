package dev.rewind.catalog;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.Storage;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import dev.rewind.job.archiver.ArchiveLayout;
import dev.rewind.job.archiver.ArchiveManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lists a folder the streaming archiver writes to — a local folder or a prefix of any store Flink
 * has a file system for — so that the archives listed agree with its manifest (see
 * {@link ArchiveManifest}, "Pending"): the manifest is read, the folder listed, the manifest read
 * again; when both reads saw the same commit, the archives a commit in progress announced are left
 * out, and so is any archive whose sidecar is not beside it yet (the archiver commits the sidecar
 * last), and what is listed is exactly what the manifest's offsets cover. The live part of a query
 * then starts at those offsets with no gap and no line twice.
 */
final class ArchiverListing {
    /** Walks to try while commits keep landing between the two reads (each commit writes the manifest twice). */
    private static final int ATTEMPTS = 10;
    /** Reads of a remote manifest that may race a rewrite (a stat, then a read of that many bytes). */
    private static final int READS = 3;

    private ArchiverListing() {
    }

    /** The archives of {@code target} and the manifest they agree with, and the sidecars beside them. */
    record View(ArchiveManifest manifest, Map<StoragePath, StoredFile> files, Map<StoragePath, StoredFile> sidecars) {
    }

    /**
     * @param scope the folders of the target to list (a command's range), as for any root
     * @return empty when the manifest moved during every walk (the caller keeps what it had)
     * @throws IOException naming the manifest when it cannot be read
     */
    static Optional<View> consistent(StoragePath target, ListingScope scope) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ArchiveManifest> before = manifest(target);
            Map<StoragePath, StoredFile> files = new HashMap<>();
            Map<StoragePath, StoredFile> sidecars = new HashMap<>();
            ArchiveFilesScan.scan(target, scope, files, sidecars);
            Optional<ArchiveManifest> after = manifest(target);
            if (before.isPresent() && after.isPresent() && before.get().sequence() == after.get().sequence()) {
                for (String pending : after.get().pending()) {
                    files.remove(target.resolve(pending));
                }
                // The archiver commits an archive before its sidecar, the pair's marker: an archive
                // of its folder without one is not complete yet (or was left by a failed commit its
                // restart completes), never a foreign archive to index here.
                files.keySet().removeIf(archive -> !sidecars.containsKey(ArchiveFiles.sidecarBeside(archive)));
                return Optional.of(new View(after.get(), files, sidecars));
            }
            if (before.isEmpty() && after.isEmpty()) {
                return Optional.of(new View(null, files, sidecars)); // a folder an archiver has not committed to yet
            }
            Thread.sleep(10L * (attempt + 1));
        }
        return Optional.empty();
    }

    /** The manifest of {@code target}; empty when there is none. */
    static Optional<ArchiveManifest> manifest(StoragePath target) throws IOException {
        if (target.isLocal()) {
            return ArchiveManifest.readLocal(target.toLocalPath()); // replaced by a rename: one read sees one write
        }
        StoragePath file = target.resolve(ArchiveLayout.STATE_DIR).resolve(ArchiveLayout.MANIFEST);
        Storage storage = Storages.of(file).uncached();
        for (int read = 1; ; read++) {
            StoredFile stored = storage.stat(file);
            if (stored == null) {
                return Optional.empty();
            }
            try (InputStream in = storage.open(stored, IoCounts.IGNORED)) {
                return Optional.of(ArchiveManifest.fromJson(in.readAllBytes(), file.toString()));
            } catch (NoSuchFileException gone) {
                return Optional.empty();
            } catch (IOException e) {
                // An object is replaced whole, but it may have been replaced between the stat and
                // the read, which then read the new one with the old length: stat again.
                StoredFile now = storage.stat(file);
                if (read >= READS || now == null || now.version().equals(stored.version())) {
                    throw e;
                }
            }
        }
    }
}
