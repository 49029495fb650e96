package dev.rewind.connectors.codec;

import java.io.IOException;
import java.io.InputStream;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame format (lz4 CLI, {@code LZ4FrameOutputStream}) with any number of frames and
 * skippable frames. Parsed here, with lz4-java's block decompressor, because lz4-java's own
 * {@code LZ4FrameInputStream} does not say where a frame ends. Blocks must be independent (the lz4
 * CLI default; {@code lz4 -BD} output is refused with a message). Memory: two buffers of the
 * frame's maximum block size (at most 4 MiB).
 *
 * <p>The content checksum. The lz4 CLI writes one (and no block checksums) by default, and it is
 * what finds most damage: with 100 random bytes overwritten at 500 places of a 386 KB NDJSON file
 * from {@code lz4} (one 4 MiB block), the block decoder failed at 82 and decoded the other 418 to
 * wrong bytes without complaint, only the content checksum catching them; from the damage to the
 * frame's end, 78% of the lines came out changed, on average. Such a frame gives nothing, and the
 * damage is reported at its start, naming its bytes, rather than its lines being kept as suspect:
 * where in it the damage is cannot be told, most lines after it are wrong, and the answers given
 * from the sidecar alone (counts, hourly trends, error patterns) would count them with nothing to
 * tell them apart. So a frame's last block is checked against the checksum that follows it before
 * any of its bytes are handed out: a frame of one block (Rewind's own frames, and any lz4 CLI file
 * up to 4 MiB of text) never hands out a wrong byte. The earlier blocks of a longer frame are
 * handed out before the checksum can be read (holding them would take the whole frame in memory):
 * the damage then says so ({@link Damage#delivered}), and the indexer reads the archive again
 * without that frame.
 *
 * <p>A block that fails to decode is lost and the blocks before it kept (blocks are independent:
 * one block's bytes do not change another's). A block cut by the end of the file keeps what its
 * complete sequences decode to: those bytes are exactly what the whole file gives.
 */
final class Lz4FrameInputStream extends FrameInputStream {
    private static final int MAGIC = 0x184D2204;
    private static final byte[] MAGIC_BYTES = {0x04, 0x22, 0x4D, 0x18};
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
    private static final XXHash32 XXH32 = XXHashFactory.fastestInstance().hash32();
    /** Magic, FLG, BD, content size, dictionary id, header checksum: the longest frame header. */
    private static final int MAX_HEADER = 19;

    private byte[] compressed = new byte[0];
    private byte[] block = new byte[0];
    private int blockPos;
    private int blockLen;
    private long frameStart;
    private boolean inFrame;
    private boolean blockChecksum;
    private boolean contentChecksum;
    private int maxBlockSize;
    private StreamingXXHash32 contentHash;
    /** Whether a block of the current frame was handed out. */
    private boolean handedOut;
    /** Where the input ended inside a block whose first bytes are being handed out; -1 when it did not. */
    private long cutAt = -1;
    private boolean eof;

    Lz4FrameInputStream(InputStream in, long baseOffset, String source, FrameListener listener, DamagePolicy policy) {
        super(in, baseOffset, source, listener, policy);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (blockPos == blockLen) {
            if (eof || !nextBlock()) {
                eof = true;
                return -1;
            }
        }
        int n = Math.min(len, blockLen - blockPos);
        System.arraycopy(block, blockPos, b, off, n);
        blockPos += n;
        return n;
    }

    /** Decodes the next non-empty block to hand out; false at the end of the input. */
    private boolean nextBlock() throws IOException {
        blockPos = 0;
        blockLen = 0;
        while (true) {
            if (cutAt >= 0) {
                truncated(cutAt, "block");
                return false;
            }
            if (!inFrame) {
                if (!startFrame()) {
                    return false;
                }
                continue;
            }
            long blockStart = input.offset();
            int available = input.ensure(4);
            if (available < 4) {
                truncated(blockStart + available, "block size");
                return false;
            }
            int word = intLe(0);
            input.skip(4);
            if (word == 0) {
                endFrame(false);
                if (eof) {
                    return false;
                }
                continue;
            }
            boolean uncompressed = (word & 0x80000000) != 0;
            int size = word & 0x7FFFFFFF;
            if (size > maxBlockSize) {
                if (!corruptBlock(blockStart, "block of " + size + " bytes over the frame's maximum of "
                        + maxBlockSize, null)) {
                    return false;
                }
                continue;
            }
            int got = readFully(compressed, size);
            if (got < size) {
                // Cut inside the block: what its complete sequences decode to is good.
                blockLen = uncompressed ? got : decodePrefix(compressed, got, block, maxBlockSize);
                cutAt = input.offset();
                return hand(blockLen);
            }
            if (blockChecksum) {
                if (input.ensure(4) < 4) {
                    cutAt = input.offset() + input.ensure(4);
                } else {
                    int expected = intLe(0);
                    input.skip(4);
                    if (XXH32.hash(compressed, 0, size, 0) != expected) {
                        if (!corruptBlock(blockStart, "block checksum mismatch", null)) {
                            return false;
                        }
                        continue;
                    }
                }
            }
            if (uncompressed) {
                System.arraycopy(compressed, 0, block, 0, size);
                blockLen = size;
            } else {
                try {
                    blockLen = DECOMPRESSOR.decompress(compressed, 0, size, block, 0, maxBlockSize);
                } catch (LZ4Exception e) {
                    if (!corruptBlock(blockStart, e.getMessage(), e)) {
                        return false;
                    }
                    continue;
                }
            }
            if (contentHash != null) {
                contentHash.update(block, 0, blockLen);
            }
            // The frame's last block is checked against the content checksum before it is handed out.
            if (cutAt < 0 && input.ensure(4) == 4 && intLe(0) == 0) {
                input.skip(4);
                if (!endFrame(true)) {
                    return hand(blockLen);
                }
                blockLen = 0;
                if (eof) {
                    return false;
                }
                continue;
            }
            if (blockLen > 0) {
                return hand(blockLen);
            }
        }
    }

    private boolean hand(int length) {
        rawTotal += length;
        handedOut |= length > 0;
        return length > 0 || cutAt >= 0;
    }

    /**
     * After the end mark: checks the content checksum and reports the frame's end.
     *
     * @param withBlock whether a decoded block waits on this check, not yet handed out
     * @return true when the block waiting, if any, must not be handed out (the check failed or
     *         stopped the stream)
     */
    private boolean endFrame(boolean withBlock) throws IOException {
        inFrame = false;
        if (contentChecksum) {
            long checkAt = input.offset();
            if (input.ensure(4) < 4) {
                // The check is cut off: the content decoded whole, so it is kept, and the cut reported after it.
                cutAt = checkAt + input.ensure(4);
                return false;
            }
            int expected = intLe(0);
            input.skip(4);
            if (contentHash.getValue() != expected) {
                eof = !damaged(frameStart, frameStart, "the LZ4 frame at bytes " + frameStart + " to "
                        + input.offset() + " does not match its content checksum, checked at byte " + checkAt
                        + ": its content is wrong from some place inside it", handedOut, input.offset(), null);
                return true;
            }
        }
        frames.frameEnded(input.offset(), rawTotal + (withBlock ? blockLen : 0));
        return false;
    }

    private boolean corruptBlock(long blockStart, String problem, Throwable cause) throws IOException {
        return damaged(blockStart, blockStart, "corrupt LZ4 block in the frame that starts at offset " + frameStart
                + ": " + problem, false, blockStart + 1, cause);
    }

    private void truncated(long cut, String what) throws IOException {
        input.seek(cut);
        cutAt = -1;
        damaged(cut, cut, "truncated LZ4 " + what + " in the frame that starts at offset " + frameStart, false, -1, null);
        eof = true;
    }

    /** Reads a frame header (passing over skippable frames); false at the end of the input. */
    private boolean startFrame() throws IOException {
        while (true) {
            if (input.atEnd()) {
                return false;
            }
            if (skipKnownDamage()) {
                continue;
            }
            frameStart = input.offset();
            int available = input.ensure(MAX_HEADER);
            if (available < 4) {
                truncated(frameStart + available, "frame header");
                return false;
            }
            int magic = intLe(0);
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
                if (available < 8) {
                    truncated(frameStart + available, "skippable frame");
                    return false;
                }
                long end = frameStart + 8 + (intLe(4) & 0xFFFFFFFFL);
                if (input.seek(end) < end) {
                    truncated(input.offset(), "skippable frame");
                    return false;
                }
                frames.frameEnded(end, rawTotal);
                continue;
            }
            if (magic == MAGIC && (available < 6 || available < 4 + descriptorLength() + 1)) {
                truncated(frameStart + available, "frame header");
                return false;
            }
            String problem = magic != MAGIC
                    ? String.format("not an LZ4 frame (found magic %08x, expected 184d2204)", magic)
                    : headerProblem(available);
            if (problem != null) {
                if (!damaged(frameStart, frameStart, problem, false, frameStart + 1, null)) {
                    return false;
                }
                continue;
            }
            int flg = input.peek(4);
            if ((flg & 0x20) == 0) {
                throw new CorruptArchiveException(source, frameStart,
                        "LZ4 frame with linked blocks (lz4 -BD) is not supported; recompress with independent blocks");
            }
            if ((flg & 0x01) != 0) {
                throw new CorruptArchiveException(source, frameStart, "LZ4 frame needs a dictionary");
            }
            blockChecksum = (flg & 0x10) != 0;
            contentChecksum = (flg & 0x04) != 0;
            maxBlockSize = 1 << (8 + 2 * ((input.peek(5) >>> 4) & 0x7));
            input.skip(4 + descriptorLength() + 1);
            if (compressed.length < maxBlockSize) {
                compressed = new byte[maxBlockSize];
            }
            if (block.length < maxBlockSize) {
                block = new byte[maxBlockSize];
            }
            contentHash = contentChecksum ? XXHashFactory.fastestInstance().newStreamingHash32(0) : null;
            handedOut = false;
            inFrame = true;
            framed = true;
            return true;
        }
    }

    /** FLG, BD and the optional content size and dictionary id, from the FLG byte at the position + 4. */
    private int descriptorLength() {
        int flg = input.peek(4);
        return 2 + ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0);
    }

    /** What is wrong with the frame header at the position (magic already checked), or null. */
    private String headerProblem(int available) {
        if (available < 6) {
            return null; // cut: reported as such
        }
        int flg = input.peek(4);
        int bd = input.peek(5);
        if ((flg >>> 6) != 1) {
            return "unsupported LZ4 frame version " + (flg >>> 6);
        }
        int sizeCode = (bd >>> 4) & 0x7;
        if ((flg & 0x02) != 0 || (bd & 0x8F) != 0 || sizeCode < 4) {
            return String.format("corrupt LZ4 frame descriptor (FLG %02x, BD %02x)", flg, bd);
        }
        int length = descriptorLength();
        if (available < 4 + length + 1) {
            return null;
        }
        int expected = (XXH32.hash(input.buffer(), input.position() + 4, length, 0) >>> 8) & 0xFF;
        return input.peek(4 + length) == expected ? null : "LZ4 frame header checksum mismatch";
    }

    @Override
    protected byte[] magic() {
        return MAGIC_BYTES;
    }

    /** A header that checks out (its checksum byte makes a false match one in 256 on top of the magic). */
    @Override
    protected boolean frameStartsHere() throws IOException {
        int available = input.ensure(MAX_HEADER);
        return available >= 4 && intLe(0) == MAGIC && headerProblem(available) == null;
    }

    @Override
    protected void resetFrame() {
        inFrame = false;
        blockPos = 0;
        blockLen = 0;
    }

    private int intLe(int at) {
        return input.peek(at) | input.peek(at + 1) << 8 | input.peek(at + 2) << 16 | input.peek(at + 3) << 24;
    }

    /** Reads up to {@code length} bytes into {@code target}; fewer only at the end of the input. */
    private int readFully(byte[] target, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = input.read(target, done, length - done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /**
     * Decodes the complete sequences of an LZ4 block cut short (and the literals present of the
     * one cut): the block format is a run of sequences — a token, literals, a 2-byte match offset,
     * a match length — each decoding from the bytes before it only, so a prefix of the block
     * decodes to a prefix of its content. Stops at the first sequence that is cut or malformed.
     *
     * @return the bytes decoded into {@code dst}
     */
    static int decodePrefix(byte[] src, int srcLength, byte[] dst, int dstLimit) {
        int s = 0;
        int d = 0;
        while (s < srcLength) {
            int token = src[s++] & 0xFF;
            int literals = token >>> 4;
            if (literals == 15) {
                int more;
                do {
                    if (s >= srcLength) {
                        return d;
                    }
                    more = src[s++] & 0xFF;
                    literals += more;
                } while (more == 255);
            }
            int copy = Math.min(Math.min(literals, srcLength - s), dstLimit - d);
            System.arraycopy(src, s, dst, d, copy);
            s += copy;
            d += copy;
            if (copy < literals || s + 2 > srcLength) {
                return d;
            }
            int offset = (src[s] & 0xFF) | (src[s + 1] & 0xFF) << 8;
            s += 2;
            int match = token & 0x0F;
            if (match == 15) {
                int more;
                do {
                    if (s >= srcLength) {
                        return d;
                    }
                    more = src[s++] & 0xFF;
                    match += more;
                } while (more == 255);
            }
            match += 4;
            if (offset == 0 || offset > d || d + match > dstLimit) {
                return d;
            }
            for (int i = 0; i < match; i++, d++) {
                dst[d] = dst[d - offset];
            }
        }
        return d;
    }
}
