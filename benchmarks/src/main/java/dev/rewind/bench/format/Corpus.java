package dev.rewind.bench.format;

import dev.rewind.sample.CodecMode;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The raw NDJSON the format benchmark compresses: {@code days} consecutive days of sample logs in
 * one file, as a day's worth of shipped logs would sit uncompressed. Deterministic (a fixed seed),
 * so it is generated once per size and reused; the file name carries every setting.
 */
record Corpus(Path file, int days, int linesPerDay, long rawBytes) {
    static final LocalDate START = LocalDate.of(2024, 1, 1);

    static Corpus prepare(Path workDir, int days, int linesPerDay, long seed) throws IOException {
        Path file = workDir.resolve("corpus-%dd-%dlpd-seed%d.ndjson".formatted(days, linesPerDay, seed));
        if (!Files.exists(file)) {
            generate(file, days, linesPerDay, seed);
        }
        return new Corpus(file, days, linesPerDay, Files.size(file));
    }

    private static void generate(Path file, int days, int linesPerDay, long seed) throws IOException {
        // The spec's range covers every day written, so incident days fall inside the corpus too.
        int months = (int) ChronoUnit.MONTHS.between(START, START.plusDays(days)) + 1;
        SampleGenerator generator = new SampleGenerator(new SampleSpec(START, months, linesPerDay, seed, CodecMode.MIXED));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
            for (int i = 0; i < days; i++) {
                generator.writeDay(START.plusDays(i), out);
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
