package dev.rewind.connectors.codec;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Zstandard with any number of frames (skippable frames are passed over), through zstd-jni's
 * streaming context. Direct buffers of 128 KiB each way, whatever the archive's size, borrowed with
 * the context from {@link ZstdResources} and given back on close.
 *
 * <p>The frame is parsed here too (RFC 8878: header, then blocks of at most 128 KiB each with a
 * 3-byte header, then an optional checksum) and the context is fed one unit at a time — the header,
 * one block, the checksum — never past its end, with its output drained before the next unit. So
 * when the context fails, the unit it failed in is known, and every byte of the blocks before it
 * has been handed out: zstd-jni reports nothing of a failing call (neither input consumed nor
 * output written), so without this a failure could only be placed at the frame's start.
 *
 * <p>What is kept of a damaged frame. A block that fails is lost and the blocks before it are
 * kept: zstd checks each block's entropy streams as it decodes it, and over 473 block failures
 * (100 random bytes overwritten in a 386 KB NDJSON file from the {@code zstd} CLI, at 500 places)
 * no byte before the failing block was wrong. When the damage passes those checks (27 of the 500)
 * only the frame checksum catches it, after the frame's bytes were handed out: about half the
 * lines from the damage on were wrong, and 96% of those still parsed as well-formed records. The
 * whole frame is then in doubt ({@link Damage#delivered}).
 */
final class ZstdFrameInputStream extends FrameInputStream {
    private static final int BUFFER = ZstdResources.BUFFER;
    private static final int MAGIC = 0xFD2FB528;
    private static final byte[] MAGIC_BYTES = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};
    private static final int MAX_BLOCK = 128 * 1024;
    /** Magic, descriptor, window, dictionary id, content size: the longest frame header. */
    private static final int MAX_HEADER = 18;

    /** What the context is being fed. */
    private enum Unit { HEADER, BLOCK, CHECKSUM }

    private final ZstdResources resources = ZstdResources.borrow();
    private final ZstdDecompressCtx ctx = resources.ctx;
    /** Holds a copy of the input's next bytes, within the current unit: consumed from both at once. */
    private final ByteBuffer src = resources.src;
    private final ByteBuffer dst = resources.dst;
    private boolean closed;
    private long frameStart;
    private long frameRawStart;
    private Unit unit;
    private long unitStart;
    private long unitEnd;
    private boolean lastBlock;
    private boolean checksum;
    /** The last call filled {@code dst}: the context may hold more output of the unit. */
    private boolean outputPending;
    private boolean eof;

    ZstdFrameInputStream(InputStream in, long baseOffset, String source, FrameListener listener, DamagePolicy policy) {
        super(in, baseOffset, source, listener, policy);
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
            if (eof) {
                return -1;
            }
            if (unit == null) {
                eof = !startFrame();
            } else if (input.offset() == unitEnd && !outputPending) {
                nextUnit();
            } else {
                decode();
            }
        }
    }

    /** One call of the context on the current unit's bytes. */
    private void decode() throws IOException {
        if (!src.hasRemaining() && input.offset() < unitEnd) {
            int available = input.ensure((int) Math.min(unitEnd - input.offset(), BUFFER));
            if (available == 0) {
                truncated(input.offset());
                return;
            }
            src.clear();
            src.put(input.buffer(), input.position(), available);
            src.flip();
        }
        dst.clear();
        int before = src.position();
        boolean frameDone;
        try {
            frameDone = ctx.decompressDirectByteBufferStream(dst, src);
        } catch (ZstdException e) {
            dst.clear().limit(0);
            failed(e);
            return;
        }
        input.skip(src.position() - before);
        outputPending = !dst.hasRemaining();
        dst.flip();
        rawTotal += dst.remaining();
        if (frameDone) {
            unit = null;
            outputPending = false;
            frames.frameEnded(input.offset(), rawTotal);
        }
    }

    /** The unit just fed is all decoded: on to the next block or the checksum. */
    private void nextUnit() throws IOException {
        if (unit == Unit.HEADER || (unit == Unit.BLOCK && !lastBlock)) {
            startBlock();
        } else if (unit == Unit.BLOCK && checksum) {
            unit = Unit.CHECKSUM;
            unitStart = input.offset();
            unitEnd = unitStart + 4;
        } else {
            // The context did not call the frame done where its last block says it ends.
            damaged(frameStart, frameStart, "the zstd frame that starts at offset " + frameStart
                    + " does not end where its last block says", rawTotal > frameRawStart, input.offset(), null);
        }
    }

    private void startBlock() throws IOException {
        long at = input.offset();
        int available = input.ensure(3);
        if (available < 3) {
            unit = Unit.BLOCK;
            unitStart = at;
            truncated(at + available);
            return;
        }
        int header = input.peek(0) | input.peek(1) << 8 | input.peek(2) << 16;
        int type = (header >>> 1) & 3;
        int size = header >>> 3;
        String problem = type == 3 ? "reserved block type"
                : type != 1 && size > MAX_BLOCK ? "block size " + size + " over the 128 KiB maximum" : null;
        if (problem != null) {
            damaged(at, at, "corrupt zstd block in the frame that starts at offset " + frameStart + ": " + problem,
                    false, at + 1, null);
            return;
        }
        lastBlock = (header & 1) != 0;
        unit = Unit.BLOCK;
        unitStart = at;
        unitEnd = at + 3 + (type == 1 ? 1 : size);
    }

    private void failed(ZstdException e) throws IOException {
        switch (unit) {
            case HEADER -> damaged(frameStart, frameStart, "corrupt zstd frame header: " + e.getMessage(), false,
                    frameStart + 1, e);
            case BLOCK -> damaged(unitStart, unitStart, "corrupt zstd block in the frame that starts at offset "
                    + frameStart + ": " + e.getMessage(), false, unitStart + 1, e);
            case CHECKSUM -> damaged(frameStart, frameStart, "the zstd frame at bytes " + frameStart + " to "
                    + unitEnd + " does not match its checksum, checked at byte " + unitStart
                    + ": its content is wrong from some place inside it", rawTotal > frameRawStart, unitEnd, e);
        }
    }

    /** The input ends at {@code cut}, inside a frame. */
    private void truncated(long cut) throws IOException {
        input.seek(cut);
        String where = unit == Unit.BLOCK ? "inside the block that starts at offset " + unitStart
                : unit == Unit.CHECKSUM ? "inside its checksum" : "inside its header";
        damaged(cut, cut, "truncated zstd frame that starts at offset " + frameStart + ": the input ends " + where,
                false, -1, null);
        eof = true;
    }

    /** Reads up to a frame's first block; false at the end of the input. */
    private boolean startFrame() throws IOException {
        while (true) {
            if (input.atEnd()) {
                return false;
            }
            if (skipKnownDamage()) {
                continue;
            }
            frameStart = input.offset();
            frameRawStart = rawTotal;
            int available = input.ensure(MAX_HEADER);
            if (available < 4) {
                unit = Unit.HEADER;
                truncated(frameStart + available);
                return false;
            }
            int magic = intLe(0);
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
                if (!skipSkippable(available)) {
                    return false;
                }
                continue;
            }
            int headerSize = magic == MAGIC && available > 4 ? headerSize(input.peek(4)) : 0;
            if (magic == MAGIC && (available == 4 || (headerSize > 0 && available < headerSize))) {
                unit = Unit.HEADER;
                truncated(frameStart + available);
                return false;
            }
            if (headerSize == 0) {
                String problem = magic != MAGIC
                        ? String.format("not a zstd frame (found magic %08x, expected fd2fb528)", magic)
                        : "corrupt zstd frame header (reserved bit set)";
                if (!damaged(frameStart, frameStart, problem, false, frameStart + 1, null)) {
                    return false;
                }
                continue;
            }
            int descriptor = input.peek(4);
            if ((descriptor & 3) != 0 && dictionaryId(descriptor) != 0) {
                // Not damage: a frame this reader cannot decode at all, whatever bytes follow.
                throw new CorruptArchiveException(source, frameStart, "zstd frame compressed with dictionary "
                        + dictionaryId(descriptor) + ", which Rewind does not have; decompress it with its dictionary");
            }
            checksum = (descriptor & 0x04) != 0;
            unit = Unit.HEADER;
            unitStart = frameStart;
            unitEnd = frameStart + headerSize;
            outputPending = false;
            framed = true;
            return true;
        }
    }

    private boolean skipSkippable(int available) throws IOException {
        if (available < 8) {
            unit = Unit.HEADER;
            truncated(frameStart + available);
            return false;
        }
        long end = frameStart + 8 + (intLe(4) & 0xFFFFFFFFL);
        if (input.seek(end) < end) {
            unit = Unit.HEADER;
            truncated(input.offset());
            return false;
        }
        frames.frameEnded(end, rawTotal);
        return true;
    }

    /** The frame header's length from its descriptor byte; 0 when the reserved bit is set. */
    private static int headerSize(int descriptor) {
        if ((descriptor & 0x08) != 0) {
            return 0;
        }
        boolean singleSegment = (descriptor & 0x20) != 0;
        int dictionaryId = new int[] {0, 1, 2, 4}[descriptor & 3];
        int contentSizeFlag = descriptor >>> 6;
        int contentSize = contentSizeFlag == 0 ? (singleSegment ? 1 : 0) : new int[] {0, 2, 4, 8}[contentSizeFlag];
        return 5 + (singleSegment ? 0 : 1) + dictionaryId + contentSize;
    }

    /** The dictionary id in the buffered frame header at the position. */
    private long dictionaryId(int descriptor) {
        int at = 5 + ((descriptor & 0x20) != 0 ? 0 : 1);
        long id = 0;
        for (int i = new int[] {0, 1, 2, 4}[descriptor & 3] - 1; i >= 0; i--) {
            id = id << 8 | input.peek(at + i);
        }
        return id;
    }

    private int intLe(int at) {
        return input.peek(at) | input.peek(at + 1) << 8 | input.peek(at + 2) << 16 | input.peek(at + 3) << 24;
    }

    @Override
    protected byte[] magic() {
        return MAGIC_BYTES;
    }

    @Override
    protected void resetFrame() {
        ctx.reset();
        src.clear().limit(0);
        unit = null;
        outputPending = false;
    }

    /** A frame header that checks out, and a first block that decodes (a candidate cut short by the end of the file is taken). */
    @Override
    protected boolean frameStartsHere() throws IOException {
        int available = input.ensure(MAX_HEADER);
        if (available < 4 || intLe(0) != MAGIC) {
            return false;
        }
        if (available == 4) {
            return true;
        }
        int headerSize = headerSize(input.peek(4));
        if (headerSize == 0) {
            return false;
        }
        available = input.ensure(headerSize + 3);
        if (available < headerSize + 3) {
            return true;
        }
        int header = input.peek(headerSize) | input.peek(headerSize + 1) << 8 | input.peek(headerSize + 2) << 16;
        int type = (header >>> 1) & 3;
        int size = header >>> 3;
        if (type == 3 || (type != 1 && size > MAX_BLOCK)) {
            return false;
        }
        int length = input.ensure(headerSize + 3 + (type == 1 ? 1 : size));
        try {
            for (int fed = 0; fed < length; ) {
                int n = Math.min(BUFFER, length - fed);
                src.clear();
                src.put(input.buffer(), input.position() + fed, n);
                src.flip();
                fed += n;
                do {
                    dst.clear();
                    ctx.decompressDirectByteBufferStream(dst, src);
                } while (src.hasRemaining() || !dst.hasRemaining());
            }
            return true;
        } catch (ZstdException e) {
            return false;
        } finally {
            resetFrame();
            dst.clear().limit(0);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            resources.release();
        }
        super.close();
    }
}
