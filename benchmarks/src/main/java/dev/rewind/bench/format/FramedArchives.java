package dev.rewind.bench.format;

import dev.rewind.connectors.archive.write.ArchiveWriter;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.codec.FrameListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two things the benchmark does with the connectors library: write a framed archive, decode one. */
final class FramedArchives {
    /** What a reader asks of the decoder per call; large enough that call overhead does not count. */
    static final int READ_BUFFER = 256 * 1024;

    private FramedArchives() {
    }

    /** Writes {@code raw} as a framed archive with its sidecar beside it. */
    static SidecarIndex write(Path raw, Path archive, Codec codec, int frameSize) throws IOException {
        try (ArchiveWriter writer = ArchiveWriter.builder().codec(codec).frameSize(frameSize).open(archive);
             InputStream in = Files.newInputStream(raw)) {
            writer.write(in);
            return writer.finish();
        }
    }

    /**
     * Decodes every frame of {@code archive} with our decoder and checks the byte count, so a
     * decoder that stopped early could not look fast.
     */
    static void decode(Path archive, Codec codec, long expectedRawBytes) throws IOException {
        byte[] buffer = new byte[READ_BUFFER];
        long total = 0;
        try (InputStream in = FrameDecoders.open(codec, Files.newInputStream(archive), 0, archive.toString(),
                FrameListener.NONE)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
        }
        if (total != expectedRawBytes) {
            throw new IllegalStateException(archive + ": decoded " + total + " bytes, expected " + expectedRawBytes);
        }
    }
}
