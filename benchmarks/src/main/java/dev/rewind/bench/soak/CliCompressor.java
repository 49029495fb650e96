package dev.rewind.bench.soak;

import dev.rewind.bench.harness.ExternalCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;

/**
 * The command-line tools that write the soak's foreign archives, each at its own default settings
 * (gzip -6, zstd -3, lz4 -1 with 4 MiB blocks and a content checksum): one single-frame file, as a
 * user's {@code tool -c < part > part.ext} writes it. Files take the tools in turn.
 */
enum CliCompressor {
    GZIP("gzip", "--version", ".gz"),
    ZSTD("zstd", "-V", ".zst"),
    LZ4("lz4", "-V", ".lz4");

    private final String program;
    private final String versionFlag;
    private final String extension;

    CliCompressor(String program, String versionFlag, String extension) {
        this.program = program;
        this.versionFlag = versionFlag;
        this.extension = extension;
    }

    /** The tool of the {@code index}-th file written: gzip, zstd, lz4, gzip, … */
    static CliCompressor inTurn(int index) {
        return values()[Math.floorMod(index, 3)];
    }

    String program() {
        return program;
    }

    String extension() {
        return extension;
    }

    String version() {
        return ExternalCommand.version(program, versionFlag);
    }

    /** {@code program -q -c < raw > target}; fails naming the tool and the target. */
    void compress(byte[] raw, int length, Path target) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(program, "-q", "-c").redirectOutput(target.toFile())
                .redirectError(Redirect.INHERIT).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(raw, 0, length); // stdout goes to a file, not a pipe: writing all first cannot deadlock
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(program + " -q -c > " + target + " exited with status " + exit);
        }
    }
}
