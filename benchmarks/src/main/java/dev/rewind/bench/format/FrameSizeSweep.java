package dev.rewind.bench.format;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.codec.Codec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the corpus once per codec and frame size and compares sizes with the single-frame file:
 * the trade the frame size makes (smaller frames skip more precisely and split finer; larger ones
 * compress better and need fewer index entries). Sizes only, so one write each is enough.
 */
final class FrameSizeSweep {
    private final Corpus corpus;
    private final Path workDir;
    private final PrintStream log;

    FrameSizeSweep(Corpus corpus, Path workDir, PrintStream log) {
        this.corpus = corpus;
        this.workDir = workDir;
        this.log = log;
    }

    List<FrameSizeResult> run(List<Integer> frameSizes, Map<Codec, Long> singleFrameBytes) throws IOException {
        List<FrameSizeResult> results = new ArrayList<>();
        for (int frameSize : frameSizes) {
            for (Map.Entry<Codec, Long> single : singleFrameBytes.entrySet()) {
                Codec codec = single.getKey();
                log.printf("  %s at %s frames%n", codec.name().toLowerCase(java.util.Locale.ROOT),
                        ByteSizes.format(frameSize));
                Path archive = workDir.resolve("frame-size").resolve(
                        corpus.file().getFileName() + "." + frameSize + "." + codec.extension());
                SidecarIndex sidecar = FramedArchives.write(corpus.file(), archive, codec, frameSize);
                Path sidecarFile = ArchiveFiles.sidecarBeside(archive);
                results.add(new FrameSizeResult(frameSize, codec, corpus.rawBytes(), single.getValue(),
                        Files.size(archive), Files.size(sidecarFile), sidecar.summary().frameCount(), corpus.days()));
                Files.delete(archive); // only the sizes matter; keep the work directory small
                Files.delete(sidecarFile);
            }
        }
        return results;
    }
}
