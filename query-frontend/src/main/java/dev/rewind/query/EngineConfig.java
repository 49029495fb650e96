package dev.rewind.query;

import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.query.chain.LiveConfig;
import dev.rewind.query.run.Jobs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link QueryEngine} is built from; the server and the command line fill it differently.
 *
 * @param archives  archive roots: local folders or remote prefixes
 * @param indexDir  where sidecars of read-only stores go, local or remote (null: the default under the user's cache dir)
 * @param cacheDir  the disk tier of cached answers (null: memory only)
 * @param budget    the memory shares (from {@link MemoryBudget#plan})
 * @param prefetch  prepare the adjacent periods of each question while idle
 * @param resultStore where records jobs write result files (the result sink): a local folder or
 *                  a URI every TaskManager can reach; null: {@code results/} under the cache dir
 *                  (or the system's temporary folder without one)
 * @param results   when records jobs write result files, and how long they are kept
 */
public record EngineConfig(List<StoragePath> archives, StoragePath indexDir, Path cacheDir, Optional<LiveConfig> live,
                           QueryLimits limits, MemoryBudget budget, boolean prefetch, CatalogHolder.Options catalog,
                           Jobs jobs, StoragePath resultStore, dev.rewind.query.run.ResultStore.ResultSettings results) {
    public EngineConfig {
        archives = List.copyOf(archives);
        results = results == null ? dev.rewind.query.run.ResultStore.ResultSettings.DEFAULTS : results;
    }

    /** With the result store's defaults. */
    public EngineConfig(List<StoragePath> archives, StoragePath indexDir, Path cacheDir, Optional<LiveConfig> live,
                        QueryLimits limits, MemoryBudget budget, boolean prefetch, CatalogHolder.Options catalog,
                        Jobs jobs) {
        this(archives, indexDir, cacheDir, live, limits, budget, prefetch, catalog, jobs, null, null);
    }

    public EngineConfig withResults(StoragePath store, dev.rewind.query.run.ResultStore.ResultSettings settings) {
        return new EngineConfig(archives, indexDir, cacheDir, live, limits, budget, prefetch, catalog, jobs, store, settings);
    }

    /** The result store's root: as configured, else under the cache dir, else in the temporary folder. */
    public StoragePath resultRoot() {
        if (resultStore != null) {
            return resultStore;
        }
        Path base = cacheDir != null ? cacheDir : Path.of(System.getProperty("java.io.tmpdir"), "rewind-results-"
                + ProcessHandle.current().pid());
        return StoragePath.of(cacheDir != null ? base.resolve("results") : base);
    }
}
