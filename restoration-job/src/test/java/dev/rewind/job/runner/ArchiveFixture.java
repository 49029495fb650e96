package dev.rewind.job.runner;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.write.ArchiveWriter;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.codec.Codec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Day archives in all three codecs (zstd, gzip, lz4 by day), small frames, made with a fixed seed;
 * remembers every line it wrote so tests can compute expected answers.
 */
final class ArchiveFixture {
    static final LocalDate FIRST_DAY = LocalDate.of(2024, 3, 1);
    static final String NEEDLE = "needle7f3a";
    private static final String[] LEVELS = {"DEBUG", "INFO", "INFO", "INFO", "INFO", "WARN", "ERROR"};
    private static final String[] SERVICES = {"auth", "payments", "orders"};
    private static final Codec[] CODECS = {Codec.ZSTD, Codec.GZIP, Codec.LZ4};

    record Line(Instant ts, String level, String service, String message, String json, String archive) {
    }

    final List<Line> lines = new ArrayList<>();
    final List<IndexedArchive> archives = new ArrayList<>();

    ArchiveFixture(Path dir, int days, int linesPerDay) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        for (int d = 0; d < days; d++) {
            LocalDate day = FIRST_DAY.plusDays(d);
            Codec codec = CODECS[d % 3];
            Path archive = dir.resolve("dt=" + day).resolve("app." + codec.extension());
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            long step = 86_400_000L / linesPerDay;
            try (ArchiveWriter writer = ArchiveWriter.builder().codec(codec).frameSize(16 * 1024).open(archive)) {
                for (int i = 0; i < linesPerDay; i++) {
                    Instant ts = start.plusMillis(i * step);
                    String level = LEVELS[random.nextInt(LEVELS.length)];
                    String service = SERVICES[random.nextInt(SERVICES.length)];
                    String message = (level.equals("ERROR") ? "payment failed for order " : "handled request ")
                            + "o" + random.nextInt(1_000_000) + " in " + random.nextInt(500) + " ms"
                            + (d == 4 && i % 600 == 7 ? " " + NEEDLE : "");
                    String json = "{\"timestamp\":\"" + ts + "\",\"level\":\"" + level + "\",\"service\":\"" + service
                            + "\",\"host\":\"" + service + "-1\",\"message\":\"" + message + "\"}";
                    byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
                    writer.writeLine(bytes, 0, bytes.length);
                    lines.add(new Line(ts, level, service, message, json, archive.toString()));
                }
            }
            archives.add(new IndexedArchive(archive, ArchiveFiles.sidecarBeside(archive), ArchiveFiles.readSidecar(archive, ArchiveFiles.sidecarBeside(archive))));
        }
    }

    Instant first() {
        return lines.get(0).ts();
    }

    Instant last() {
        return lines.get(lines.size() - 1).ts();
    }
}
