package dev.rewind.bench.query;

import dev.rewind.connectors.record.Level;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.DayTruth;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.Incident;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The data every tool of the query benchmark reads: {@code rewind sample} archives, all zstd, one
 * per day under {@code dt=YYYY-MM-DD/}, each with its sidecar, and the generator's ground truth.
 * Deterministic (a fixed seed), so generated once per setting and reused; the directory name
 * carries every setting, and {@code ground-truth.json}, written last, marks it complete.
 *
 * @param archives the day archives in day order (no sidecars)
 * @param archiveBytes their total size on disk, compressed: what "% of the archive" is a share of
 */
public record SampleArchives(Path dir, SampleSpec spec, GroundTruth truth, List<Path> archives, long archiveBytes) {
    public static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final String EXTENSION = ".zst";

    public static SampleArchives prepare(Path workDir, int months, int linesPerDay, long seed, PrintStream log)
            throws IOException {
        SampleSpec spec = new SampleSpec(START, months, linesPerDay, seed, CodecMode.ZSTD);
        Path dir = workDir.resolve("sample-%dm-%dlpd-seed%d-zstd".formatted(months, linesPerDay, seed));
        Path truthFile = dir.resolve(SampleGenerator.GROUND_TRUTH_FILE);
        if (!Files.exists(truthFile)) {
            log.printf("Generating %d months x %,d lines a day of zstd sample archives in %s%n", months, linesPerDay, dir);
            Files.createDirectories(dir);
            long t0 = System.nanoTime();
            new SampleGenerator(spec).generate(dir, days -> {
                if (days % 30 == 0) {
                    log.printf("  %d of %d days%n", days, spec.days());
                }
            });
            log.printf("Generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        GroundTruth truth = GroundTruth.read(truthFile);
        List<Path> archives;
        try (Stream<Path> files = Files.walk(dir)) {
            archives = files.filter(f -> f.getFileName().toString().endsWith(EXTENSION)).sorted().toList();
        }
        if (archives.size() != spec.days()) {
            throw new IOException(dir + " holds " + archives.size() + " zstd archives, expected one per day ("
                    + spec.days() + "); delete the directory to generate it again");
        }
        long bytes = archives.stream().mapToLong(SampleArchives::size).sum();
        return new SampleArchives(dir, spec, truth, archives, bytes);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LocalDate first() {
        return spec.start();
    }

    LocalDate last() {
        return spec.end();
    }

    public long lines() {
        return truth.days().stream().mapToLong(DayTruth::lines).sum();
    }

    long count(Level level) {
        return truth.totalLevels().getOrDefault(level, 0L);
    }

    DayTruth day(LocalDate day) {
        return truth.days().stream().filter(d -> d.day().equals(day)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(day + " is not in the sample (" + first() + " to " + last() + ")"));
    }

    /** The archive of one day. */
    Path archive(LocalDate day) {
        return SampleGenerator.archivePath(dir, day, dev.rewind.connectors.codec.Codec.ZSTD);
    }

    /**
     * An ordinary day for the one-day query: the first weekday from the middle of the range on that
     * has no incident, so its ERROR lines are a normal day's (a storm day has ten times as many).
     */
    LocalDate ordinaryDay() {
        Set<LocalDate> incidents = truth.incidents().stream().map(Incident::day).collect(Collectors.toSet());
        for (LocalDate d = first().plusDays(spec.days() / 2); !d.isAfter(last()); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY && !incidents.contains(d)) {
                return d;
            }
        }
        return last();
    }
}
