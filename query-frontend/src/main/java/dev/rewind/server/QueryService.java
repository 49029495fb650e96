package dev.rewind.server;

import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.job.live.LiveTopicEdge;
import dev.rewind.query.ArchiveQueryRunner;
import dev.rewind.query.handler.DiskResultStore;
import dev.rewind.query.handler.JobHandler;
import dev.rewind.query.handler.MetadataHandler;
import dev.rewind.query.handler.PagingHandler;
import dev.rewind.query.handler.PrefetchHandler;
import dev.rewind.query.handler.QueryHandler;
import dev.rewind.query.handler.QueryListener;
import dev.rewind.query.handler.ResultCacheHandler;
import dev.rewind.query.handler.SliceCacheHandler;
import dev.rewind.stats.CacheStats;
import dev.rewind.stats.QueryStats;
import dev.rewind.stats.TierStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Assembles the query path from its layers — paging → prefetch → results cache → day slices →
 * sidecar metadata → Flink job — and counts queries. The one object the HTTP controllers call. Thread-safe.
 */
public final class QueryService {
    private final QueryHandler chain;
    private final ResultCacheHandler cache;
    private final SliceCacheHandler slices;
    private final CacheStats cacheStats = new CacheStats();
    private final PrefetchHandler prefetch;
    private final QueryStats stats;
    private final ArchiveQueryRunner runner;

    public QueryService(ArchiveQueryRunner runner, CatalogHolder catalog, Optional<ArchiveQueryRunner.LiveConfig> live,
                        QueryStats stats, long cacheBytes, DiskResultStore disk, boolean prefetchEnabled)
            throws java.io.IOException {
        // The live part is needed when the range ends after the archive watermark and reaches the
        // oldest record still in the topic.
        Optional<LiveTopicEdge> edge = live.map(l -> new LiveTopicEdge(l.bootstrapServers(), l.topic(), Duration.ofSeconds(5)));
        ResultCacheHandler.LiveScope liveScope = request -> edge.isPresent()
                && request.sources() != QueryRequest.Sources.ARCHIVE
                && request.end().isAfter(catalog.snapshot().catalog().watermark())
                && edge.get().earliest().map(e -> !request.end().isBefore(e)).orElse(false);
        QueryHandler job = new JobHandler(runner, catalog);
        QueryHandler metadata = new MetadataHandler(job, catalog, liveScope);
        this.slices = new SliceCacheHandler(metadata, catalog, liveScope, cacheBytes, disk == null ? null
                : new DiskResultStore(disk.directory().resolve("slices"), disk.maxBytes()), cacheStats);
        this.cache = new ResultCacheHandler(slices, catalog, liveScope, cacheBytes, disk, cacheStats);
        this.prefetch = new PrefetchHandler(cache, () -> stats.activeCount(), prefetchEnabled);
        this.chain = new PagingHandler(prefetch, catalog);
        this.stats = stats;
        this.runner = runner;
    }

    /** Stops a running query (its Flink job); false when it is not running. */
    public boolean cancel(String queryId) {
        return runner.cancel(queryId);
    }

    public int activeJobs() {
        return runner.activeJobs();
    }

    public QueryAnswer query(QueryRequest request, QueryListener listener) throws Exception {
        long t0 = System.nanoTime();
        stats.started();
        boolean ok = false;
        try {
            QueryAnswer answer = chain.handle(request, listener);
            ok = true;
            return answer;
        } finally {
            stats.finished(System.nanoTime() - t0, ok);
        }
    }

    public PrefetchHandler prefetch() {
        return prefetch;
    }

    public ResultCacheHandler cache() {
        return cache;
    }

    /** The cache tiers in lookup order: whole answers in memory, on disk, then day slices. */
    public List<TierStats> cacheTiers() {
        List<TierStats> tiers = new ArrayList<>(cache.tiers());
        tiers.add(slices.stats());
        return tiers;
    }

    /** The overall hit rate, per question. */
    public CacheStats.View cacheStats() {
        return cacheStats.view();
    }

    /** Empties every result cache (whole answers and slices, memory and disk). */
    public void clearCaches() {
        cache.clear();
        slices.clear();
    }

    public QueryStats stats() {
        return stats;
    }
}
