package dev.rewind.query;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one memory budget of a Rewind process, sized from the heap it was given: what the result
 * caches, the cache of sidecar details, each query's records and the archive decoders may hold,
 * checked at start-up so a cache larger than its share, or a heap too small for the worst query,
 * is refused with a message rather than found out by an OutOfMemoryError. Flink's network and
 * managed memory are off the heap and counted beside it.
 *
 * <p>The shares: a fixed floor for the runtime and the catalog (the JVM, Flink, Javalin, and a
 * catalog entry per archive); the result caches a quarter of the heap at most; sidecar details an
 * eighth; each running job's records a thirty-second, at least 8 MiB (a page of 10,000 records of
 * about a KiB is 10 MiB; a page past the share is cut with a warning); each task slot's decoder (a
 * slot's source reader decodes one split at a time: an LZ4 block of up to 4 MiB in and out, the
 * read buffer) and its batches of records on their way; each indexing thread's decoder.
 *
 * <p>{@link #fit} chooses how wide a job runs and how many threads index so that the worst case
 * fits the heap: a larger machine with the default heap gets narrower jobs, not a refusal.
 *
 * @param heap          the heap's maximum (the JVM's {@code -Xmx})
 * @param resultCaches  memory for cached answers (whole answers and day slices together)
 * @param details       memory for sidecar details (hours, templates, bloom filters) read on demand
 * @param rowsPerQuery  the most one running query's records may weigh before its page is cut
 * @param decoders      what the archive decoders of every slot and indexer may hold at once
 * @param floor         the runtime, the catalog and everything else the process holds anyway
 * @param offHeap       Flink's network and managed memory (outside the heap)
 * @param remoteReads   the buffers of reads from remote stores: every GET in flight, and a region (or
 *                      chunk) per reader; 0 when every archive root is local
 */
