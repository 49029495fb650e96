package dev.rewind.server;

import dev.rewind.catalog.ArchiveCatalog;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.archive.IndexedArchive;
import dev.rewind.stats.CacheStats;
import dev.rewind.stats.TierStats;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/stats}: cache hit rates per tier, archives, queries, live, jobs. Cheap: counters only. */
final class StatsController {
    private final QueryService queries;
    private final CatalogHolder catalog;
    private final Map<String, Object> live;
    private final Map<String, Object> jobs;

    StatsController(QueryService queries, CatalogHolder catalog, Map<String, Object> live, Map<String, Object> jobs) {
        this.queries = queries;
        this.catalog = catalog;
        this.live = live;
        this.jobs = jobs;
    }

    void get(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<TierStats.View> tiers = queries.cacheTiers().stream().map(TierStats::view).toList();
        // Overall, per question: 1 for an answer served whole, the share of days held for one
        // assembled from day slices, 0 for one computed entirely (see CacheStats).
        CacheStats.View overall = queries.cacheStats();
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("hit_rate", overall.hitRate());
        cache.put("questions", overall.questions());
        cache.put("hits", overall.hits());
        cache.put("misses", overall.misses());
        Map<String, Object> perTier = new LinkedHashMap<>();
        tiers.forEach(t -> perTier.put(t.tier(), t));
        cache.put("tiers", perTier);
        cache.put("prefetched", queries.prefetch().prefetched());
        body.put("cache", cache);
        ArchiveCatalog snapshot = catalog.snapshot().catalog();
        Map<String, Object> archives = new LinkedHashMap<>();
        archives.put("count", snapshot.archives().size());
        archives.put("compressed_bytes", snapshot.archives().stream().mapToLong(a -> a.index().summary().compressedBytes()).sum());
        archives.put("raw_bytes", snapshot.archives().stream().mapToLong(a -> a.index().summary().rawBytes()).sum());
        archives.put("lines", snapshot.archives().stream().mapToLong(a -> a.index().summary().lines()).sum());
        archives.put("frames", snapshot.archives().stream().mapToLong(IndexedArchive::frameCount).sum());
        archives.put("watermark", snapshot.watermark().toString());
        archives.put("problems", snapshot.problems().size());
        body.put("archives", archives);
        body.put("queries", queries.stats().view());
        body.put("live", live);
        Map<String, Object> jobView = new LinkedHashMap<>(jobs);
        jobView.put("active", queries.activeJobs());
        body.put("jobs", jobView);
        ctx.json(body);
    }
}
