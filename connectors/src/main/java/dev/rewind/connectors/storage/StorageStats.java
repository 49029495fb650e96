package dev.rewind.connectors.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the storage tiers did in this process, for {@code GET /api/stats}: requests and bytes of the
 * remote stores (listings, GETs, retries, failures) and of the disk cache of remote bytes (hits,
 * bytes fetched, evictions, regions found damaged). Counters only; thread-safe.
 */
public final class StorageStats {
    static final AtomicLong REMOTE_GETS = new AtomicLong();
    static final AtomicLong REMOTE_BYTES = new AtomicLong();
    static final AtomicLong REMOTE_LISTS = new AtomicLong();
    static final AtomicLong REMOTE_RETRIES = new AtomicLong();
    static final AtomicLong REMOTE_FAILURES = new AtomicLong();
    static final AtomicLong SSD_HIT_BYTES = new AtomicLong();
    static final AtomicLong SSD_MISS_BYTES = new AtomicLong();
    static final AtomicLong SSD_HITS = new AtomicLong();
    static final AtomicLong SSD_MISSES = new AtomicLong();
    static final AtomicLong SSD_EVICTIONS = new AtomicLong();
    static final AtomicLong SSD_DAMAGED = new AtomicLong();

    private StorageStats() {
    }

    /** The remote stores: listings, GETs, bytes, retries, failures (after retries). */
    public static Map<String, Object> remote() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("list_requests", REMOTE_LISTS.get());
        m.put("get_requests", REMOTE_GETS.get());
        m.put("bytes", REMOTE_BYTES.get());
        m.put("retries", REMOTE_RETRIES.get());
        m.put("failures", REMOTE_FAILURES.get());
        return m;
    }

    /** The disk cache of remote bytes: region hits and misses (fetched), bytes, evictions, damaged regions. */
    public static Map<String, Object> ssd() {
        Map<String, Object> m = new LinkedHashMap<>();
        long hits = SSD_HITS.get();
        long misses = SSD_MISSES.get();
        m.put("hits", hits);
        m.put("misses", misses);
        m.put("hit_rate", hits + misses == 0 ? 0.0 : Math.round(1000.0 * hits / (hits + misses)) / 1000.0);
        m.put("hit_bytes", SSD_HIT_BYTES.get());
        m.put("fetched_bytes", SSD_MISS_BYTES.get());
        m.put("evictions", SSD_EVICTIONS.get());
        m.put("damaged_regions", SSD_DAMAGED.get());
        RegionCache cache = Storages.cache();
        m.put("enabled", cache != null);
        if (cache != null) {
            m.put("bytes", cache.bytes());
            m.put("regions", cache.regions());
            m.put("budget_bytes", cache.budget());
            m.put("region_bytes", cache.regionSize());
        }
        return m;
    }
}
