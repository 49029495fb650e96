package dev.rewind.connectors.archive;

/**
 * What a sidecar remembers of its archive, to notice when the archive changed under it: the
 * length and hashes of its first and last 64 KiB (cheap to check at every open, unlike a hash of
 * the whole file; an in-place rewrite of the middle with the same length is the one change it
 * misses, and archives are written once).
 */
public record ArchiveIdentity(String fileName, long length, long headHash, long tailHash) {
}
