package dev.rewind.catalog;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.job.archiver.ArchiveLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * Lists the archives under a root with their length and modification time (one directory walk, no
 * reads). The streaming archiver's own folder ({@code _rewind/}: its manifest, its checkpoints)
 * is not walked; the folders that hold one are reported as archiver targets.
 */
public final class ArchiveFilesScan {
    private ArchiveFilesScan() {
    }

    static void scan(Path root, Map<Path, FileStat> into) throws IOException {
        scan(root, into, new java.util.HashSet<>());
    }

    /** @param archiverTargets gets each folder under {@code root} that the streaming archiver writes to */
    static void scan(Path root, Map<Path, FileStat> into, java.util.Set<Path> archiverTargets) throws IOException {
        if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "archive directory does not exist");
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.getFileName() != null && dir.getFileName().toString().equals(ArchiveLayout.STATE_DIR)) {
                        archiverTargets.add(dir.getParent());
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && isArchive(file)) {
                        into.put(file, new FileStat(attrs.size(), attrs.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // vanished or unreadable: not an archive now
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Every regular file but sidecars, partial writes, hidden files and sample ground truth. */
    public static boolean isArchive(Path file) {
        String name = file.getFileName().toString();
        return !ArchiveFiles.isSidecar(file) && !name.endsWith(".partial") && !name.startsWith(".")
                && !name.equals("ground-truth.json");
    }
}
