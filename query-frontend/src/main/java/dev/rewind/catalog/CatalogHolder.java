package dev.rewind.catalog;

import dev.rewind.connectors.archive.IndexedArchive;
import dev.rewind.connectors.record.LineHash;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's current catalog: reloaded in the background every few seconds so archives added,
 * changed or removed are seen without a restart. Its version changes whenever any archive's
 * identity does, which is what keys the results cache. Thread-safe.
 */
public final class CatalogHolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogHolder.class);

    private final List<Path> roots;
    private final Path indexDir;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "catalog-refresh");
        t.setDaemon(true);
        return t;
    });

    /** A catalog and its version. */
    private final dev.rewind.connectors.archive.ArchiveIndexer fullIndexer;
    private final dev.rewind.connectors.archive.ArchiveIndexer besideIndexer;
    private final java.util.Set<Path> tokensQueued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<Path> tokensFailed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ExecutorService tokenIndexer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "token-indexer");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    public record Snapshot(ArchiveCatalog catalog, String version) {
        /**
         * The version of the archives that may hold records in {@code [from, to]}: what an answer
         * over that range depends on, so adding or changing another day's archive leaves it valid.
         * An archive whose time range is unknown counts for every range.
         */
        public String versionOf(Instant from, Instant to) {
            long hash = 17;
            for (IndexedArchive a : catalog.archives()) {
                var summary = a.index().summary();
                if (summary.minTimestamp() != null
                        && (summary.maxTimestamp().isBefore(from) || summary.minTimestamp().isAfter(to))) {
                    continue;
                }
                var id = a.index().identity();
                hash = hash * 31 + LineHash.of(a.archive() + ":" + id.length() + ":" + id.headHash() + ":" + id.tailHash());
            }
            return Long.toHexString(hash);
        }

    }

    public CatalogHolder(List<Path> roots, Path indexDir) throws IOException {
        this.roots = List.copyOf(roots);
        this.indexDir = indexDir;
        this.fullIndexer = dev.rewind.connectors.archive.ArchiveIndexer.create(null, indexDir);
        this.besideIndexer = dev.rewind.connectors.archive.ArchiveIndexer.create(null, null);
        publish(ArchiveCatalog.load(this.roots, indexDir, archive -> { }, false));
        reloadInBackground();
    }

    /** Reloads every {@code seconds} in the background. */
    public CatalogHolder refreshEvery(long seconds) {
        refresher.scheduleWithFixedDelay(() -> {
            try {
                reload();
            } catch (Exception e) {
                LOG.warn("catalog refresh failed: {}", e.getMessage());
            }
        }, seconds, seconds, TimeUnit.SECONDS);
        return this;
    }

    /**
     * Rescans the roots. Archives without a current sidecar are listed as unindexed and published
     * at once without them, then indexed (the lean pass, a file per core; this runs on the refresh
     * thread, or the caller's) and published again, so a server starts at once over thousands of
     * foreign archives. Token bloom filters are then added one archive at a time in the background.
     */
    public synchronized void reload() throws IOException {
        ArchiveCatalog catalog = ArchiveCatalog.load(roots, indexDir, archive -> { }, false);
        publish(catalog);
        if (!catalog.unindexed().isEmpty()) {
            LOG.info("indexing {} archives without a sidecar", catalog.unindexed().size());
            catalog = ArchiveCatalog.load(roots, indexDir, archive -> LOG.debug("indexing {}", archive), true);
            publish(catalog);
        }
        completeTokenIndexes(catalog);
    }

    /**
     * Queues the archives whose sidecars lack token bloom filters for a full indexing pass, one at
     * a time on a background thread: until then a text search reads all their frames, which is
     * correct but slower. Answers do not change, so neither does the catalog's version.
     */
    private void completeTokenIndexes(ArchiveCatalog catalog) {
        for (IndexedArchive a : catalog.archives()) {
            Path archive = a.archive();
            if (a.index().summary().tokensIndexed() || tokensFailed.contains(archive) || !tokensQueued.add(archive)) {
                continue;
            }
            // rewrite the sidecar the catalog reads: beside the archive when there is one there
            var indexer = java.nio.file.Files.exists(dev.rewind.connectors.archive.ArchiveFiles.sidecarBeside(archive))
                    ? besideIndexer : fullIndexer;
            tokenIndexer.execute(() -> {
                try {
                    indexer.index(archive, n -> { });
                } catch (IOException | RuntimeException e) {
                    tokensFailed.add(archive); // the lean sidecar stays; not retried until a restart
                    LOG.warn("cannot add the token index of {}: {}", archive, e.getMessage());
                } finally {
                    tokensQueued.remove(archive);
                }
            });
        }
    }

    /** Loads without indexing and returns at once; indexing of new archives happens on the refresh thread. */
    public void reloadInBackground() {
        refresher.execute(() -> {
            try {
                reload();
            } catch (Exception e) {
                LOG.warn("catalog reload failed: {}", e.getMessage());
            }
        });
    }

    private void publish(ArchiveCatalog catalog) {
        StringBuilder identity = new StringBuilder();
        for (IndexedArchive a : catalog.archives()) {
            var id = a.index().identity();
            identity.append(a.archive()).append(':').append(id.length()).append(':').append(id.headHash())
                    .append(':').append(id.tailHash()).append('\n');
        }
        current.set(new Snapshot(catalog, String.format("%016x", LineHash.of(identity.toString()))));
    }

    public Snapshot snapshot() {
        return current.get();
    }

    public List<Path> roots() {
        return roots;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        tokenIndexer.shutdownNow();
    }
}
