package dev.rewind.job.results;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.Storage;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * The result file format: {@code RWRS}, a version byte, then one zstd stream of rows, each an int
 * length and the row's bytes ({@link ResultRowCodec}), ended by a length of -1 (a file cut short
 * is an error, not a shorter answer). Written and read through the storage seam, so the result
 * store is a local folder or a bucket alike; read past the SSD tier (a result file is read once).
 */
public final class ResultFiles {
    private static final byte[] MAGIC = {'R', 'W', 'R', 'S'};
    private static final int VERSION = 1;
    /** zstd level 1: result files are written once and read once, soon; speed over size. */
    private static final int LEVEL = 1;

    private ResultFiles() {
    }

    /** Writes {@code rows} (encoded rows, in order) as {@code file}; returns its length. */
    static long write(StoragePath file, List<byte[]> rows) throws IOException {
        long[] length = {0};
        Storages.of(file).uncached().write(file, raw -> {
            CountingStream counting = new CountingStream(raw);
            counting.write(MAGIC);
            counting.write(VERSION);
            ZstdOutputStream z = new ZstdOutputStream(counting, LEVEL);
            z.setCloseFrameOnFlush(false);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(z, 64 * 1024));
            for (byte[] row : rows) {
                out.writeInt(row.length);
                out.write(row);
            }
            out.writeInt(-1);
            out.flush();
            z.close(); // ends the frame; the counting view keeps the store's stream open for it to finish
            length[0] = counting.count;
        });
        return length[0];
    }

    /** The rows of {@code file}, in the order they were written. */
    public static Reader open(StoragePath file) throws IOException {
        Storage storage = Storages.of(file).uncached();
        StoredFile stored = storage.stat(file);
        if (stored == null) {
            throw new NoSuchFileException(file.toString(), null, "result file is gone (deleted before it was read)");
        }
        InputStream in = storage.open(stored, new IoCounts());
        try {
            byte[] magic = in.readNBytes(5);
            if (magic.length < 5 || magic[0] != 'R' || magic[1] != 'W' || magic[2] != 'R' || magic[3] != 'S') {
                throw new IOException(file + ": not a result file");
            }
            if (magic[4] != VERSION) {
                throw new IOException(file + ": result file of version " + magic[4] + "; this build reads " + VERSION);
            }
            return new Reader(file, new DataInputStream(new BufferedInputStream(new ZstdInputStream(in), 64 * 1024)));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Deletes {@code file}; false when it was not there. */
    public static boolean delete(StoragePath file) throws IOException {
        return Storages.of(file).uncached().delete(file);
    }

    /** Rows of one file, front to back. Not thread-safe. */
    public static final class Reader implements Closeable {
        private final StoragePath file;
        private final DataInputStream in;
        private boolean ended;

        private Reader(StoragePath file, DataInputStream in) {
            this.file = file;
            this.in = in;
        }

        /** The next row, or null at the end. */
        public ResultRow next() throws IOException {
            if (ended) {
                return null;
            }
            try {
                int length = in.readInt();
                if (length < 0) {
                    ended = true;
                    return null;
                }
                return ResultRowCodec.read(in);
            } catch (EOFException e) {
                throw new IOException(file + ": result file cut short", e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Counts the bytes going out; does not close what it wraps (the storage's body owns that). */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(java.io.OutputStream out) {
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
            out.flush();
        }
    }
}
