package dev.rewind.connectors.codec;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A zstd decompression context and its two direct buffers, reused from one split to the next. A
 * query opens hundreds of splits; a fresh native context (with its window) and fresh direct
 * buffers for each made glibc's heap and the direct-memory pool swell while a scan ran (the
 * buffers are only freed when the Java heap is next collected). A few sets, kept for whoever
 * decodes next, bound that. Thread-safe.
 */
final class ZstdResources {
    static final int BUFFER = 128 * 1024;
    /** About one per decoding thread; more are closed when released. */
    private static final int KEPT = 4;
    private static final ConcurrentLinkedDeque<ZstdResources> POOL = new ConcurrentLinkedDeque<>();

    final ZstdDecompressCtx ctx = new ZstdDecompressCtx();
    final ByteBuffer src = ByteBuffer.allocateDirect(BUFFER);
    final ByteBuffer dst = ByteBuffer.allocateDirect(BUFFER);

    private ZstdResources() {
    }

    /** A set ready for a new stream: a reset context and empty buffers. */
    static ZstdResources borrow() {
        ZstdResources r = POOL.pollFirst();
        if (r == null) {
            r = new ZstdResources();
        } else {
            r.ctx.reset(); // whatever the last stream left, even a corrupt frame
        }
        r.src.clear().limit(0);
        r.dst.clear().limit(0);
        return r;
    }

    void release() {
        if (POOL.size() < KEPT) {
            POOL.offerFirst(this);
        } else {
            ctx.close();
        }
    }
}
