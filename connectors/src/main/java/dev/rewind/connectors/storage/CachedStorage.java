package dev.rewind.connectors.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A remote store behind the SSD tier: listings, stats and writes go to the store; every read goes
 * through the {@link RegionCache}, so bytes read once are read from local disk after, across
 * queries and restarts. Thread-safe.
 */
public final class CachedStorage implements Storage {
    private final Storage remote;
    private final RegionCache cache;

    public CachedStorage(Storage remote, RegionCache cache) {
        this.remote = remote;
        this.cache = cache;
    }

    @Override
    public void list(StoragePath folder, Descend descend, Consumer<StoredFile> found) throws IOException {
        remote.list(folder, descend, found);
    }

    @Override
    public StoredFile stat(StoragePath file) throws IOException {
        return remote.stat(file);
    }

    @Override
    public int readAt(StoredFile file, long offset, byte[] target, int off, int len, IoCounts counts) throws IOException {
        try (InputStream in = openRange(file, offset, len, counts)) {
            return in.readNBytes(target, off, len);
        }
    }

    @Override
    public InputStream openRange(StoredFile file, long offset, long length, IoCounts counts) {
        return new RegionStream(cache, remote, file, offset, length, counts);
    }

    @Override
    public Storage uncached() {
        return remote;
    }

    @Override
    public void write(StoragePath file, Body body) throws IOException {
        remote.write(file, body);
    }

    @Override
    public void upload(StoragePath file, Source source) throws IOException {
        remote.upload(file, source);
    }

    @Override
    public boolean delete(StoragePath file) throws IOException {
        return remote.delete(file);
    }

    @Override
    public boolean isWritable(StoragePath folder) {
        return remote.isWritable(folder);
    }

    @Override
    public String tier() {
        return remote.tier();
    }
}
