package dev.rewind.connectors.archive;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.ArchiveSummary;
import dev.rewind.connectors.archive.format.FrameIndex;
import dev.rewind.connectors.archive.format.PathDates;
import dev.rewind.connectors.archive.format.Sidecar;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.format.TokenBloom;
import dev.rewind.connectors.archive.format.Tokens;
import dev.rewind.connectors.archive.index.ArchiveIndexer;
import dev.rewind.connectors.archive.read.ArchiveReader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.KnownFormats;
import dev.rewind.connectors.record.Level;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives other tools wrote: found, dated by their path, indexed once, sidecar where it may go. */
class ForeignArchiveTest {
    @TempDir
    Path dir;

    @Test
    void pathDatesInTheShapesBucketsUse() {
        assertEquals(LocalDate.of(2024, 1, 31), PathDates.of(Path.of("logs/dt=2024-01-31/part-0.json.gz")));
        assertEquals(LocalDate.of(2024, 1, 31), PathDates.of(Path.of("bucket/2024/01/31/app.zst")));
        assertEquals(LocalDate.of(2024, 1, 31), PathDates.of(Path.of("/var/log/app-2024-01-31.log.gz")));
        assertEquals(LocalDate.of(2024, 1, 31), PathDates.of(Path.of("/var/log/app.log-20240131.gz")));
        assertNull(PathDates.of(Path.of("/var/log/app.log.1.gz")));
        assertNull(PathDates.of(Path.of("/data/2024-13-45/app.gz")), "not a date");
    }

    @Test
    void plainTextIsCutIntoVirtualFramesAndSidecarGoesToTheIndexDir() throws Exception {
        Path source = Path.of(System.getProperty("rewind.shared", "../../shared"), "loghub", "Hadoop", "Hadoop_2k.log");
        Path archive = dir.resolve("store").resolve("2015").resolve("10").resolve("18").resolve("hadoop.log");
        Files.createDirectories(archive.getParent());
        // 16 copies: ~6 MB of plain text, several virtual frames of 1 MiB.
        try (var out = Files.newOutputStream(archive)) {
            for (int i = 0; i < 16; i++) {
                Files.copy(source, out);
                out.write('\n'); // the Loghub file has no final newline
            }
        }
        Path indexDir = dir.resolve("index");
        ArchiveIndexer indexer = ArchiveIndexer.create(null, indexDir);
        SidecarIndex index = indexer.index(archive, n -> { });
        assertTrue(Files.exists(indexer.sidecarPath(archive)));
        assertTrue(indexer.sidecarPath(archive).startsWith(indexDir));
        assertFalse(Files.exists(ArchiveFiles.sidecarBeside(archive)), "the archive store is left alone");
        assertEquals(KnownFormats.byName("hadoop"), index.summary().format(), "format detected from the lines");
        assertEquals(Codec.PLAIN, index.summary().codec());
        assertEquals(LocalDate.of(2015, 10, 18), index.summary().pathDate());
        assertEquals(32000, index.summary().lines());
        assertEquals(0, index.summary().unparsed());
        assertTrue(index.frames().size() >= 5, "virtual frames: " + index.frames().size());
        // Each virtual frame starts on a line and reads alone.
        FrameIndex third = index.frames().get(2);
        try (InputStream in = ArchiveReader.openFrames(archive, index, 2, 3)) {
            byte[] bytes = in.readAllBytes();
            assertEquals(third.rawLength(), bytes.length);
            assertTrue(new String(bytes, 0, 10).matches("\\d{4}-\\d{2}-\\d{2}.*"), new String(bytes, 0, 40));
        }
        assertTrue(index.summary().levels().get(Level.WARN) > 0);
    }

    @Test
    void singleFrameJsonExportIsOneSplitWithItsSummary() throws Exception {
        byte[] raw = Fixtures.ndjson(5000, Instant.parse("2024-01-31T00:00:00Z"), 4);
        Path plain = Files.write(dir.resolve("export.json"), raw);
        Path gz = dir.resolve("dt=2024-01-31").resolve("export.json.gz");
        Files.createDirectories(gz.getParent());
        Files.write(gz, Fixtures.run(List.of("gzip", "-c"), plain));
        SidecarIndex index = ArchiveIndexer.create(null, null).index(gz, n -> { });
        assertEquals(1, index.frames().size());
        assertEquals(Files.size(gz), index.frames().get(0).length());
        assertEquals(5000, index.summary().lines());
        assertEquals(Instant.parse("2024-01-31T00:00:00Z"), index.summary().minTimestamp());
        try (InputStream in = ArchiveReader.openFrames(gz, index, 0, 1)) {
            assertArrayEquals(raw, in.readAllBytes());
        }
    }

