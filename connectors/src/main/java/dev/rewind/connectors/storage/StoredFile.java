package dev.rewind.connectors.storage;

/**
 * A file as a listing or a stat sees it: where, how long, and its version. The version is the
 * length and the modification time (a local file's mtime, an object's last-modified time): a
 * rewritten object gets a new time, so bytes cached under one version are never served for
 * another. Flink's {@code FileStatus} carries no ETag, so the time is what every store gives.
 *
 * @param modifiedMillis milliseconds since the epoch; 0 when the store does not say
 */
public record StoredFile(StoragePath path, long length, long modifiedMillis) {

    /** The version as text, for cache keys: length and time. */
    public String version() {
        return length + "@" + modifiedMillis;
    }
}
