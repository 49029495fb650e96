package dev.rewind.connectors.storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What reading through a {@link Storage} cost one reader (a split, an indexing pass): requests
 * sent to a remote store and the bytes they brought, and the bytes served from the local disk
 * cache of remote bytes instead. A local file costs none of these. Thread-safe: the cache's fetch
 * threads add to the reader's counts.
 */
public final class IoCounts {
    /** For reads nobody accounts for (tools, tests). */
    public static final IoCounts IGNORED = new IoCounts();

    private final AtomicLong remoteRequests = new AtomicLong();
    private final AtomicLong remoteBytes = new AtomicLong();
    private final AtomicLong cachedBytes = new AtomicLong();

    void remote(long bytes) {
        remoteRequests.incrementAndGet();
        remoteBytes.addAndGet(bytes);
    }

    void cached(long bytes) {
        cachedBytes.addAndGet(bytes);
    }

    /** GETs (and retries) sent to the remote store for this reader. */
    public long remoteRequests() {
        return remoteRequests.get();
    }

    /** Bytes those requests brought. */
    public long remoteBytes() {
        return remoteBytes.get();
    }

    /** Bytes served from the disk cache of remote bytes (no request). */
    public long cachedBytes() {
        return cachedBytes.get();
    }
}
