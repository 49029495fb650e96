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
 */
public record EngineConfig(List<StoragePath> archives, StoragePath indexDir, Path cacheDir, Optional<LiveConfig> live,
                           QueryLimits limits, MemoryBudget budget, boolean prefetch, CatalogHolder.Options catalog,
                           Jobs jobs) {
    public EngineConfig {
        archives = List.copyOf(archives);
    }
}
