package dev.rewind.cli;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the archives under directories: every regular file that is not a sidecar or our own bookkeeping. */
final class ArchiveScan {
    private ArchiveScan() {
    }

    static List<Path> find(List<Path> roots) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                found.add(root);
                continue;
            }
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException(root + " is neither a file nor a directory");
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).filter(ArchiveScan::isArchive).sorted().forEach(found::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return found;
    }

    static boolean isArchive(Path file) {
        String name = file.getFileName().toString();
        return !ArchiveFiles.isSidecar(file) && !name.endsWith(".partial") && !name.startsWith(".")
                && !name.equals("ground-truth.json");
    }
}
