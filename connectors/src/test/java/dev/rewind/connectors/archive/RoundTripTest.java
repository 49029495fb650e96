package dev.rewind.connectors.archive;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.FrameIndex;
import dev.rewind.connectors.archive.format.HourAggregate;
import dev.rewind.connectors.archive.format.Sidecar;
import dev.rewind.connectors.archive.format.SidecarDetails;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.format.TemplateInfo;
import dev.rewind.connectors.archive.format.Tokens;
import dev.rewind.connectors.archive.read.ArchiveReader;
import dev.rewind.connectors.archive.read.FrameRecordReader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What goes into an archive comes out byte for byte, whole or frame by frame, in every codec. */
class RoundTripTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    @ParameterizedTest
    @EnumSource(value = Codec.class)
    void emptyInputIsAnEmptyArchiveThatDecodes(Codec codec) throws IOException {
        Path archive = Fixtures.write(dir, "empty.log", new byte[0], codec, 4096);
        assertArrayEquals(new byte[0], Fixtures.decodeWhole(archive));
        SidecarIndex index = ArchiveFiles.readSidecar(archive, ArchiveFiles.sidecarBeside(archive));
        assertEquals(0, index.summary().lines());
        assertEquals(null, index.summary().minTimestamp());
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class)
    void awkwardBytesSurviveExactly(Codec codec) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes("{\"timestamp\":\"2024-03-01T10:00:00Z\",\"level\":\"INFO\",\"message\":\"crlf line\"}\r\n"
                .getBytes(StandardCharsets.UTF_8));
        raw.writeBytes("\n\n   \n".getBytes(StandardCharsets.UTF_8)); // empty and blank lines
        raw.writeBytes(new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, ' ', 'u', 't', 'f', '\n'});
        byte[] huge = new byte[(1 << 20) + 12345]; // a line longer than a frame
        Arrays.fill(huge, (byte) 'x');
        raw.writeBytes(huge);
        raw.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        raw.writeBytes(Fixtures.ndjson(300, T0, 7));
        raw.writeBytes("last line without newline".getBytes(StandardCharsets.UTF_8));
        byte[] input = raw.toByteArray();

        Path archive = Fixtures.write(dir, "awkward.log", input, codec, 16 * 1024);
        assertArrayEquals(input, Fixtures.decodeWhole(archive), "whole-file decode");

        SidecarIndex index = ArchiveFiles.readSidecar(archive, ArchiveFiles.sidecarBeside(archive));
        assertTrue(index.frames().size() > 2, "a 1 MiB line and 300 lines make several 16 KiB frames");
        // Frame by frame, by seeking: the concatenation of all frames is the input again.
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int f = 0; f < index.frames().size(); f++) {
            try (InputStream in = ArchiveReader.openFrames(archive, index, f, f + 1)) {
                byte[] bytes = in.readAllBytes();
                assertEquals(index.frames().get(f).rawLength(), bytes.length, "raw length of frame " + f);
                frames.writeBytes(bytes);
            }
        }
        assertArrayEquals(input, frames.toByteArray(), "frame-by-frame decode");
        // 3 lines that are not JSON (CRLF line is JSON; bad utf, huge, last) are UNKNOWN, never dropped.
        assertEquals(1 + 3 + 300, index.summary().lines(), "blank lines are not records, every other line is");
        assertEquals(3, index.summary().unparsed());
        assertEquals(3, index.summary().levels().get(Level.UNKNOWN));
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"GZIP", "ZSTD", "LZ4"})
    void randomAccessReadsOnlyTheRunAskedFor(Codec codec) throws IOException {
        byte[] input = Fixtures.ndjson(5000, T0, 11);
        Path archive = Fixtures.write(dir, "app.log", input, codec, 32 * 1024);
        SidecarIndex index = ArchiveFiles.readSidecar(archive, ArchiveFiles.sidecarBeside(archive));
        int n = index.frames().size();
        assertTrue(n >= 10, "expected many frames, got " + n);
        int from = n / 2;
        int to = from + 3;
        List<LogRecord> records = new ArrayList<>();
        List<Integer> frameOfRecord = new ArrayList<>();
        try (FrameRecordReader reader = ArchiveReader.records(archive, index, from, to)) {
            while (reader.nextLine()) {
                records.add(reader.record());
                frameOfRecord.add(reader.frame());
            }
        }
        long expected = index.frames().subList(from, to).stream().mapToLong(FrameIndex::lines).sum();
        assertEquals(expected, records.size());
        assertEquals(index.frames().get(from).minTimestamp(), records.get(0).timestamp());
        assertEquals(index.frames().get(to - 1).maxTimestamp(), records.get(records.size() - 1).timestamp());
        assertEquals(from, frameOfRecord.get(0));
        assertEquals(to - 1, frameOfRecord.get(frameOfRecord.size() - 1));
        // Frames are contiguous in time and cover the input in order.
        for (int f = 1; f < n; f++) {
            assertTrue(!index.frames().get(f).minTimestamp().isBefore(index.frames().get(f - 1).maxTimestamp()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"GZIP", "ZSTD", "LZ4"})
    void sidecarCountsWhatIsInTheArchive(Codec codec) throws IOException {
        byte[] input = Fixtures.ndjson(2000, T0, 3);
        Path archive = Fixtures.write(dir, "app.log", input, codec, 16 * 1024);
        Sidecar sidecar = ArchiveFiles.readAll(archive, ArchiveFiles.sidecarBeside(archive));
        SidecarIndex index = sidecar.index();
        SidecarDetails details = sidecar.details();
        String text = new String(input, StandardCharsets.UTF_8);
        for (Level level : List.of(Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
            long expected = text.split("\"level\":\"" + level + "\"", -1).length - 1;
            assertEquals(expected, index.summary().levels().get(level), level.name());
            long perFrame = index.frames().stream().mapToLong(f -> f.levels().get(level)).sum();
            assertEquals(expected, perFrame, level + " summed over frames");
            long perHour = details.hours().stream().flatMap(h -> h.counts().stream())
                    .filter(c -> c.level() == level).mapToLong(HourAggregate.LevelServiceCount::count).sum();
            assertEquals(expected, perHour, level + " summed over hours");
        }
        assertEquals(T0, index.summary().minTimestamp());
        assertEquals(T0.plusSeconds(1999), index.summary().maxTimestamp());
        assertEquals(List.of("auth", "payments", "orders").stream().sorted().toList(),
                index.summary().services().stream().sorted().toList());
        assertEquals(codec, index.summary().codec());
        assertEquals(input.length, index.summary().rawBytes());
        // The bloom filter of the frame holding tok1234 says so; most frames rule it out.
        List<Long> token = Tokens.hashesOf("tok1234");
        long maybe = index.frames().stream().filter(f -> details.bloom(f.ordinal()).mightContainAll(token)).count();
        FrameIndex holder = index.frames().stream()
                .filter(f -> !f.minTimestamp().isAfter(T0.plusSeconds(1234)) && !f.maxTimestamp().isBefore(T0.plusSeconds(1234)))
                .findFirst().orElseThrow();
        assertTrue(details.bloom(holder.ordinal()).mightContainAll(token), "no false negatives");
        assertTrue(maybe <= 1 + index.frames().size() / 10, maybe + " of " + index.frames().size() + " frames may hold it");
        // The templates of WARN and ERROR lines are kept with their counts.
        long warnAndUp = index.summary().levels().get(Level.WARN) + index.summary().levels().get(Level.ERROR);
        assertEquals(warnAndUp, details.templates().stream().mapToLong(TemplateInfo::count).sum());
        assertTrue(details.templates().stream().anyMatch(t -> t.template().equals("request <*> took <*> ms")),
                details.templates().toString());
    }
}