public record MemoryBudget(long heap, long resultCaches, long details, long rowsPerQuery, long decoders, long floor,
                           long offHeap, long remoteReads) {
    public static final long MIB = 1L << 20;
    /** An LZ4 frame of 4 MiB blocks in and out, and the reader's buffer, per split being decoded. */
    public static final long DECODER_BYTES = 8 * MIB + 320 * 1024;
    /** A task slot: its decoder, and two batches of 1,024 records of about a KiB on their way out. */
    public static final long SLOT_BYTES = DECODER_BYTES + 2 * MIB;
    /** Widest a query job runs: beyond four readers a scan is bound by the disk, not the cores. */
    static final int MAX_PARALLELISM = 4;
    /** The JVM's own objects, Flink's MiniCluster, Javalin, Kafka clients: measured at ~90 MB live in the demo. */
    static final long RUNTIME_FLOOR = 112 * MIB;
    /** A catalog entry: summary, frames, identity (measured ~1.5 KiB for a single-frame archive). */
    static final long PER_ARCHIVE = 2 * 1024;

    /**
     * How the process is sized: the memory shares, how many readers a query job runs, the task slots
     * of the embedded cluster (every job that may run at once, at full width: no job waits for
     * another's slots), and the threads indexing archives.
     */
    public record Sizing(MemoryBudget budget, int parallelism, int slots, int indexThreads) {
    }

    /**
     * Sizes a process for a heap of {@code heap} bytes: jobs as wide as the cores allow (at most
     * {@value #MAX_PARALLELISM}), narrowed until the worst case fits; refused when even one reader
     * per job and one indexing thread do not.
     *
     * @param cacheAsked     memory asked for cached answers ({@code --cache-mb}), or -1 for the default share
     * @param maxJobs        jobs that may run at once
     * @param cores          processors available
     * @param embedded       whether jobs run in this process (false on a remote cluster: its decoders are elsewhere)
     * @param indexThreads   threads wanted for indexing archives in the background
     * @param archives       archives known at start (for the catalog's share)
     * @param offHeap        Flink network and managed memory configured
     * @throws IllegalArgumentException naming the share that does not fit, and what to change
     */
    public static Sizing fit(long heap, long cacheAsked, int maxJobs, int cores, boolean embedded, int indexThreads,
                             long archives, long offHeap) {
        return fit(heap, cacheAsked, maxJobs, cores, embedded, indexThreads, archives, offHeap, Remote.NONE);
    }

    /**
     * What reading remote archives holds in memory: the GETs in flight (each its buffer), and
     * per reader (task slot or indexing thread) a buffer of {@code perReader} bytes.
     */
    public record Remote(long inFlight, long perReader) {
        public static final Remote NONE = new Remote(0, 0);

        /** What reading {@code roots} holds: nothing when every root is local; else the SSD tier's GETs and a region per reader, or a whole GET per reader without the tier. */
        public static Remote of(java.util.List<dev.rewind.connectors.storage.StoragePath> roots,
                                dev.rewind.connectors.storage.StorageSettings storage) {
            if (roots.stream().allMatch(dev.rewind.connectors.storage.StoragePath::isLocal)) {
                return NONE;
            }
            return storage.cacheDir() != null ? new Remote(storage.fetchMemory(), storage.regionBytes())
                    : new Remote(0, dev.rewind.connectors.storage.StorageSettings.DEFAULT_MAX_GET_BYTES);
        }
    }

    /** The same, for a process that also reads remote archives. */
    public static Sizing fit(long heap, long cacheAsked, int maxJobs, int cores, boolean embedded, int indexThreads,
                             long archives, long offHeap, Remote remote) {
        long caches = cacheAsked >= 0 ? cacheAsked : Math.min(256 * MIB, heap / 8);
        if (caches > heap / 4) {
            throw new IllegalArgumentException(String.format("the result caches asked for (%d MB) are more than a "
                    + "quarter of the heap (%d MB of %d MB); lower --cache-mb to at most %d, or give Rewind more memory "
                    + "(REWIND_HEAP, e.g. REWIND_HEAP=%dm)", caches / MIB, heap / 4 / MIB, heap / MIB, heap / 4 / MIB,
                    caches * 4 / MIB));
        }
        int widest = Math.max(1, Math.min(cores, MAX_PARALLELISM));
        MemoryBudget budget = null;
        for (int width = widest; width >= 1; width--) {
            int slots = embedded ? maxJobs * width : 0;
            int indexers = Math.max(1, Math.min(indexThreads, width));
            budget = shares(heap, caches, slots, indexers, archives, offHeap, remote);
            if (budget.worstCase(maxJobs) <= heap) {
                return new Sizing(budget, width, slots, indexers);
            }
        }
        long need = budget.worstCase(maxJobs);
        throw new IllegalArgumentException(String.format("a heap of %d MB is too small for the worst case of this "
                + "configuration, even with one reader per job (%d MB: %s); give Rewind more memory (REWIND_HEAP=%dm) "
                + "or lower --cache-mb / --max-jobs", heap / MIB, need / MIB, budget.describe(maxJobs),
                (need * 5 / 4) / MIB + 1));
    }

    private static MemoryBudget shares(long heap, long caches, int slots, int indexThreads, long archives, long offHeap,
                                       Remote remote) {
        long details = Math.min(128 * MIB, heap / 8);
        long rows = Math.min(64 * MIB, Math.max(8 * MIB, heap / 32));
        long decoders = slots * SLOT_BYTES + (indexThreads + 1L) * DECODER_BYTES;
        long floor = RUNTIME_FLOOR + archives * PER_ARCHIVE;
        long remoteReads = remote.inFlight() + (slots + indexThreads + 1L) * remote.perReader();
        return new MemoryBudget(heap, caches, details, rows, decoders, floor, offHeap, remoteReads);
    }

    /** Everything held at once when every job runs and every cache is full. */
    public long worstCase(int maxJobs) {
        return floor + resultCaches + details + (long) maxJobs * rowsPerQuery + decoders + remoteReads;
    }

    /** The shares in MB, for messages and {@code /api/stats}. */
    public Map<String, Long> sharesMb(int maxJobs) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("heap", heap / MIB);
        m.put("runtime_and_catalog", floor / MIB);
        m.put("result_caches", resultCaches / MIB);
        m.put("sidecar_details", details / MIB);
        m.put("records_per_query", rowsPerQuery / MIB);
        m.put("records_all_jobs", maxJobs * rowsPerQuery / MIB);
        m.put("decoders", decoders / MIB);
        m.put("remote_reads", remoteReads / MIB);
        m.put("flink_off_heap", offHeap / MIB);
        return m;
    }

    private String describe(int maxJobs) {
        StringBuilder b = new StringBuilder();
        sharesMb(maxJobs).forEach((k, v) -> {
            if (!k.equals("heap") && !k.equals("records_per_query") && !k.equals("flink_off_heap")) {
                b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
            }
        });
        return b.toString();
    }
}
