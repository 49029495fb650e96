package dev.rewind.job.archiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.read.ArchiveReader;
import dev.rewind.connectors.archive.format.HourAggregate;
import dev.rewind.connectors.archive.format.Sidecar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a target directory holds, read the way a user's tools would: every committed archive
 * decoded whole, each line's id, and each sidecar checked against its archive.
 */
record ArchivedLines(Map<String, Integer> idCounts, List<Path> archives, long sidecarLines, long hourlyLines) {
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    static ArchivedLines read(Path target) throws IOException {
        return read(target, true);
    }

    /**
     * @param localTimes whether the archives are local files, which the archiver gives the time
     *                   their sidecars recorded (an object store sets its own)
     */
    static ArchivedLines read(Path target, boolean localTimes) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        List<Path> archives = new ArrayList<>();
        long sidecarLines = 0;
        long hourly = 0;
        try (Stream<Path> files = Files.walk(target)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.endsWith(ArchiveLayout.ARCHIVE_SUFFIX) || name.startsWith(".")
                        || p.toString().contains("/" + ArchiveLayout.STATE_DIR + "/")) {
                    continue;
                }
                archives.add(p);
                Path sidecarPath = ArchiveFiles.sidecarBeside(p);
                assertTrue(Files.exists(sidecarPath), "every committed archive has its sidecar: " + p);
                // the sidecar describes the archive as it is, time included (no content check needed)
                Sidecar sidecar = ArchiveFiles.readAll(p, sidecarPath);
                if (localTimes) {
                    assertEquals(Files.getLastModifiedTime(p).toMillis(), sidecar.index().identity().modifiedMillis(),
                            "the committed archive has the modification time its sidecar recorded: " + p);
                }
                long inArchive = 0;
                try (InputStream in = ArchiveReader.openFrames(p, sidecar.index(), 0, sidecar.index().frames().size())) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        if (line.isEmpty()) {
                            continue;
                        }
                        inArchive++;
                        Matcher m = ID.matcher(line);
                        assertTrue(m.find(), "a line without an id: " + line);
                        ids.merge(m.group(1), 1, Integer::sum);
                    }
                }
                assertEquals(inArchive, sidecar.index().summary().lines(), "sidecar line count of " + p);
                sidecarLines += sidecar.index().summary().lines();
                for (HourAggregate hour : sidecar.details().hours()) {
                    hourly += hour.counts().stream().mapToLong(HourAggregate.LevelServiceCount::count).sum();
                }
            }
        }
        return new ArchivedLines(ids, archives, sidecarLines, hourly);
    }

    /** Each of {@code expected} ids exactly once, nothing else; the sidecars count what the archives hold. */
    void assertExactlyOnce(List<String> expected) {
        List<String> missing = expected.stream().filter(id -> !idCounts.containsKey(id)).toList();
        List<String> repeated = idCounts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).toList();
        assertTrue(missing.isEmpty(), missing.size() + " lines lost, e.g. " + missing.stream().limit(5).toList());
        assertTrue(repeated.isEmpty(), repeated.size() + " lines repeated, e.g. " + repeated.stream().limit(5).toList());
        assertEquals(expected.size(), idCounts.size(), "no line that was not produced");
        assertEquals(expected.size(), sidecarLines, "sidecar counts add up to the lines produced");
        assertEquals(expected.size(), hourlyLines, "the hourly pre-aggregates add up to the lines produced");
        assertFalse(archives.isEmpty());
    }
}
