package dev.rewind.cli;

import dev.rewind.sample.CodecMode;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewind sample}: months of realistic sample archives in all three codecs, with their ground truth. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Write realistic sample archives (several services, a daily curve, incident days).")
final class SampleCommand implements Callable<Integer> {
    /** Accepted as by every command; this one writes local files only. */
    @picocli.CommandLine.Mixin
    FlinkConfOptions flink = new FlinkConfOptions();

    @Option(names = "--months", required = true, paramLabel = "N", description = "months of logs")
    int months;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--start", paramLabel = "DATE", description = "first day (default ${DEFAULT-VALUE})")
    LocalDate start = LocalDate.of(2024, 1, 1);

    @Option(names = "--lines-per-day", paramLabel = "N", description = "lines per day (default ${DEFAULT-VALUE})")
    int linesPerDay = 50_000;

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--codec", paramLabel = "CODEC",
            description = "mixed (zstd, gzip, lz4 by day), gzip, zstd or lz4 (default ${DEFAULT-VALUE})")
    String codec = "mixed";

    @Override
    public Integer call() throws IOException {
        CodecMode mode;
        try {
            mode = CodecMode.valueOf(codec.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --codec '" + codec + "'; expected mixed, gzip, zstd or lz4");
        }
        SampleSpec spec = new SampleSpec(start, months, linesPerDay, seed, mode);
        long days = spec.end().toEpochDay() - spec.start().toEpochDay() + 1;
        GroundTruth truth;
        try (Progress progress = Progress.start("Generating", days, " days", 1)) {
            truth = new SampleGenerator(spec).generate(out, progress::stepTo);
        }
        long lines = truth.totalLevels().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("wrote %d days (%s .. %s), %,d lines, %d incident days to %s; ground truth in %s%n",
                truth.days().size(), spec.start(), spec.end(), lines, truth.incidents().size(), out,
                out.resolve("ground-truth.json"));
        return 0;
    }
}
