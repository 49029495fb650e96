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
     * Rescans the roots. Archives without a current sidecar are listed as unindexed and indexed
     * here one by one afterwards (this runs on the refresh thread, or the caller's), the catalog
     * growing as each is done, so a server starts at once over thousands of foreign archives.
     */
    public synchronized void reload() throws IOException {
        publish(ArchiveCatalog.load(roots, indexDir, archive -> { }, false));
        ArchiveCatalog catalog = current.get().catalog();
        if (!catalog.unindexed().isEmpty()) {
            dev.rewind.connectors.archive.ArchiveIndexer indexer =
                    dev.rewind.connectors.archive.ArchiveIndexer.create(null, indexDir);
            for (Path archive : catalog.unindexed()) {
                try {
                    LOG.info("indexing {}", archive);
                    indexer.index(archive, n -> { });
                } catch (IOException e) {
                    LOG.warn("cannot index {}: {}", archive, e.getMessage());
                }
            }
            publish(ArchiveCatalog.load(roots, indexDir, archive -> { }, false));
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
    }
}
