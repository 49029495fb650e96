package dev.rewind.query.handler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.rewind.api.QueryAnswer;
import dev.rewind.stats.TierStats;

/** A cheap estimate of an answer's size in memory, for the cache's byte budget. */
final class SizeEstimate {
    private SizeEstimate() {
    }

    /** A memory tier of answers: Caffeine (W-TinyLFU) bounded by their estimated bytes, evictions counted. */
    static Cache<String, QueryAnswer> weighedCache(long maxBytes,
                                                                                    TierStats stats) {
        return Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, QueryAnswer answer) -> (int) Math.min(Integer.MAX_VALUE, of(answer)))
                .removalListener((String key, QueryAnswer answer, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        stats.evicted();
                    }
                })
                .build();
    }

    static long of(QueryAnswer answer) {
        long size = 1024;
        if (answer.results() != null) {
            for (QueryAnswer.ResultRow row : answer.results()) {
                size += 200 + 2L * (row.message().length() + row.id().length() + row.service().length() + row.host().length());
                for (var e : row.fields().entrySet()) {
                    size += 64 + 2L * (e.getKey().length() + e.getValue().length());
                }
            }
        }
        if (answer.aggregate() != null) {
            if (answer.aggregate().series() != null) {
                size += answer.aggregate().series().stream().mapToLong(s -> 128 + 64L * s.points().size()).sum();
            }
            if (answer.aggregate().patterns() != null) {
                size += answer.aggregate().patterns().stream()
                        .mapToLong(p -> 256 + 2L * (p.template().length() + p.sample().length())).sum();
            }
        }
        return size;
    }
}
