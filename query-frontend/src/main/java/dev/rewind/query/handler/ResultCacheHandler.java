package dev.rewind.query.handler;

import com.github.benmanes.caffeine.cache.Cache;
import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.stats.CacheStats;
import dev.rewind.stats.TierStats;
import java.util.HashMap;
import java.util.Map;

/**
 * The results cache: answers over archives only are immutable for a given catalog version, so they
 * are kept by {@link Fingerprint} in memory (Caffeine, W-TinyLFU, weighed by approximate bytes) and
 * spilled to the disk tier ({@link DiskResultStore}), which survives restarts. Answers that read
 * the live topic are never cached. Thread-safe.
 */
public final class ResultCacheHandler implements QueryHandler {
    private final QueryHandler next;
    private final CatalogHolder catalog;
    private final LiveScope live;
    private final TierStats stats = new TierStats("memory");
    private final Cache<String, QueryAnswer> cache;

    /** Whether a request reads the live topic (so its answer may change from one call to the next). */
    @FunctionalInterface
    public interface LiveScope {
        boolean readsLive(QueryRequest request);
    }

    private final DiskResultStore disk;
    private final CacheStats overall;

    /** @param disk the disk tier, or null for memory only */
    public ResultCacheHandler(QueryHandler next, CatalogHolder catalog, LiveScope live, long maxBytes,
                              DiskResultStore disk) {
        this(next, catalog, live, maxBytes, disk, new CacheStats());
    }

    /** @param overall where a whole-answer hit is counted as a question served entirely */
    public ResultCacheHandler(QueryHandler next, CatalogHolder catalog, LiveScope live, long maxBytes,
                              DiskResultStore disk, CacheStats overall) {
        this.overall = overall;
        this.disk = disk;
        this.next = next;
        this.catalog = catalog;
        this.live = live;
        this.cache = SizeEstimate.weighedCache(maxBytes, stats);
    }

    @Override
    public QueryAnswer handle(QueryRequest request, QueryListener listener) throws Exception {
        if (live.readsLive(request)) {
            return next.handle(request, listener);
        }
        String key = Fingerprint.of(request.withPage(request.pageSize(), null), catalog.snapshot().version());
        QueryAnswer cached = cache.getIfPresent(key);
        boolean counted = listener.counted();
        if (cached != null) {
            if (counted) {
                stats.hit();
                overall.record(1.0);
            }
            return withCacheStats(cached, "memory");
        }
        if (counted) {
            stats.miss();
        }
        if (disk != null) {
            var spilled = disk.get(key, counted);
            if (spilled.isPresent()) {
                if (counted) {
                    overall.record(1.0);
                }
                cache.put(key, spilled.get());
                return withCacheStats(spilled.get(), "disk");
            }
        }
        QueryAnswer answer = next.handle(request, listener);
        if (answer.warnings().isEmpty()) { // a partial answer (damaged archive) is not worth keeping
            cache.put(key, answer);
            if (disk != null) {
                disk.put(key, answer);
            }
        }
        stats.bytes(cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L));
        return withCacheStats(answer, null);
    }

    /** @param tier the tier that answered, or null for a miss */
    private static QueryAnswer withCacheStats(QueryAnswer a, String tier) {
        if (a.stats() == null || (tier == null && a.stats().cache() != null)) {
            return a; // a miss here that a lower tier (the slices) already described
        }
        boolean hit = tier != null;
        Map<String, Object> cache = new HashMap<>();
        cache.put("hit", hit);
        if (hit) {
            cache.put("tier", tier);
        }
        QueryAnswer.StatsView s = a.stats();
        return new QueryAnswer(a.queryId(), a.results(), a.page(), a.total(), a.aggregate(), a.plan(),
                new QueryAnswer.StatsView(cache, s.timingsMs(), hit ? 0 : s.bytesScanned(), hit ? 0 : s.rawBytesScanned(),
                        hit ? 0 : s.linesScanned(), s.splitsDone(), s.splitsTotal(), s.jobId()), a.warnings());
    }

    public void clear() {
        cache.invalidateAll();
        if (disk != null) {
            disk.clear();
        }
        stats.bytes(0);
    }

    /** Memory first, then disk when there is one. */
    public java.util.List<TierStats> tiers() {
        return disk == null ? java.util.List.of(stats) : java.util.List.of(stats, disk.stats());
    }
}