    /**
     * The lean pass (no token bloom filters) over a foreign file gives the summary, hours and error
     * types the framed writer computes line by line for the same bytes, though it finds line ends
     * while reading lines; the full pass then adds the bloom filters and changes nothing else.
     */
    @Test
    void leanPassAgreesWithTheWriterAndTheFullPassAddsTokens() throws Exception {
        StringBuilder odd = new StringBuilder();
        odd.append("{\"timestamp\":\"2024-01-31T05:00:00Z\",\"level\":\"ERROR\",\"service\":\"auth\",\"message\":\"crlf line 7\"}\r\n");
        odd.append("\n   \n");
        odd.append("not json at all, ERROR 42\n");
        odd.append("{\"level\":\"WARN\",\"message\":\"no time: inherits the line before's\"}\n");
        odd.append("{\"timestamp\":\"2024-01-31T05:00:01Z\",\"level\":\"FATAL\",\"service\":\"caf\u00e9\",\"message\":\"disk /dev/sd1 \\\"full\\\"\"}\n");
        odd.append("{\"timestamp\":\"2024-01-31T05:00:02Z\",\"level\":\"ERROR\",\"message\":\"").append("x".repeat(300_000))
                .append(" 1\"}\n"); // longer than the reader's first buffer
        odd.append("{\"timestamp\":\"2024-01-31T05:00:03Z\",\"level\":\"ERROR\",\"message\":\"cut");
        byte[] regular = Fixtures.ndjson(20_000, Instant.parse("2024-01-31T00:00:00Z"), 9);
        byte[] tail = odd.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] raw = new byte[regular.length * 2 + tail.length];
        System.arraycopy(regular, 0, raw, 0, regular.length);
        System.arraycopy(tail, 0, raw, regular.length, tail.length);
        System.arraycopy(regular, 0, raw, regular.length + tail.length, regular.length);

        Path framed = Fixtures.write(dir, "framed.ndjson.zst", raw, Codec.ZSTD, 64 * 1024);
        Sidecar written = ArchiveFiles.readAll(framed, ArchiveFiles.sidecarBeside(framed));
        Path plain = Files.write(dir.resolve("app.ndjson"), raw);
        Path foreign = dir.resolve("dt=2024-01-31").resolve("app.ndjson.zst");
        Files.createDirectories(foreign.getParent());
        Files.write(foreign, Fixtures.run(List.of("zstd", "-3", "-c", "-q"), plain));

        ArchiveIndexer lean = ArchiveIndexer.create(null, dir.resolve("index")).withoutTokens();
        SidecarIndex leanIndex = lean.index(foreign, n -> { });
        assertFalse(leanIndex.summary().tokensIndexed());
        Sidecar readBack = ArchiveFiles.readAll(foreign, lean.sidecarPath(foreign));
        assertEquals(leanIndex, readBack.index());
        assertFalse(readBack.index().summary().tokensIndexed(), "the flag survives the file");
        assertTrue(readBack.details().blooms().stream().noneMatch(TokenBloom::isPresent));

        ArchiveSummary w = written.index().summary();
        ArchiveSummary l = leanIndex.summary();
        assertEquals(List.of(w.lines(), w.unparsed(), w.levels().asMap(), w.minTimestamp(), w.maxTimestamp(), w.services()),
                List.of(l.lines(), l.unparsed(), l.levels().asMap(), l.minTimestamp(), l.maxTimestamp(), l.services()));
        assertEquals(40_005, l.lines(), "every non-blank line, the cut last one included");
        assertEquals(2, l.unparsed(), "the plain-text line and the cut one");
        assertEquals(written.details().hours(), readBack.details().hours());
        assertEquals(written.details().templates(), readBack.details().templates());

        ArchiveIndexer fullIndexer = ArchiveIndexer.create(null, dir.resolve("index"));
        SidecarIndex fullIndex = fullIndexer.index(foreign, n -> { });
        assertTrue(fullIndex.summary().tokensIndexed());
        Sidecar full = ArchiveFiles.readAll(foreign, fullIndexer.sidecarPath(foreign));
        assertTrue(full.details().blooms().stream().allMatch(TokenBloom::isPresent));
        assertTrue(full.details().bloom(0).mightContainAll(Tokens.hashesOf("tok19999")));
        assertFalse(full.details().bloom(0).mightContainAll(Tokens.hashesOf("tok77777")));
        assertEquals(readBack.details().hours(), full.details().hours());
        assertEquals(readBack.details().templates(), full.details().templates());
    }
}
