package dev.rewind.sample;

import dev.rewind.connectors.codec.Codec;

/**
 * Which codec the sample archives use. {@link #MIXED} rotates zstd, gzip and lz4 by day so that
 * every range of three or more days exercises all three decoders; the others use one codec for all.
 */
public enum CodecMode {
    MIXED, GZIP, ZSTD, LZ4;

    private static final Codec[] ROTATION = {Codec.ZSTD, Codec.GZIP, Codec.LZ4};

    /**
     * The codec of the archive of the day {@code dayIndex} days after the spec's start.
     *
     * @throws IllegalArgumentException when {@code dayIndex} is negative
     */
    public Codec codecFor(int dayIndex) {
        if (dayIndex < 0) {
            throw new IllegalArgumentException("dayIndex must be >= 0, was " + dayIndex);
        }
        return switch (this) {
            case MIXED -> ROTATION[dayIndex % ROTATION.length];
            case GZIP -> Codec.GZIP;
            case ZSTD -> Codec.ZSTD;
            case LZ4 -> Codec.LZ4;
        };
    }
}
