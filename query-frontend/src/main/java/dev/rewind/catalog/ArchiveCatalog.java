package dev.rewind.catalog;

import dev.rewind.connectors.archive.ArchiveFiles;
import dev.rewind.connectors.archive.ArchiveIndexer;
import dev.rewind.connectors.archive.IndexedArchive;
import dev.rewind.connectors.archive.SidecarException;
import dev.rewind.connectors.archive.SidecarIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The archives a query can read, with their sidecars, in memory. Loaded from archive directories:
 * a sidecar beside the archive or in the index directory is used when it still matches; an archive
 * without one is indexed first (one streaming pass). Immutable snapshot; reload to see changes.
 */
public final class ArchiveCatalog {
    private final List<IndexedArchive> archives;
    private final List<String> problems;
    private final List<Path> unindexed;

    private ArchiveCatalog(List<IndexedArchive> archives, List<String> problems, List<Path> unindexed) {
        this.archives = List.copyOf(archives);
        this.problems = List.copyOf(problems);
        this.unindexed = List.copyOf(unindexed);
    }

    /**
     * @param indexDir where sidecars of read-only archive stores go; null for beside the archives
     * @param progress told of each archive being indexed
     */
    public static ArchiveCatalog load(List<Path> roots, Path indexDir, Consumer<Path> progress) throws IOException {
        return load(roots, indexDir, progress, true);
    }

    /**
     * @param indexMissing index archives without a current sidecar now (the CLI), or only list them
     *                     as {@link #unindexed()} for a background indexer (the server). Either way
     *                     the pass is the lean one ({@link ArchiveIndexer#withoutTokens()}): what it
     *                     leaves out, the token bloom filters, only speeds up text searches, and
     *                     {@link CatalogHolder} adds them in the background
     */
    public static ArchiveCatalog load(List<Path> roots, Path indexDir, Consumer<Path> progress, boolean indexMissing)
            throws IOException {
        ArchiveIndexer indexer = ArchiveIndexer.create(null, indexDir).withoutTokens();
        List<IndexedArchive> found = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Path> unindexed = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Path> toIndex = new ArrayList<>();
        for (Path archive : scan(roots)) {
            Path beside = ArchiveFiles.sidecarBeside(archive);
            Path sidecar = Files.exists(beside) || indexDir == null ? beside : indexer.sidecarPath(archive);
            try {
                SidecarIndex index = null;
                if (Files.exists(sidecar)) {
                    try {
                        index = ArchiveFiles.readSidecar(archive, sidecar);
                    } catch (SidecarException stale) {
                        index = null;
                    }
                }
                if (index != null) {
                    found.add(new IndexedArchive(archive, index));
                } else if (indexMissing) {
                    toIndex.add(archive);
                } else {
                    unindexed.add(archive);
                }
            } catch (IOException e) {
                problems.add(e.getMessage()); // a damaged archive is reported, the rest still load
            }
        }
        indexAll(toIndex, indexer, progress, found, problems);
        found.sort(Comparator.comparing(a -> a.archive().toString()));
        return new ArchiveCatalog(found, problems, unindexed);
    }

    /**
     * Indexes archives that have no current sidecar, one per core at a time: indexing is one
     * streaming pass per archive (decompress, parse, count, mine), CPU-bound and independent.
     */
    private static void indexAll(List<Path> archives, ArchiveIndexer indexer, Consumer<Path> progress,
                                 List<IndexedArchive> found, List<String> problems) throws IOException {
        if (archives.isEmpty()) {
            return;
        }
        int threads = Math.min(archives.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "indexer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Path archive : archives) {
                done.add(pool.submit(() -> {
                    synchronized (progress) {
                        progress.accept(archive);
                    }
                    try {
                        found.add(new IndexedArchive(archive, indexer.index(archive, n -> { })));
                    } catch (IOException e) {
                        problems.add(e.getMessage());
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("indexing interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Path> scan(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new IllegalArgumentException("archive directory " + root + " does not exist");
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(ArchiveCatalog::isArchive).forEach(files::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return files;
    }

    /** Every regular file but sidecars, partial writes, hidden files and sample ground truth. */
    public static boolean isArchive(Path file) {
        String name = file.getFileName().toString();
        return !ArchiveFiles.isSidecar(file) && !name.endsWith(".partial") && !name.startsWith(".")
                && !name.equals("ground-truth.json");
    }

    public List<IndexedArchive> archives() {
        return archives;
    }

    /** Archives found without a current sidecar, waiting for the background indexer. */
    public List<Path> unindexed() {
        return unindexed;
    }

    /** Archives that could not be loaded, and why. */
    public List<String> problems() {
        return problems;
    }

    /** The archive watermark W: the newest archived timestamp (EPOCH when there is none). */
    public Instant watermark() {
        return archives.stream().map(a -> a.index().summary().maxTimestamp()).filter(t -> t != null)
                .max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }
}
