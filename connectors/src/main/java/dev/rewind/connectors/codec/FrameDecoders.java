package dev.rewind.connectors.codec;

import java.io.InputStream;

/**
 * Streaming decoders for every codec. Each decodes any number of concatenated frames in bounded
 * memory (buffers of at most a few MiB, whatever the archive's size), reports frame ends, and
 * meets damage as its {@link DamagePolicy} says: every byte decoded before it is handed out, and
 * it is placed at the compressed offset where it is.
 */
public final class FrameDecoders {
    private FrameDecoders() {
    }

    /** A strict decoder: the first damage throws a {@link CorruptArchiveException}. */
    public static InputStream open(Codec codec, InputStream compressed, long baseOffset, String source,
                                   FrameListener listener) {
        return open(codec, compressed, baseOffset, source, listener, DamagePolicy.STRICT);
    }

    /**
     * @param compressed  the archive's bytes from {@code baseOffset} on (at a frame boundary)
     * @param baseOffset  the file offset of the first byte of {@code compressed}, for boundaries
     *                    and error messages
     * @param source      the archive's name in error messages
     * @param policy      throw at damage, or go on at the next frame and tell a listener
     */
    public static InputStream open(Codec codec, InputStream compressed, long baseOffset, String source,
                                   FrameListener listener, DamagePolicy policy) {
        return switch (codec) {
            case GZIP -> new GzipFrameInputStream(compressed, baseOffset, source, listener, policy);
            case ZSTD -> new ZstdFrameInputStream(compressed, baseOffset, source, listener, policy);
            case LZ4 -> new Lz4FrameInputStream(compressed, baseOffset, source, listener, policy);
            case PLAIN -> new PlainFrameInputStream(compressed, baseOffset, listener);
        };
    }
}
