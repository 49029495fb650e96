package dev.rewind.connectors.codec;

import java.io.EOFException;
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
 */
final class Lz4FrameInputStream extends InputStream {
    private static final int MAGIC = 0x184D2204;
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
    private static final XXHash32 XXH32 = XXHashFactory.fastestInstance().hash32();

    private final InputStream in;
    private final String source;
    private final FrameListener listener;
    private final byte[] header = new byte[16];
    private byte[] compressed = new byte[0];
    private byte[] block = new byte[0];
    private int blockPos;
    private int blockLen;
    private long offset;
    private long frameStart;
    private long rawTotal;
    private boolean inFrame;
    private boolean blockChecksum;
    private boolean contentChecksum;
    private int maxBlockSize;
    private StreamingXXHash32 contentHash;
    private boolean eof;

    Lz4FrameInputStream(InputStream in, long baseOffset, String source, FrameListener listener) {
        this.in = in;
        this.offset = baseOffset;
        this.source = source;
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) {
            // frames may be empty
        }
        return n < 0 ? -1 : one[0] & 0xFF;
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

    /** Decodes the next non-empty block; false at the end of the input. */
    private boolean nextBlock() throws IOException {
        while (true) {
            if (!inFrame && !startFrame()) {
                return false;
            }
            long blockStart = offset;
            int word = readIntLe("block size");
            if (word == 0) {
                endFrame();
                continue;
            }
            boolean uncompressed = (word & 0x80000000) != 0;
            int size = word & 0x7FFFFFFF;
            if (size > maxBlockSize) {
                throw new CorruptArchiveException(source, blockStart,
                        "LZ4 block of " + size + " bytes exceeds the frame's maximum block size " + maxBlockSize);
            }
            if (compressed.length < size) {
                compressed = new byte[Math.max(size, maxBlockSize)];
            }
            readFully(compressed, size, "block");
            if (blockChecksum) {
                int expected = readIntLe("block checksum");
                if (XXH32.hash(compressed, 0, size, 0) != expected) {
                    throw new CorruptArchiveException(source, blockStart, "LZ4 block checksum mismatch");
                }
            }
            if (block.length < maxBlockSize) {
                block = new byte[maxBlockSize];
            }
            if (uncompressed) {
                System.arraycopy(compressed, 0, block, 0, size);
                blockLen = size;
            } else {
                try {
                    blockLen = DECOMPRESSOR.decompress(compressed, 0, size, block, 0, maxBlockSize);
                } catch (LZ4Exception e) {
                    throw new CorruptArchiveException(source, blockStart, "corrupt LZ4 block: " + e.getMessage(), e);
                }
            }
            blockPos = 0;
            if (contentHash != null) {
                contentHash.update(block, 0, blockLen);
            }
            rawTotal += blockLen;
            if (blockLen > 0) {
                return true;
            }
        }
    }

    private boolean startFrame() throws IOException {
        while (true) {
            frameStart = offset;
            int first = in.read();
            if (first < 0) {
                return false;
            }
            offset++;
            header[0] = (byte) first;
            readFullyInto(header, 1, 3, "frame header");
            int magic = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16 | (header[3] & 0xFF) << 24;
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
                long skip = readIntLe("skippable frame size") & 0xFFFFFFFFL;
                skipFully(skip);
                listener.frameEnded(offset, rawTotal);
                continue;
            }
            if (magic != MAGIC) {
                throw new CorruptArchiveException(source, frameStart, String.format(
                        "not an LZ4 frame (found magic %08x, expected 184d2204)", magic));
            }
            readFullyInto(header, 0, 2, "frame descriptor");
            int flg = header[0] & 0xFF;
            int bd = header[1] & 0xFF;
            if ((flg >>> 6) != 1) {
                throw new CorruptArchiveException(source, frameStart, "unsupported LZ4 frame version " + (flg >>> 6));
            }
            if ((flg & 0x20) == 0) {
                throw new CorruptArchiveException(source, frameStart,
                        "LZ4 frame with linked blocks (lz4 -BD) is not supported; recompress with independent blocks");
            }
            blockChecksum = (flg & 0x10) != 0;
            boolean contentSize = (flg & 0x08) != 0;
            contentChecksum = (flg & 0x04) != 0;
            boolean dictId = (flg & 0x01) != 0;
            int sizeCode = (bd >>> 4) & 0x7;
            if (sizeCode < 4) {
                throw new CorruptArchiveException(source, frameStart, "invalid LZ4 block size code " + sizeCode);
            }
            maxBlockSize = 1 << (8 + 2 * sizeCode);
            int descriptorLength = 2 + (contentSize ? 8 : 0) + (dictId ? 4 : 0);
            readFullyInto(header, 2, descriptorLength - 2, "frame descriptor");
            int hc = readByte("header checksum");
            int expected = (XXH32.hash(header, 0, descriptorLength, 0) >>> 8) & 0xFF;
            if (hc != expected) {
                throw new CorruptArchiveException(source, frameStart, "LZ4 frame header checksum mismatch");
            }
            if (dictId) {
                throw new CorruptArchiveException(source, frameStart, "LZ4 frame needs a dictionary");
            }
            contentHash = contentChecksum ? XXHashFactory.fastestInstance().newStreamingHash32(0) : null;
            inFrame = true;
            return true;
        }
    }

    private void endFrame() throws IOException {
        if (contentChecksum) {
            int expected = readIntLe("content checksum");
            if (contentHash.getValue() != expected) {
                throw new CorruptArchiveException(source, frameStart, "LZ4 content checksum mismatch");
            }
        }
        inFrame = false;
        listener.frameEnded(offset, rawTotal);
    }

    private int readByte(String what) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw truncated(what);
        }
        offset++;
        return b;
    }

    private int readIntLe(String what) throws IOException {
        readFullyInto(header, 12, 4, what);
        return (header[12] & 0xFF) | (header[13] & 0xFF) << 8 | (header[14] & 0xFF) << 16 | (header[15] & 0xFF) << 24;
    }

    private void readFully(byte[] target, int length, String what) throws IOException {
        readFullyInto(target, 0, length, what);
    }

    private void readFullyInto(byte[] target, int from, int length, String what) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(target, from + done, length - done);
            if (n < 0) {
                offset += done;
                throw truncated(what);
            }
            done += n;
        }
        offset += length;
    }

    private void skipFully(long count) throws IOException {
        long left = count;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw truncated("skippable frame");
                }
                n = 1;
            }
            left -= n;
            offset += n;
        }
    }

    private CorruptArchiveException truncated(String what) {
        return new CorruptArchiveException(source, offset,
                "truncated LZ4 " + what + " (frame started at offset " + frameStart + ")", new EOFException());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
