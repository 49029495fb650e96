package dev.rewind.bench.format;

import dev.rewind.bench.harness.ExternalCommand;
import dev.rewind.connectors.codec.Codec;
import java.nio.file.Path;

/**
 * The command-line tool of a codec, used two ways: to make the single-frame reference file a user
 * has today ({@code gzip -c}, {@code zstd -c -3}, {@code lz4 -c}, each at its default level, the
 * levels {@code FrameEncoder} uses too), and as the decoder ours is measured against.
 */
record CliTool(String program, String versionFlag, String level) {

    static CliTool of(Codec codec) {
        return switch (codec) {
            case GZIP -> new CliTool("gzip", "--version", "-6");
            case ZSTD -> new CliTool("zstd", "-V", "-3");
            case LZ4 -> new CliTool("lz4", "-V", "-1");
            case PLAIN -> throw new IllegalArgumentException("plain text has no compression tool to compare with");
        };
    }

    /** {@code tool -c -LEVEL raw}: the single-frame file, on standard output. */
    ExternalCommand compress(Path raw) {
        return ExternalCommand.of(program, "-c", "-q", level, raw.toString());
    }

    /** {@code tool -dc archive}: every frame decoded, on standard output. */
    ExternalCommand decompress(Path archive) {
        return ExternalCommand.of(program, "-dc", "-q", archive.toString());
    }

    String version() {
        return ExternalCommand.version(program, versionFlag);
    }
}
