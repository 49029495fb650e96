package dev.rewind.connectors.archive.format;

/**
 * How Rewind cuts what it writes and indexes into frames, and how precise the token filters of each
 * frame are: shared by the archive writer and the indexer, so an archive Rewind wrote and one it
 * indexed have frames of one size.
 */
public final class Framing {
    private Framing() {
    }

    /**
     * 1 MiB: the frame size the format benchmark chose (docs/benchmarks/format.md). It is the
     * smallest size that costs no compression ratio against a single-frame file in any codec (zstd
     * even gains ~1%: its level-3 window is 2 MiB anyway), while a day of sample logs still splits
     * into ~11 frames to skip between. Larger frames only trim the sidecar a little.
     */
    public static final int DEFAULT_FRAME_SIZE = 1 << 20;
    /**
     * 5% false positives: ~6.2 bits per distinct token instead of 9.6 at 1%. Unique ids (trace ids)
     * are most of a frame's tokens, so this is what keeps sidecars near 3% of the archive; a rare
     * token search then decodes ~5% of the frames it cannot rule out by time or level (measured:
     * 3% gave sidecars of 3.5% of the archive, docs/benchmarks/format.md).
     */
    public static final double DEFAULT_BLOOM_FPP = 0.05;
}
