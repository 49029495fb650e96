package dev.rewind.connectors.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.flink.core.fs.ByteBufferReadable;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * A store Flink has a {@link FileSystem} for: {@code s3://} through the S3 plugin, and any other
 * scheme. A positional read is one request for exactly its bytes where the file system can
 * ({@link ByteBufferReadable}: Presto's S3 file system sends one {@code Range: bytes=a-b} GET),
 * else a seek and a read. Requests that fail are tried again with a growing pause (a 5xx, a
 * timeout, a reset connection); a file found missing is a {@link NoSuchFileException} naming it.
 * Every request and byte is counted, per reader ({@link IoCounts}) and per process
 * ({@link StorageStats}). Errors are redacted ({@link Secrets}). Thread-safe.
 */
public final class FlinkStorage implements Storage {
    /** Largest single GET of an uncached ranged stream: the buffer it needs. */
    static final int CHUNK = 4 << 20;

    private final FileSystem fs;
    private final Retry retry;
    private final Map<StoragePath, Boolean> writable = new ConcurrentHashMap<>();

    public FlinkStorage(FileSystem fs, Retry retry) {
        this.fs = fs;
        this.retry = retry;
    }

    private static org.apache.flink.core.fs.Path flink(StoragePath p) {
        java.net.URI uri = p.toUri();
        if (uri.getPath() == null || uri.getPath().isEmpty()) {
            uri = java.net.URI.create(uri + "/"); // a bucket's root: s3://bucket/, not a path-less URI
        }
        return new org.apache.flink.core.fs.Path(uri);
    }

    private static StoragePath ours(org.apache.flink.core.fs.Path p) {
        return StoragePath.of(p.toUri().getScheme() == null ? p.getPath() : p.toString());
    }

    @Override
    public void list(StoragePath folder, Descend descend, Consumer<StoredFile> found) throws IOException {
        FileStatus[] entries;
        try {
            entries = retry.call("list " + folder, () -> {
                StorageStats.REMOTE_LISTS.incrementAndGet();
                return fs.listStatus(flink(folder));
            });
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(folder.toString(), null, "archive folder does not exist");
        }
        if (entries == null) {
            throw new NoSuchFileException(folder.toString(), null, "archive folder does not exist");
        }
        for (FileStatus entry : entries) {
            StoragePath path = ours(entry.getPath());
            if (path.equals(folder)) {
                continue; // a store that lists a folder's own marker object
            }
            if (entry.isDir()) {
                if (descend.into(path)) {
                    try {
                        list(path, descend, found);
                    } catch (NoSuchFileException gone) {
                        // removed while listed: nothing under it now
                    }
                }
            } else {
                found.accept(new StoredFile(path, entry.getLen(), entry.getModificationTime()));
            }
        }
    }

    @Override
    public StoredFile stat(StoragePath file) throws IOException {
        try {
            FileStatus status = retry.call("stat " + file, () -> fs.getFileStatus(flink(file)));
            return status.isDir() ? null : new StoredFile(file, status.getLen(), status.getModificationTime());
        } catch (FileNotFoundException | NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public int readAt(StoredFile file, long offset, byte[] target, int off, int len, IoCounts counts) throws IOException {
        if (len == 0) {
            return 0;
        }
        try {
            return retry.call("read " + file.path() + " bytes " + offset + "-" + (offset + len - 1), () -> {
                int n = readOnce(file.path(), offset, target, off, len);
                counts.remote(n);
                StorageStats.REMOTE_GETS.incrementAndGet();
                StorageStats.REMOTE_BYTES.addAndGet(n);
                return n;
            });
        } catch (IOException e) {
            if (!(e instanceof NoSuchFileException) && stat(file.path()) == null) {
                throw new NoSuchFileException(file.path().toString(), null, "the object is gone");
            }
            throw e;
        }
    }

    private int readOnce(StoragePath file, long offset, byte[] target, int off, int len) throws IOException {
        try (FSDataInputStream in = fs.open(flink(file))) {
            int done = 0;
            if (in instanceof ByteBufferReadable positional) {
                while (done < len) {
                    int n = positional.read(offset + done, ByteBuffer.wrap(target, off + done, len - done));
                    if (n <= 0) {
                        break;
                    }
                    done += n;
                }
                return done;
            }
            in.seek(offset);
            return in.readNBytes(target, off, len);
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(file.toString(), null, "no such object");
        }
    }

    @Override
    public InputStream openRange(StoredFile file, long offset, long length, IoCounts counts) {
        return new ChunkedRangeStream(this, file, offset, length, counts, CHUNK);
    }

    @Override
    public InputStream open(StoredFile file, IoCounts counts) throws IOException {
        return openRange(file, 0, file.length(), counts);
    }

    @Override
    public void write(StoragePath file, Body body) throws IOException {
        // Staged locally first: a store's output stream publishes whatever it got when closed, so
        // a body that fails half-way must never reach it.
        Path staged = Files.createTempFile("rewind-upload", ".partial");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(staged), 64 * 1024)) {
                body.writeTo(out);
            }
            retry.call("write " + file, () -> {
                try (FSDataOutputStream out = fs.create(flink(file), FileSystem.WriteMode.OVERWRITE)) {
                    Files.copy(staged, out);
                }
                return null;
            });
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public void upload(StoragePath file, Source source) throws IOException {
        retry.call("upload " + file, () -> {
            try (InputStream in = source.open();
                 FSDataOutputStream out = fs.create(flink(file), FileSystem.WriteMode.OVERWRITE)) {
                in.transferTo(out);
            }
            return null;
        });
    }

    @Override
    public boolean delete(StoragePath file) throws IOException {
        return retry.call("delete " + file, () -> fs.delete(flink(file), false));
    }

    /**
     * Whether sidecars may be written into {@code folder}: found out once per folder by writing and
     * deleting an empty marker (an object store's permissions are not known before a write).
     */
    @Override
    public boolean isWritable(StoragePath folder) {
        return writable.computeIfAbsent(folder, f -> {
            StoragePath probe = f.resolve(".rewind-write-probe-" + ProcessHandle.current().pid());
            try {
                try (FSDataOutputStream out = fs.create(flink(probe), FileSystem.WriteMode.OVERWRITE)) {
                    out.flush();
                }
                fs.delete(flink(probe), false);
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }

    @Override
    public String tier() {
        return "remote";
    }

    /** The bytes of a range, fetched {@code chunk} bytes per request as they are read. Not thread-safe. */
    private static final class ChunkedRangeStream extends InputStream {
        private final FlinkStorage storage;
        private final StoredFile file;
        private final IoCounts counts;
        private final byte[] buffer;
        private long next;
        private final long end;
        private int pos;
        private int lim;

        ChunkedRangeStream(FlinkStorage storage, StoredFile file, long offset, long length, IoCounts counts, int chunk) {
            this.storage = storage;
            this.file = file;
            this.counts = counts;
            this.next = offset;
            this.end = offset + length;
            this.buffer = new byte[(int) Math.max(1, Math.min(chunk, length))];
        }

        private boolean fill() throws IOException {
            if (pos < lim) {
                return true;
            }
            if (next >= end) {
                return false;
            }
            int want = (int) Math.min(buffer.length, end - next);
            int n = storage.readAt(file, next, buffer, 0, want, counts);
            if (n <= 0) {
                return false;
            }
            next += n;
            pos = 0;
            lim = n;
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? buffer[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
