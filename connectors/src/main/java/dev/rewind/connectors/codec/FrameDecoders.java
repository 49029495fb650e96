package dev.rewind.connectors.codec;

import java.io.InputStream;

/**
 * Streaming decoders for every codec. Each decodes any number of concatenated frames in bounded
 * memory (buffers of at most a few MiB, whatever the archive's size) and reports frame ends.
 */
public final class FrameDecoders {
    private FrameDecoders() {
    }

    /**
     * @param compressed  the archive's bytes from {@code baseOffset} on (at a frame boundary)
     * @param baseOffset  the file offset of the first byte of {@code compressed}, for boundaries
     *                    and error messages
     * @param source      the archive's name in error messages
     */
    public static InputStream open(Codec codec, InputStream compressed, long baseOffset, String source,
                                   FrameListener listener) {
        return switch (codec) {
            case GZIP -> new GzipFrameInputStream(compressed, baseOffset, source, listener);
            case ZSTD -> new ZstdFrameInputStream(compressed, baseOffset, source, listener);
            case LZ4 -> new Lz4FrameInputStream(new java.io.BufferedInputStream(compressed, 64 * 1024), baseOffset, source, listener);
            case PLAIN -> new PlainFrameInputStream(compressed, baseOffset, listener);
        };
    }
}
