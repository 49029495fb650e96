package dev.rewind.connectors.codec;

/**
 * Told by a decoder each time a compressed frame (gzip member, zstd frame, LZ4 frame) ends. Frame
 * boundaries are what make an archive splittable: the indexer records them, and readers seek to
 * them. Offsets are absolute: compressed bytes from the start of the file, raw bytes from the first
 * decoded byte of this stream.
 */
@FunctionalInterface
public interface FrameListener {
    FrameListener NONE = (compressedEnd, rawEnd) -> { };

    void frameEnded(long compressedEnd, long rawEnd);
}
