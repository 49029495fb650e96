package dev.rewind.cli;

import dev.rewind.connectors.archive.write.ArchiveWriter;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.FrameDecoders;
import dev.rewind.connectors.codec.FrameListener;
import dev.rewind.connectors.record.LineFormat;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind archive}: raw logs (plain or compressed) to framed archives with sidecar indexes. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Write log files as framed archives (gzip, zstd or lz4) with sidecar indexes.")
final class ArchiveCommand implements Callable<Integer> {
    /** Accepted as by every command; this one writes local files only. */
    @picocli.CommandLine.Mixin
    FlinkConfOptions flink = new FlinkConfOptions();

    @Option(names = "--codec", required = true, paramLabel = "CODEC", description = "gzip, zstd or lz4")
    String codec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for the archives")
    Path out;

    @Option(names = "--frame-size", paramLabel = "BYTES", description = "raw bytes per frame (default ${DEFAULT-VALUE})")
    int frameSize = ArchiveWriter.DEFAULT_FRAME_SIZE;

    @Mixin
    FormatOptions format;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "log files; compressed input is decoded first")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        Codec target = Codec.parse(codec);
        LineFormat lineFormat = format.resolve(LineFormat.ndjson());
        long total = 0;
        for (Path input : inputs) {
            if (!Files.isRegularFile(input)) {
                throw new IllegalArgumentException("input " + input + " is not a file");
            }
            total += Files.size(input);
        }
        Files.createDirectories(out);
        try (Progress progress = Progress.start("Archiving", total, " MiB", 1 << 20)) {
            long done = 0;
            for (Path input : inputs) {
                Path archive = out.resolve(baseName(input) + (target.extension().isEmpty() ? "" : "." + target.extension()));
                long before = done;
                Codec inputCodec = Codec.detect(input);
                SidecarIndex index;
                try (InputStream file = new Counting(Files.newInputStream(input), n -> progress.stepTo(before + n));
                     InputStream raw = FrameDecoders.open(inputCodec, file, 0, input.toString(), FrameListener.NONE);
                     ArchiveWriter writer = ArchiveWriter.builder().codec(target).format(lineFormat)
                             .frameSize(frameSize).open(archive)) {
                    writer.write(raw);
                    index = writer.finish();
                }
                done += Files.size(input);
                progress.stepTo(done);
                System.out.printf("%s: %,d lines, %d frames, %,d -> %,d bytes (ratio %.1f), sidecar %s%n", archive,
                        index.summary().lines(), index.frames().size(), index.summary().rawBytes(),
                        index.summary().compressedBytes(), index.summary().ratio(),
                        archive.resolveSibling(archive.getFileName() + ".idx").getFileName());
            }
        }
        return 0;
    }

    /** The input's name without a compression extension: {@code app.log.gz} becomes {@code app.log}. */
    static String baseName(Path input) {
        String name = input.getFileName().toString();
        for (String ext : new String[] {".gz", ".zst", ".lz4"}) {
            if (name.endsWith(ext)) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }

    /** Reports compressed bytes read so far. */
    private static final class Counting extends FilterInputStream {
        private final java.util.function.LongConsumer sink;
        private long count;

        Counting(InputStream in, java.util.function.LongConsumer sink) {
            super(in);
            this.sink = sink;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                sink.accept(count);
            }
            return n;
        }
    }
}
