package dev.rewind.connectors.codec;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The compressed bytes a decoder reads, each with its file offset, so every damage is reported
 * where it is. A buffer that can look ahead without consuming (a header, a candidate frame after
 * damage) and that keeps the last {@link #KEPT} bytes consumed, so a search for the next frame can
 * start a little before where damage was found. Memory: the buffer grows to the largest look-ahead
 * asked for, which the decoders bound (a zstd block, 32 KiB of a gzip member): a few hundred KiB at
 * most. Not thread-safe.
 */
final class CompressedInput implements Closeable {
    static final int CHUNK = 64 * 1024;
    /** Consumed bytes kept when the buffer is compacted: how far back a resync may look. */
    static final int KEPT = 4 * 1024;

    private final InputStream in;
    private byte[] buf = new byte[KEPT + CHUNK];
    private int pos;
    private int lim;
    /** File offset of {@code buf[0]}. */
    private long bufBase;
    private boolean eof;

    CompressedInput(InputStream in, long baseOffset) {
        this.in = in;
        this.bufBase = baseOffset;
    }

    /** File offset of the next byte to consume. */
    long offset() {
        return bufBase + pos;
    }

    byte[] buffer() {
        return buf;
    }

    /** Index in {@link #buffer()} of the next byte to consume. */
    int position() {
        return pos;
    }

    /**
     * Buffers up to {@code n} bytes from the position, reading as needed.
     *
     * @return how many are buffered, up to {@code n}: fewer only at the end of the input
     */
    int ensure(int n) throws IOException {
        while (lim - pos < n && !eof) {
            if (pos + n > buf.length) {
                compact(n);
            }
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
        return Math.min(n, lim - pos);
    }

    /** Buffers what one read gives when nothing is; the bytes buffered from the position (0 at the end). */
    int fill() throws IOException {
        return lim > pos ? lim - pos : ensure(CHUNK);
    }

    /** Keeps {@link #KEPT} consumed bytes and room for {@code n} from the position. */
    private void compact(int n) {
        int keepFrom = Math.max(0, pos - KEPT);
        int needed = pos - keepFrom + Math.max(n, CHUNK);
        byte[] target = needed > buf.length ? new byte[Math.max(needed, buf.length * 2)] : buf;
        System.arraycopy(buf, keepFrom, target, 0, lim - keepFrom);
        buf = target;
        bufBase += keepFrom;
        pos -= keepFrom;
        lim -= keepFrom;
    }

    /** The byte {@code i} places after the position; it must be buffered. */
    int peek(int i) {
        return buf[pos + i] & 0xFF;
    }

    /** Consumes {@code n} buffered bytes. */
    void skip(int n) {
        if (n > lim - pos) {
            throw new IllegalArgumentException("skip " + n + " of " + (lim - pos) + " buffered bytes");
        }
        pos += n;
    }

    /** One byte, or -1 at the end. */
    int read() throws IOException {
        if (pos == lim && fill() == 0) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    /** Up to {@code len} bytes; -1 at the end. */
    int read(byte[] target, int off, int len) throws IOException {
        int n = Math.min(len, fill());
        if (n == 0) {
            return -1;
        }
        System.arraycopy(buf, pos, target, off, n);
        pos += n;
        return n;
    }

    /**
     * Moves to {@code target}: forward by reading (the bytes between are consumed, not decoded), or
     * back within the bytes still kept.
     *
     * @return the offset reached: {@code target}, or less when the input ends first
     */
    long seek(long target) throws IOException {
        if (target < offset()) {
            pos = (int) (Math.max(target, bufBase) - bufBase);
            return offset();
        }
        while (offset() < target) {
            int n = fill();
            if (n == 0) {
                break;
            }
            pos += (int) Math.min(n, target - offset());
        }
        return offset();
    }

    /** Whether no byte is left. */
    boolean atEnd() throws IOException {
        return fill() == 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
