package dev.rewind.connectors.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * What archives need from where they are stored, and nothing more: list a folder (pruned by a
 * filter), the length and version of a file, a positional read of {@code [offset, offset + len)},
 * a sequential stream, and writing a small file (a sidecar) whole. {@link LocalStorage} serves
 * local paths; {@link FlinkStorage} any store Flink has a file system for ({@code s3://} through
 * its plugin); {@link CachedStorage} puts the local disk cache of remote bytes in front of a
 * remote one. {@link Storages#of} picks the one for a location. Implementations are thread-safe.
 *
 * <p>A missing file is a {@link java.nio.file.NoSuchFileException} naming it, whatever the store.
 * Errors never carry credentials ({@link Secrets}).
 */
public interface Storage {

    /** Which folders of a listing to go into (the path-date pruning of a query's range). */
    @FunctionalInterface
    interface Descend {
        Descend ALL = folder -> true;

        boolean into(StoragePath folder);
    }

    /**
     * Every file under {@code folder}, at any depth, going only into the subfolders {@code descend}
     * accepts.
     *
     * @throws java.nio.file.NoSuchFileException when {@code folder} does not exist
     */
    void list(StoragePath folder, Descend descend, Consumer<StoredFile> found) throws IOException;

    /** The file's length and version, or null when there is no such file. */
    StoredFile stat(StoragePath file) throws IOException;

    /**
     * Reads {@code len} bytes at {@code offset} of {@code file} into {@code target}: all of them,
     * or fewer only where the file ends.
     *
     * @param file its path and the version the caller knows (which keys cached bytes)
     * @return bytes read
     */
    int readAt(StoredFile file, long offset, byte[] target, int off, int len, IoCounts counts) throws IOException;

    /** The bytes {@code [offset, offset + length)} of {@code file}, streamed. */
    InputStream openRange(StoredFile file, long offset, long length, IoCounts counts) throws IOException;

    /** The whole file, front to back (an indexing pass, a sidecar). */
    default InputStream open(StoredFile file, IoCounts counts) throws IOException {
        return openRange(file, 0, file.length(), counts);
    }

    /**
     * Writes {@code file} whole: readers see the old file or the new one, never a part, and
     * nothing when {@code body} fails.
     */
    void write(StoragePath file, Body body) throws IOException;

    /** What {@link #write} writes. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a large file from {@code source}, streamed (an archive {@code rewind tier} moves): not
     * staged whole first as {@link #write} is. A copy that fails half-way may leave a partial file
     * (an object store publishes what it got when the stream closes), so a caller verifies the copy
     * (its length, and a checksum of its bytes read back) before relying on it.
     */
    default void upload(StoragePath file, Source source) throws IOException {
        write(file, out -> {
            try (InputStream in = source.open()) {
                in.transferTo(out);
            }
        });
    }

    /** Where {@link #upload} reads from; opened again when a failed request is tried again. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /** Deletes {@code file}; false when it was not there. */
    boolean delete(StoragePath file) throws IOException;

    /** Whether files may be written into {@code folder} (asked once per folder or store, not per file). */
    boolean isWritable(StoragePath folder);

    /**
     * This store without the SSD tier in front of it: for a small file rewritten in place (the
     * streaming archiver's manifest, twice a commit), whose version — length and a modification
     * time an object store keeps to the second — may not change between two writes, so cached bytes
     * could be another write's.
     */
    default Storage uncached() {
        return this;
    }

    /** {@code local} or {@code remote}: what {@code /api/archives} shows as an archive's tier. */
    String tier();
}
