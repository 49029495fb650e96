package dev.rewind.cli;

import dev.rewind.connectors.archive.ArchiveFiles;
import dev.rewind.connectors.archive.ArchiveSummary;
import dev.rewind.connectors.archive.SidecarIndex;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.Level;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rewind demo}: the whole system on embedded defaults. Today that is the archive layer: it
 * creates six months of sample archives once (under {@code --data}) and shows what the catalog
 * holds. The embedded Flink MiniCluster, Kafka broker and HTTP server join it as they are built
 * (DESIGN.md, Command line).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Rewind on embedded defaults with six months of sample archives.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "where the sample archives live (default ${DEFAULT-VALUE})")
    Path data = Path.of("data", "archives");

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(data.resolve("ground-truth.json"))) {
            SampleSpec spec = SampleSpec.defaults();
            System.out.printf("creating six months of sample archives in %s (once) ...%n", data);
            long days = spec.end().toEpochDay() - spec.start().toEpochDay() + 1;
            try (Progress progress = Progress.start("Sample archives", days, " days", 1)) {
                new SampleGenerator(spec).generate(data, progress::stepTo);
            }
        }
        GroundTruth truth = GroundTruth.read(data.resolve("ground-truth.json"));
        List<Path> archives = ArchiveScan.find(List.of(data));
        Map<Codec, Integer> codecs = new EnumMap<>(Codec.class);
        Map<Level, Long> levels = new EnumMap<>(Level.class);
        long raw = 0;
        long compressed = 0;
        long sidecars = 0;
        int frames = 0;
        for (Path archive : archives) {
            Path sidecar = ArchiveFiles.sidecarBeside(archive);
            SidecarIndex index = ArchiveFiles.readSidecar(archive, sidecar);
            ArchiveSummary s = index.summary();
            codecs.merge(s.codec(), 1, Integer::sum);
            s.levels().asMap().forEach((level, n) -> levels.merge(level, n, Long::sum));
            raw += s.rawBytes();
            compressed += s.compressedBytes();
            sidecars += Files.size(sidecar);
            frames += index.frames().size();
        }
        System.out.printf("%d archives (%s), %d frames, %,d MB raw in %,d MB (ratio %.1f), sidecars %.2f%% of archives%n",
                archives.size(), codecs, frames, raw >> 20, compressed >> 20, (double) raw / Math.max(1, compressed),
                100.0 * sidecars / Math.max(1, compressed));
        System.out.printf("levels from the sidecars: %s%n", levels);
        System.out.printf("incident days: %s%n", truth.incidents().stream().map(i -> i.day().toString()).toList());
        System.out.printf("try: ./rewind inspect --json %s%n", archives.isEmpty() ? data : archives.get(0));
        return 0;
    }
}
