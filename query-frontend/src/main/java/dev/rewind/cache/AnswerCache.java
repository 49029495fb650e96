package dev.rewind.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.rewind.query.Answer;
import dev.rewind.stats.TierStats;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers kept by key in memory (Caffeine: W-TinyLFU, weighed by {@link AnswerWeight}) over an
 * optional disk tier ({@link PackStore}). A lookup tries memory, then disk (and brings a disk hit
 * back into memory). Thread-safe.
 */
public final class AnswerCache {
    private final Cache<String, Answer> memory;
    private final TierStats memoryStats;
    private final PackStore disk;

    /** @param disk null for memory only */
    public AnswerCache(String tier, long maxBytes, PackStore disk) {
        this.memoryStats = new TierStats(tier);
        this.disk = disk;
        this.memory = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Answer a) -> (int) Math.min(Integer.MAX_VALUE, AnswerWeight.of(a)))
                .removalListener((String key, Answer a, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        memoryStats.evicted();
                    }
                })
                .build();
    }

    /** Where a lookup was answered. */
    public record Found(Answer answer, String tier) {
    }

    /** @param counted false to leave the hit rates alone (the server's own prefetch) */
    public Optional<Found> get(String key, boolean counted) {
        Answer a = memory.getIfPresent(key);
        if (a != null) {
            if (counted) {
                memoryStats.hit();
            }
            return Optional.of(new Found(a, memoryStats.view().tier()));
        }
        if (counted) {
            memoryStats.miss();
        }
        if (disk != null) {
            Optional<Answer> spilled = disk.get(key, counted);
            if (spilled.isPresent()) {
                memory.put(key, spilled.get());
                return Optional.of(new Found(spilled.get(), disk.stats().view().tier()));
            }
        }
        return Optional.empty();
    }

    public void put(String key, Answer answer) {
        putAll(Map.of(key, answer));
    }

    /** Stores answers that belong together (the slices of one question): one file on disk. */
    public void putAll(Map<String, Answer> answers) {
        memory.putAll(answers);
        if (disk != null) {
            disk.put(answers);
        }
        memoryStats.bytes(bytes());
    }

    public long bytes() {
        return memory.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    public PackStore.ClearReport clear() {
        memory.invalidateAll();
        memoryStats.bytes(0);
        return disk == null ? new PackStore.ClearReport(0, 0, 0, null) : disk.clear();
    }

    /** Memory first, then disk when there is one. */
    public List<TierStats> tiers() {
        memoryStats.bytes(bytes());
        return disk == null ? List.of(memoryStats) : List.of(memoryStats, disk.stats());
    }

    public Optional<PackStore> disk() {
        return Optional.ofNullable(disk);
    }
}
