package dev.rewind.server;

import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.query.ArchiveQueryRunner;
import dev.rewind.query.handler.DiskResultStore;
import dev.rewind.query.handler.JobHandler;
import dev.rewind.query.handler.MetadataHandler;
import dev.rewind.query.handler.PagingHandler;
import dev.rewind.query.handler.PrefetchHandler;
import dev.rewind.query.handler.QueryHandler;
import dev.rewind.query.handler.QueryListener;
import dev.rewind.query.handler.ResultCacheHandler;
import dev.rewind.stats.QueryStats;
import dev.rewind.job.live.LiveTopicEdge;
import java.time.Duration;
import java.util.Optional;

/**
 * Assembles the query path from its layers — paging → results cache → sidecar metadata → Flink
 * job — and counts queries. The one object the HTTP controllers call. Thread-safe.
 */
public final class QueryService {
    private final QueryHandler chain;
    private final ResultCacheHandler cache;
    private final PrefetchHandler prefetch;
    private final QueryStats stats;
    private final ArchiveQueryRunner runner;

    public QueryService(ArchiveQueryRunner runner, CatalogHolder catalog, Optional<ArchiveQueryRunner.LiveConfig> live,
                        QueryStats stats, long cacheBytes, DiskResultStore disk, boolean prefetchEnabled) {
        // The live part is needed when the range ends after the archive watermark and reaches the
        // oldest record still in the topic.
        Optional<LiveTopicEdge> edge = live.map(l -> new LiveTopicEdge(l.bootstrapServers(), l.topic(), Duration.ofSeconds(5)));
        ResultCacheHandler.LiveScope liveScope = request -> edge.isPresent()
                && request.sources() != QueryRequest.Sources.ARCHIVE
                && request.end().isAfter(catalog.snapshot().catalog().watermark())
                && edge.get().earliest().map(e -> !request.end().isBefore(e)).orElse(false);
        QueryHandler job = new JobHandler(runner, catalog);
        QueryHandler metadata = new MetadataHandler(job, catalog, liveScope);
        this.cache = new ResultCacheHandler(metadata, catalog, liveScope, cacheBytes, disk);
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

    public QueryStats stats() {
        return stats;
    }
}
