package dev.rewind.bench.format;

import dev.rewind.bench.harness.Harness;
import dev.rewind.bench.harness.Timing;
import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.index.ArchiveIndexer;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.codec.Codec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures one codec: makes the CLI tool's single-frame file and our framed archive of the same
 * corpus, then times both decoders over both files, indexing of the single-frame file, and writing
 * of the framed one. Files go under {@code workDir/<codec>/}.
 */
final class CodecBenchmark {
    private final Corpus corpus;
    private final Path workDir;
    private final Harness harness;
    private final int frameSize;
    private final PrintStream log;

    CodecBenchmark(Corpus corpus, Path workDir, Harness harness, int frameSize, PrintStream log) {
        this.corpus = corpus;
        this.workDir = workDir;
        this.harness = harness;
        this.frameSize = frameSize;
        this.log = log;
    }

    /** The CLI tool's single-frame file of the corpus, made once per corpus and codec. */
    Path singleFrameFile(Codec codec) throws IOException, InterruptedException {
        Path file = workDir.resolve("single").resolve(corpus.file().getFileName() + "." + codec.extension());
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            CliTool.of(codec).compress(corpus.file()).runInto(partial);
            Files.move(partial, file);
        }
        return file;
    }

    CodecResult run(Codec codec) throws Exception {
        CliTool tool = CliTool.of(codec);
        long raw = corpus.rawBytes();
        Path dir = workDir.resolve(codec.name().toLowerCase(java.util.Locale.ROOT));
        Path single = singleFrameFile(codec);
        Path framed = dir.resolve("framed").resolve(corpus.file().getFileName() + "." + codec.extension());
        Path indexDir = dir.resolve("foreign-index");

        step(codec, "framed write + index");
        Timing write = harness.measure(() -> FramedArchives.write(corpus.file(), framed, codec, frameSize));
        SidecarIndex sidecar = ArchiveFiles.readSidecar(framed, ArchiveFiles.sidecarBeside(framed));

        step(codec, "decode, ours");
        Timing ours = harness.measure(() -> FramedArchives.decode(framed, codec, raw));
        step(codec, "decode, " + tool.program());
        Timing cli = tool.decompress(framed).time(harness);
        step(codec, "decode single-frame, ours");
        Timing oursSingle = harness.measure(() -> FramedArchives.decode(single, codec, raw));
        step(codec, "decode single-frame, " + tool.program());
        Timing cliSingle = tool.decompress(single).time(harness);

        step(codec, "index single-frame file");
        ArchiveIndexer indexer = ArchiveIndexer.create(null, indexDir);
        Timing index = harness.measure(() -> indexer.index(single, bytes -> { }));

        return new CodecResult(codec, raw, Files.size(single), Files.size(framed),
                Files.size(ArchiveFiles.sidecarBeside(framed)), sidecar.summary().frameCount(),
                ours, cli, oursSingle, cliSingle, index, write);
    }

    private void step(Codec codec, String what) {
        log.printf("  %s: %s (1 warm-up + %d runs)%n", codec.name().toLowerCase(java.util.Locale.ROOT), what,
                harness.runs());
    }
}
