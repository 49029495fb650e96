package dev.rewind.catalog;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where the sidecar of an archive is read from and written to. Beside the archive
 * ({@code <archive>.idx}) when one is there or the archive's folder is writable (a bucket one may
 * write to); else in the index directory — the one given ({@code --index-dir}, a local path or a
 * URI), or by default a folder under the user's cache directory — so a read-only archive store is
 * indexed without being told where. Thread-safe.
 */
public final class SidecarPlacement {
    private final StoragePath indexDir;
    private final boolean explicit;
    private final Predicate<StoragePath> writable;

    private SidecarPlacement(StoragePath indexDir, Predicate<StoragePath> writable, boolean unused) {
        this.explicit = indexDir != null;
        this.indexDir = indexDir != null ? indexDir : StoragePath.of(defaultIndexDir());
        this.writable = writable;
    }

    /** @param indexDir the index directory given (a local path or a URI), or null for the default one */
    public static SidecarPlacement of(StoragePath indexDir) {
        return new SidecarPlacement(indexDir, folder -> Storages.of(folder).isWritable(folder), false);
    }

    /** @param indexDir the local index directory given, or null for the default one */
    public SidecarPlacement(Path indexDir) {
        this(indexDir == null ? null : StoragePath.of(indexDir), folder -> Storages.of(folder).isWritable(folder), false);
    }

    /** @param writable whether a local folder may be written to (a test stands in for a read-only mount) */
    public SidecarPlacement(Path indexDir, Predicate<Path> writable) {
        this(indexDir == null ? null : StoragePath.of(indexDir),
                folder -> folder.isLocal() ? writable.test(folder.toLocalPath()) : Storages.of(folder).isWritable(folder),
                false);
    }

    /** {@code $XDG_CACHE_HOME/rewind/index}, else {@code ~/.cache/rewind/index}. */
    public static Path defaultIndexDir() {
        return CacheDirs.base().resolve("index");
    }

    /** The places a sidecar of {@code archive} may already be, in the order they are tried. */
    public List<StoragePath> candidates(StoragePath archive) {
        List<StoragePath> out = new ArrayList<>(2);
        out.add(ArchiveFiles.sidecarBeside(archive));
        out.add(ArchiveFiles.sidecarIn(indexDir, archive));
        return out;
    }

    /**
     * Where a new sidecar of {@code archive} goes: beside it when its folder is writable and no
     * index directory was given, else the index directory.
     */
    public StoragePath target(StoragePath archive) throws IOException {
        StoragePath beside = ArchiveFiles.sidecarBeside(archive);
        StoragePath folder = archive.parent();
        if (!explicit && folder != null && writable.test(folder)) {
            return beside;
        }
        if (explicit && folder != null && Storages.of(beside).stat(beside) != null && writable.test(folder)) {
            return beside; // rewrite a sidecar where it already is
        }
        return ArchiveFiles.sidecarIn(indexDir, archive);
    }

    public StoragePath indexDir() {
        return indexDir;
    }
}
