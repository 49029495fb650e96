package dev.rewind.catalog;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.storage.Storage;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.TierLog;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import dev.rewind.job.archiver.ArchiveLayout;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Lists an archive root, local or remote, in one pass (a directory walk, or a store's listings),
 * reading nothing: the archives and the sidecars beside them, each with its length and version.
 * Folders outside the {@link ListingScope} are not listed at all, nor hidden ones. The streaming archiver's own
 * folder ({@code _rewind/}: its manifest, its checkpoints) is not listed either; the folders that
 * hold one are reported as archiver targets, wherever the root is — but for a local {@code _rewind/}
 * that holds only {@code rewind tier}'s moves log.
 */
public final class ArchiveFilesScan {
    private ArchiveFilesScan() {
    }

    static void scan(StoragePath root, ListingScope scope, Map<StoragePath, StoredFile> archives,
                     Map<StoragePath, StoredFile> sidecars) throws IOException {
        scan(root, scope, archives, sidecars, new java.util.HashSet<>());
    }

    /** @param archiverTargets gets each folder under {@code root} that the streaming archiver writes to */
    static void scan(StoragePath root, ListingScope scope, Map<StoragePath, StoredFile> archives,
                     Map<StoragePath, StoredFile> sidecars, Set<StoragePath> archiverTargets) throws IOException {
        var inScope = scope.descend(root);
        Storages.of(root).list(root, folder -> {
            if (folder.name().equals(ArchiveLayout.STATE_DIR)) {
                if (!onlyTierLog(folder)) {
                    archiverTargets.add(holder(folder));
                }
                return false;
            }
            // Hidden folders hold no archives, as hidden files are none: an S3-compatible store's
            // multipart uploads in progress (S3Proxy's .mpus-<id>-<key>-<part>, the archiver's s3a
            // writes before their commit), a trash, a version control folder.
            return !folder.name().startsWith(".") && inScope.into(folder);
        }, file -> {
            if (ArchiveFiles.isSidecar(file.path())) {
                sidecars.put(file.path(), file);
            } else if (isArchive(file.path())) {
                archives.put(file.path(), file);
            }
        });
    }

    /**
     * Whether a local {@code _rewind/} holds only {@code rewind tier}'s moves log ({@link TierLog}) or
     * its lock, no archiver's manifest: the folder holding it is an archive root like any other, not an
     * archiver's target. (Tiering writes logs into local roots only.)
     */
    private static boolean onlyTierLog(StoragePath stateDir) {
        if (!stateDir.isLocal()) {
            return false;
        }
        Storage local = Storages.of(stateDir);
        try {
            StoragePath root = stateDir.parent();
            return local.stat(stateDir.resolve(ArchiveLayout.MANIFEST)) == null
                    && (local.stat(root.resolve(TierLog.FILE)) != null || local.stat(root.resolve(TierLog.LOCK)) != null);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The folder holding {@code folder}, named as the listing names files: a local parent is kept
     * as given (relative when the root was), where {@link StoragePath#parent} would make it absolute
     * and no archive path would then lie under it.
     */
    private static StoragePath holder(StoragePath folder) {
        if (folder.isLocal()) {
            java.nio.file.Path parent = folder.toLocalPath().getParent();
            return parent == null ? folder.parent() : StoragePath.of(parent);
        }
        return folder.parent();
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
