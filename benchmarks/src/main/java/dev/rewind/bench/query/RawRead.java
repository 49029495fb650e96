package dev.rewind.bench.query;

import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.Storage;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StoredFile;
import dev.rewind.connectors.storage.Storages;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Every archive under a root read front to back through its storage, nothing decoded: what the
 * storage tier alone costs a scan, local files against the SSD tier's regions, apart from the
 * query job around it. Archives only (no sidecars), in name order, on the calling thread.
 */
final class RawRead {
    private final Storage storage;
    private final List<StoredFile> archives;
    private final byte[] buffer = new byte[64 * 1024];

    private RawRead(Storage storage, List<StoredFile> archives) {
        this.storage = storage;
        this.archives = List.copyOf(archives);
    }

    /** The archives (files ending in {@code .zst}) under {@code root}, as its storage lists them. */
    static RawRead of(StoragePath root) throws IOException {
        Storage storage = Storages.of(root);
        List<StoredFile> found = new ArrayList<>();
        storage.list(root, Storage.Descend.ALL, f -> {
            if (f.path().location().endsWith(".zst")) {
                found.add(f);
            }
        });
        found.sort(java.util.Comparator.comparing(StoredFile::path));
        return new RawRead(storage, found);
    }

    long bytes() {
        return archives.stream().mapToLong(StoredFile::length).sum();
    }

    int files() {
        return archives.size();
    }

    /** Reads everything once; @return what it cost in remote requests and bytes, and bytes from the SSD tier */
    IoCounts readAll() throws IOException {
        IoCounts counts = new IoCounts();
        long total = 0;
        for (StoredFile f : archives) {
            try (InputStream in = storage.openRange(f, 0, f.length(), counts)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                }
            }
        }
        if (total != bytes()) {
            throw new IOException("read " + total + " bytes of archives that list " + bytes());
        }
        return counts;
    }
}
