package dev.rewind.query;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What answering cost: how the caches served it, time per state, and what the scan read.
 *
 * @param timingsMs milliseconds per state of the query, in the order the states ran
 * @param jobId     the Flink job that ran, or null when none did
 * @param storage   what reading the archives cost in requests and bytes per tier
 */
public record AnswerStats(CacheUse cache, Map<String, Long> timingsMs, long bytesScanned, long rawBytesScanned,
                          long linesScanned, int splitsDone, int splitsTotal, String jobId, Storage storage) {

    public AnswerStats {
        timingsMs = Collections.unmodifiableMap(new LinkedHashMap<>(timingsMs));
        storage = storage == null ? Storage.NONE : storage;
    }

    /** An answer that read no remote archive. */
    public AnswerStats(CacheUse cache, Map<String, Long> timingsMs, long bytesScanned, long rawBytesScanned,
                       long linesScanned, int splitsDone, int splitsTotal, String jobId) {
        this(cache, timingsMs, bytesScanned, rawBytesScanned, linesScanned, splitsDone, splitsTotal, jobId, Storage.NONE);
    }

    /**
     * The cost of an answer's reads by tier: the seed's "less bandwidth", measured.
     *
     * @param remoteRequests GETs sent to object storage (retries included)
     * @param remoteBytes    the bytes they brought
     * @param ssdHitBytes    bytes of remote archives served from the SSD tier instead
     * @param skippedBytes   compressed bytes of the range's archives that the plan did not read
     *                       (frames and archives skipped by time, level or token)
     */
    public record Storage(long remoteRequests, long remoteBytes, long ssdHitBytes, long skippedBytes) {
        public static final Storage NONE = new Storage(0, 0, 0, 0);

        Storage plus(Storage o) {
            return new Storage(remoteRequests + o.remoteRequests, remoteBytes + o.remoteBytes,
                    ssdHitBytes + o.ssdHitBytes, skippedBytes + o.skippedBytes);
        }
    }

    /**
     * @param tier            the tier that answered ({@code memory}, {@code disk}, {@code slices}), or null on a miss
     * @param slicesHit       day slices found in the slice cache, of
     * @param slicesLookedUp  those looked for (0 when the question was not sliced)
     */
    public record CacheUse(boolean hit, String tier, int slicesHit, int slicesLookedUp) {
        public static final CacheUse MISS = new CacheUse(false, null, 0, 0);

        public static CacheUse hit(String tier) {
            return new CacheUse(true, tier, 0, 0);
        }
    }

    /** Nothing read, nothing timed: an answer from metadata or a cache. */
    public static AnswerStats none(CacheUse cache) {
        return new AnswerStats(cache, Map.of(), 0, 0, 0, 0, 0, null);
    }

    public AnswerStats withCache(CacheUse use) {
        return new AnswerStats(use, timingsMs, bytesScanned, rawBytesScanned, linesScanned, splitsDone, splitsTotal,
                jobId, storage);
    }

    /** A served-from-cache answer reads nothing. */
    public AnswerStats served(CacheUse use) {
        return new AnswerStats(use, timingsMs, 0, 0, 0, splitsDone, splitsTotal, jobId);
    }

    /** Two parts' costs as one. */
    public AnswerStats plus(AnswerStats o) {
        Map<String, Long> timings = new LinkedHashMap<>(timingsMs);
        o.timingsMs.forEach((name, ms) -> timings.merge(name, ms, Long::sum));
        return new AnswerStats(cache, timings, bytesScanned + o.bytesScanned, rawBytesScanned + o.rawBytesScanned,
                linesScanned + o.linesScanned, splitsDone + o.splitsDone, splitsTotal + o.splitsTotal,
                o.jobId != null ? o.jobId : jobId, storage.plus(o.storage));
    }
}
