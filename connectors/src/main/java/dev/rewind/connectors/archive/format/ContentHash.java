package dev.rewind.connectors.archive.format;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * XXH64 of an archive's whole compressed file, taken on the way while the archive is written or
 * indexed (no second read), so that any later change to it — not only to its first and last bytes
 * — is noticed when its length or modification time moves. Never 0 (0 means "unknown").
 */
public final class ContentHash {
    private static final long SEED = 0x5265_7769_6E64_4648L;

    private ContentHash() {
    }

    /** Hashes every byte read through it. */
    public static final class Reading extends FilterInputStream {
        private final StreamingXXHash64 hash = XXHashFactory.fastestInstance().newStreamingHash64(SEED);

        public Reading(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                hash.update(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                hash.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        /** The hash of everything read so far. */
        public long value() {
            return nonZero(hash.getValue());
        }
    }

    /** Hashes every byte written through it. */
    public static final class Writing extends FilterOutputStream {
        private final StreamingXXHash64 hash = XXHashFactory.fastestInstance().newStreamingHash64(SEED);

        public Writing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            hash.update(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            hash.update(b, off, len);
        }

        public long value() {
            return nonZero(hash.getValue());
        }
    }

    /** Reads the whole file (to check that an archive whose time changed still has its bytes). */
    public static long of(StoredFile file) throws IOException {
        try (Reading in = new Reading(Storages.of(file.path()).open(file, IoCounts.IGNORED))) {
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // hashing as it reads
            }
            return in.value();
        }
    }

    private static long nonZero(long h) {
        return h == 0 ? 1 : h;
    }
}
