package dev.rewind.connectors.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import net.jpountz.lz4.LZ4FrameOutputStream;

/**
 * Compresses one frame at a time into a standard, self-contained unit (a gzip member, a zstd frame
 * with its content size and checksum, an LZ4 frame with independent blocks and a content checksum),
 * so the concatenation decodes whole with {@code gzip -d}, {@code zstd -d} or {@code lz4 -d} and
 * each frame also decodes alone. Not thread-safe; {@link #close()} frees native state.
 */
public abstract sealed class FrameEncoder implements AutoCloseable {

    /** Default levels: the CLI tools' own defaults, so ratios compare with what users know. */
    public static FrameEncoder create(Codec codec) {
        return switch (codec) {
            case GZIP -> new Gzip(6);
            case ZSTD -> new ZstdFrames(3);
            case LZ4 -> new Lz4();
            case PLAIN -> new Plain();
        };
    }

    /** Writes {@code raw[offset, offset+length)} as one complete frame; returns the bytes written. */
    public abstract long encode(byte[] raw, int offset, int length, OutputStream out) throws IOException;

    @Override
    public void close() {
    }

    static final class Gzip extends FrameEncoder {
        private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        private final Deflater deflater;
        private final CRC32 crc = new CRC32();
        private final byte[] buffer = new byte[64 * 1024];

        Gzip(int level) {
            deflater = new Deflater(level, true);
        }

        @Override
        public long encode(byte[] raw, int offset, int length, OutputStream out) throws IOException {
            deflater.reset();
            crc.reset();
            crc.update(raw, offset, length);
            out.write(HEADER);
            long written = HEADER.length;
            deflater.setInput(raw, offset, length);
            deflater.finish();
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
                written += n;
            }
            writeIntLe(out, (int) crc.getValue());
            writeIntLe(out, length);
            return written + 8;
        }

        private static void writeIntLe(OutputStream out, int v) throws IOException {
            out.write(v);
            out.write(v >>> 8);
            out.write(v >>> 16);
            out.write(v >>> 24);
        }

        @Override
        public void close() {
            deflater.end();
        }
    }

    static final class ZstdFrames extends FrameEncoder {
        private final ZstdCompressCtx ctx = new ZstdCompressCtx();
        private byte[] buffer = new byte[0];

        ZstdFrames(int level) {
            ctx.setLevel(level);
            ctx.setChecksum(true);
            ctx.setContentSize(true);
        }

        @Override
        public long encode(byte[] raw, int offset, int length, OutputStream out) throws IOException {
            int bound = (int) Zstd.compressBound(length);
            if (buffer.length < bound) {
                buffer = new byte[bound];
            }
            int n = ctx.compressByteArray(buffer, 0, buffer.length, raw, offset, length);
            out.write(buffer, 0, n);
            return n;
        }

        @Override
        public void close() {
            ctx.close();
        }
    }

    static final class Lz4 extends FrameEncoder {
        @Override
        public long encode(byte[] raw, int offset, int length, OutputStream out) throws IOException {
            CountingShield shield = new CountingShield(out);
            try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(shield, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB,
                    length, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                    LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
                lz4.write(raw, offset, length);
            }
            return shield.count;
        }
    }

    static final class Plain extends FrameEncoder {
        @Override
        public long encode(byte[] raw, int offset, int length, OutputStream out) throws IOException {
            out.write(raw, offset, length);
            return length;
        }
    }

    /** Counts bytes and keeps {@code close()} from closing the archive under a per-frame stream. */
    private static final class CountingShield extends FilterOutputStream {
        long count;

        CountingShield(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
