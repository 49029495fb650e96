package dev.rewind.server;

import dev.rewind.catalog.Catalog;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.query.MemoryBudget;
import dev.rewind.query.QueryEngine;
import dev.rewind.query.QueryLimits;
import dev.rewind.stats.CacheStats;
import dev.rewind.stats.TierStats;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code GET /api/stats}: cache hit rates per tier, archives, queries (with the limits and how
 * many were refused), the memory budget, live, jobs, and what the process adds (the demo's
 * archiver). Cheap: counters only.
 */
final class StatsController {
    private final QueryEngine engine;
    private final Map<String, Object> live;
    private final Map<String, Object> jobs;
    /** Parts computed at each call that whoever runs the server adds (the demo: its archiver, its generator). */
    private final Map<String, Supplier<Object>> sections = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Object>> liveParts = new ConcurrentHashMap<>();

    StatsController(QueryEngine engine, Map<String, Object> live, Map<String, Object> jobs) {
        this.engine = engine;
        this.live = live;
        this.jobs = jobs;
    }

    void section(String name, Supplier<Object> value) {
        sections.put(name, value);
    }

    void livePart(String name, Supplier<Object> value) {
        liveParts.put(name, value);
    }

    void get(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<TierStats.View> tiers = engine.cacheTiers().stream().map(TierStats::view).toList();
        // Overall, per question: 1 for an answer served whole, the share of days held for one
        // assembled from day slices, 0 for one computed entirely (see CacheStats).
        CacheStats.View overall = engine.cacheStats();
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("hit_rate", overall.hitRate());
        cache.put("questions", overall.questions());
        cache.put("hits", overall.hits());
        cache.put("misses", overall.misses());
        Map<String, Object> perTier = new LinkedHashMap<>();
        tiers.forEach(t -> perTier.put(t.tier(), t));
        cache.put("tiers", perTier);
        cache.put("prefetched", engine.prefetch().prefetched());
        cache.put("sidecar_details_bytes", engine.catalog().details().bytes());
        body.put("cache", cache);
        Catalog snapshot = engine.catalog().snapshot();
        Map<String, Object> archives = new LinkedHashMap<>();
        archives.put("count", snapshot.archives().size());
        archives.put("compressed_bytes", snapshot.archives().stream().mapToLong(a -> a.index().summary().compressedBytes()).sum());
        archives.put("raw_bytes", snapshot.archives().stream().mapToLong(a -> a.index().summary().rawBytes()).sum());
        archives.put("lines", snapshot.archives().stream().mapToLong(a -> a.index().summary().lines()).sum());
        archives.put("frames", snapshot.archives().stream().mapToLong(IndexedArchive::frameCount).sum());
        archives.put("watermark", snapshot.watermark().toString());
        archives.put("indexing", snapshot.pending().size());
        archives.put("failed", snapshot.failed().size());
        archives.put("duplicates", snapshot.duplicates().size());
        archives.put("problems", snapshot.failed().size() + (int) snapshot.archives().stream()
                .filter(a -> a.index().summary().damaged()).count());
        Map<String, Long> byTier = new java.util.TreeMap<>();
        snapshot.archives().forEach(a -> byTier.merge(
                dev.rewind.connectors.storage.Storages.of(a.archive()).tier(), 1L, Long::sum));
        archives.put("by_tier", byTier);
        body.put("archives", archives);
        // The storage tiers under the answer caches: the SSD tier of remote bytes, and object storage.
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("ssd", dev.rewind.connectors.storage.StorageStats.ssd());
        storage.put("remote", dev.rewind.connectors.storage.StorageStats.remote());
        body.put("storage", storage);
        Map<String, Object> queries = new LinkedHashMap<>(engine.stats().view());
        queries.put("running_jobs", engine.gate().running());
        queries.put("queued", engine.gate().queued());
        QueryLimits l = engine.config().limits();
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("max_range_days", l.maxRange().toDays());
        limits.put("max_bytes", l.maxBytes());
        limits.put("timeout_seconds", l.timeout().toSeconds());
        limits.put("max_jobs", l.maxJobs());
        limits.put("max_queued", l.maxQueued());
        limits.put("index_wait_seconds", l.indexWait().toSeconds());
        queries.put("limits", limits);
        body.put("queries", queries);
        MemoryBudget budget = engine.config().budget();
        Map<String, Object> memory = new LinkedHashMap<>(budget.sharesMb(l.maxJobs()));
        Runtime rt = Runtime.getRuntime();
        memory.put("heap_used", (rt.totalMemory() - rt.freeMemory()) >> 20);
        body.put("memory_mb", memory);
        Map<String, Object> liveView = new LinkedHashMap<>(live);
        new TreeMap<>(liveParts).forEach((name, value) -> liveView.put(name, value.get()));
        body.put("live", liveView);
        new TreeMap<>(sections).forEach((name, value) -> body.put(name, value.get()));
        Map<String, Object> jobView = new LinkedHashMap<>(jobs);
        jobView.put("active", engine.gate().running());
        body.put("jobs", jobView);
        ctx.json(body);
    }
}
