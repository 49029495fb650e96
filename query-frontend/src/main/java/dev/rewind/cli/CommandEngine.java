package dev.rewind.cli;

import dev.rewind.catalog.CacheDirs;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.catalog.ListingScope;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.job.runner.EmbeddedJobRunner;
import dev.rewind.query.EngineConfig;
import dev.rewind.query.MemoryBudget;
import dev.rewind.query.QueryEngine;
import dev.rewind.query.QueryLimits;
import dev.rewind.query.chain.LiveConfig;
import dev.rewind.query.run.FlinkTempDir;
import dev.rewind.query.run.Jobs;
import dev.rewind.stats.QueryStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The query path for one command: the server's chain (catalog, caches, metadata answers, routing,
 * planning), embedded. The Flink MiniCluster starts only if a job must run, so a question the
 * sidecars or the disk cache answer costs no cluster start.
 */
public final class CommandEngine {
    private CommandEngine() {
    }

    /**
     * Where a command's archives are, and how to reach them.
     *
     * @param indexDir where sidecars go that cannot sit beside their archive (null: the default)
     * @param scope    which folders of the roots a listing goes into
     */
    public record Archives(List<StoragePath> roots, StoragePath indexDir, StorageSettings storage, ListingScope scope) {

        /** Local folders only, listed whole (what the benchmarks read). */
        public static Archives local(List<Path> roots) {
            return new Archives(roots.stream().map(StoragePath::of).toList(), null, StorageSettings.localOnly(),
                    ListingScope.ALL);
        }
    }

    /**
     * @param cacheDir the disk cache (null: the default under the user's cache directory)
     * @param kafka    the live topic's broker, or null
     */
    public static QueryEngine open(Archives archives, Path cacheDir, String kafka, String topic, Duration timeout)
            throws Exception {
        Storages.configure(archives.storage());
        QueryLimits d = QueryLimits.defaults();
        QueryLimits limits = new QueryLimits(d.maxRange(), d.maxBytes(), timeout, 1, 0, Duration.ofDays(1));
        CatalogHolder.Options wanted = CatalogHolder.Options.command().listing(archives.scope());
        // One job at most; as wide, and as many threads index, as the heap holds at worst.
        MemoryBudget.Sizing sizing = MemoryBudget.fit(Runtime.getRuntime().maxMemory(), -1, 1,
                Runtime.getRuntime().availableProcessors(), true, wanted.indexThreads(), 0,
                (long) (EmbeddedJobRunner.NETWORK_MB + EmbeddedJobRunner.MANAGED_MB) << 20,
                MemoryBudget.Remote.of(archives.roots(), archives.storage()));
        Jobs jobs = new Jobs(() -> EmbeddedJobRunner.start(new EmbeddedJobRunner.Settings(0, "127.0.0.1", sizing.slots(),
                sizing.parallelism(), FlinkTempDir.forThisProcess())));
        Optional<LiveConfig> live = kafka == null || topic == null ? Optional.empty()
                : Optional.of(new LiveConfig(kafka, topic, LineFormat.ndjson()));
        EngineConfig config = new EngineConfig(archives.roots(), archives.indexDir(),
                cacheDir != null ? cacheDir : CacheDirs.base().resolve("answers"), live, limits, sizing.budget(), false,
                wanted.withIndexThreads(sizing.indexThreads()), jobs);
        return new QueryEngine(config, new QueryStats(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    }
}
