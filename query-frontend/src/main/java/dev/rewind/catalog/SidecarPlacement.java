package dev.rewind.catalog;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the sidecar of an archive is read from and written to. Beside the archive
 * ({@code <archive>.idx}) when one is there or the archive's folder is writable; else in the index
 * directory — the one given ({@code --index-dir}), or by default a folder under the user's cache
 * directory — so a read-only archive store is indexed without being told where. Thread-safe.
 */
public final class SidecarPlacement {
    private final Path indexDir;
    private final boolean explicit;
    private final java.util.function.Predicate<Path> writable;

    /** @param indexDir the index directory given, or null for the default one */
    public SidecarPlacement(Path indexDir) {
        this(indexDir, Files::isWritable);
    }

    /** @param writable whether a folder may be written to (a test stands in for a read-only mount) */
    public SidecarPlacement(Path indexDir, java.util.function.Predicate<Path> writable) {
        this.explicit = indexDir != null;
        this.indexDir = indexDir != null ? indexDir : defaultIndexDir();
        this.writable = writable;
    }

    /** {@code $XDG_CACHE_HOME/rewind/index}, else {@code ~/.cache/rewind/index}. */
    public static Path defaultIndexDir() {
        return CacheDirs.base().resolve("index");
    }

    /** The places a sidecar of {@code archive} may already be, in the order they are tried. */
    public List<Path> candidates(Path archive) {
        List<Path> out = new ArrayList<>(2);
        out.add(ArchiveFiles.sidecarBeside(archive));
        out.add(ArchiveFiles.sidecarIn(indexDir, archive));
        return out;
    }

    /**
     * Where a new sidecar of {@code archive} goes: beside it when its folder is writable and no
     * index directory was given, else the index directory.
     */
    public Path target(Path archive) {
        Path beside = ArchiveFiles.sidecarBeside(archive);
        Path folder = archive.toAbsolutePath().getParent();
        if (!explicit && writable.test(folder)) {
            return beside;
        }
        if (explicit && Files.exists(beside) && writable.test(folder)) {
            return beside; // rewrite a sidecar where it already is
        }
        return ArchiveFiles.sidecarIn(indexDir, archive);
    }

    public Path indexDir() {
        return indexDir;
    }
}
