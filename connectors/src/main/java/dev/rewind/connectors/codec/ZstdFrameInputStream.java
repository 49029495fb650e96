package dev.rewind.connectors.codec;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Zstandard with any number of frames (skippable frames are passed over), through zstd-jni's
 * streaming context, which returns at each frame end: that is where the boundaries come from.
 * Direct buffers of 128 KiB each way, whatever the archive's size, borrowed with the context from
 * {@link ZstdResources} and given back on close.
 */
final class ZstdFrameInputStream extends InputStream {
    private static final int BUFFER = ZstdResources.BUFFER;

    private final InputStream in;
    private final String source;
    private final FrameListener listener;
    private final ZstdResources resources = ZstdResources.borrow();
    private final ZstdDecompressCtx ctx = resources.ctx;
    private final ByteBuffer src = resources.src;
    private final ByteBuffer dst = resources.dst;
    private boolean closed;
    private final byte[] transfer = new byte[BUFFER];
    /** File offset just past the last byte put into {@code src}. */
    private long fedEnd;
    private long frameStart;
    private long rawTotal;
    private boolean frameOpen;
    private boolean inputDone;

    ZstdFrameInputStream(InputStream in, long baseOffset, String source, FrameListener listener) {
        this.in = in;
        this.source = source;
        this.listener = listener;
        this.fedEnd = baseOffset;
        this.frameStart = baseOffset;
    }

    private long consumedOffset() {
        return fedEnd - src.remaining();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) {
            // a frame may end without producing bytes
        }
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (dst.hasRemaining()) {
                int n = Math.min(len, dst.remaining());
                dst.get(b, off, n);
                return n;
            }
            if (!src.hasRemaining()) {
                if (!refill()) {
                    if (frameOpen) {
                        throw new CorruptArchiveException(source, consumedOffset(),
                                "truncated zstd frame (started at offset " + frameStart + ")");
                    }
                    return -1;
                }
            }
            dst.clear();
            boolean frameDone;
            try {
                frameDone = ctx.decompressDirectByteBufferStream(dst, src);
            } catch (ZstdException e) {
                throw new CorruptArchiveException(source, frameStart, "corrupt zstd frame: " + e.getMessage(), e);
            }
            dst.flip();
            rawTotal += dst.remaining();
            if (frameDone) {
                frameOpen = false;
                listener.frameEnded(consumedOffset(), rawTotal);
                frameStart = consumedOffset();
            } else {
                frameOpen = true;
            }
        }
    }

    private boolean refill() throws IOException {
        if (inputDone) {
            return false;
        }
        int n = in.read(transfer, 0, BUFFER);
        if (n <= 0) {
            inputDone = true;
            return false;
        }
        src.clear();
        src.put(transfer, 0, n);
        src.flip();
        fedEnd += n;
        return true;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            resources.release();
        }
        in.close();
    }
}
