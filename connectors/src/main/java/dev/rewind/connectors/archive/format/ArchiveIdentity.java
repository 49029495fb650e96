package dev.rewind.connectors.archive.format;

/**
 * What a sidecar remembers of its archive, to notice when the archive changed under it. The
 * length and modification time are checked at every catalog refresh (a stat, no read); when either
 * differs, the content hash of the whole file (taken while indexing) says whether the bytes really
 * changed (a copy or a {@code touch} changes only the time) or the archive must be indexed again.
 * The hashes of the first and last 64 KiB are what version 1 and 2 sidecars had; they are still
 * checked where there is nothing better.
 *
 * @param modifiedMillis the archive's modification time when indexed; -1 when unknown (older sidecars)
 * @param contentHash    XXH64 of the whole compressed file; 0 when unknown (older sidecars)
 */
public record ArchiveIdentity(String fileName, long length, long headHash, long tailHash, long modifiedMillis,
                              long contentHash) {

    /** Whether the recorded time and content hash are known (version 3 sidecars and later). */
    public boolean complete() {
        return modifiedMillis >= 0 && contentHash != 0;
    }

    /** The same identity with the modification time a verified-unchanged archive has now. */
    public ArchiveIdentity modifiedAt(long millis) {
        return new ArchiveIdentity(fileName, length, headHash, tailHash, millis, contentHash);
    }
}
