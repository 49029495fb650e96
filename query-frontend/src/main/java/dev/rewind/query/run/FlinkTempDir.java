package dev.rewind.query.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The embedded Flink cluster's working folder: {@code <tmp>/rewind-flink/<pid>-<n>}. Flink unpacks
 * its RPC system's jar (~21 MB) there at every start; a folder per cluster, deleted when it stops
 * (and at the latest when the process does), and the folders of processes that are gone (killed)
 * deleted at the next start, so nothing piles up in the temp directory.
 */
public final class FlinkTempDir {
    private FlinkTempDir() {
    }

    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();

    /** A new folder for one cluster of this process, created; stale folders of dead processes are removed first. */
    public static synchronized Path forThisProcess() throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "rewind-flink");
        Files.createDirectories(root);
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> !alive(d.getFileName().toString())).forEach(FlinkTempDir::deleteTree);
        }
        long pid = ProcessHandle.current().pid();
        Path mine = root.resolve(pid + "-" + NEXT.incrementAndGet());
        Files.createDirectories(mine);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(mine), "flink-tmp-cleanup"));
        return mine;
    }

    private static boolean alive(String name) {
        try {
            long pid = Long.parseLong(name.contains("-") ? name.substring(0, name.indexOf('-')) : name);
            return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not one of ours: leave it
        }
    }

    /** Deletes a folder and what it holds; what cannot be deleted now is left for the next start. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // in use or gone; the next start tries again
                }
            });
        } catch (IOException ignored) {
            // the next start tries again
        }
    }
}
