package dev.rewind.catalog;

import dev.rewind.connectors.storage.StoredFile;

/**
 * A file's length and modification time: what the catalog compares at each refresh to notice a
 * changed archive or sidecar without reading it.
 */
public record FileStat(long size, long modifiedMillis) {

    /** @return null for null (the file does not exist) */
    public static FileStat of(StoredFile file) {
        return file == null ? null : new FileStat(file.length(), file.modifiedMillis());
    }
}
