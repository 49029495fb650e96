package dev.rewind.connectors.archive;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.index.ArchiveIndexer;
import dev.rewind.connectors.archive.read.ArchiveReader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.codec.Codec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Archives stay ordinary files: the Debian gzip, zstd and lz4 tools decode what we write, and we
 * read and index what they write, including concatenated members/frames.
 */
class CliToolInteropTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2024-05-10T00:00:00Z");

    @ParameterizedTest
    @CsvSource({"GZIP, gzip", "ZSTD, zstd", "LZ4, lz4"})
    void toolsDecodeWhatWeWrite(Codec codec, String tool) throws Exception {
        byte[] input = Fixtures.ndjson(3000, T0, 5);
        Path archive = Fixtures.write(dir, "ours.log", input, codec, 32 * 1024);
        SidecarIndex index = ArchiveFiles.readSidecar(archive, ArchiveFiles.sidecarBeside(archive));
        assertTrue(index.frames().size() > 5, "several frames");
        byte[] decoded = Fixtures.run(List.of(tool, "-d", "-c"), archive);
        assertArrayEquals(input, decoded, tool + " -d -c of our framed archive");
    }

    @ParameterizedTest
    @CsvSource({"GZIP, gzip", "ZSTD, zstd", "LZ4, lz4"})
    void weReadAndIndexWhatToolsWrite(Codec codec, String tool) throws Exception {
        byte[] part1 = Fixtures.ndjson(1500, T0, 1);
        byte[] part2 = Fixtures.ndjson(1500, T0.plusSeconds(1500), 2);
        Path raw1 = Files.write(dir.resolve("part1.log"), part1);
        Path raw2 = Files.write(dir.resolve("part2.log"), part2);
        byte[] c1 = Fixtures.run(List.of(tool, "-c"), raw1);
        byte[] c2 = Fixtures.run(List.of(tool, "-c"), raw2);

        // One frame, as a tool writes it.
        Path single = Files.write(dir.resolve("single.log." + codec.extension()), c1);
        assertArrayEquals(part1, Fixtures.decodeWhole(single));
        SidecarIndex singleIndex = ArchiveIndexer.create(null, null).index(single, n -> { });
        assertEquals(1, singleIndex.frames().size());
        assertEquals(1500, singleIndex.summary().lines());
        assertEquals(codec, singleIndex.summary().codec());

        // Two concatenated members/frames (cat a.gz b.gz): both are read, and each is a frame.
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(c1);
        both.writeBytes(c2);
        Path concatenated = Files.write(dir.resolve("concat.log." + codec.extension()), both.toByteArray());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(part1);
        expected.writeBytes(part2);
        assertArrayEquals(expected.toByteArray(), Fixtures.decodeWhole(concatenated));
        SidecarIndex index = ArchiveIndexer.create(null, null).index(concatenated, n -> { });
        assertEquals(2, index.frames().size(), "members end on line boundaries, so each is a split point");
        assertEquals(c1.length, index.frames().get(1).offset());
        assertEquals(3000, index.summary().lines());
        try (var in = ArchiveReader.openFrames(concatenated, index, 1, 2)) {
            assertArrayEquals(part2, in.readAllBytes(), "the second frame alone, by seeking");
        }
    }

    @Test
    void zstdSkippableFramesAreIgnored() throws Exception {
        byte[] part1 = Fixtures.ndjson(200, T0, 1);
        byte[] part2 = Fixtures.ndjson(200, T0.plusSeconds(200), 2);
        byte[] c1 = Fixtures.run(List.of("zstd", "-c"), Files.write(dir.resolve("a.log"), part1));
        byte[] c2 = Fixtures.run(List.of("zstd", "-c"), Files.write(dir.resolve("b.log"), part2));
        Path file = dir.resolve("skippable.zst");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(skippable(0x184D2A50, 37));
            out.write(c1);
            out.write(skippable(0x184D2A5F, 5));
            out.write(c2);
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(part1);
        expected.writeBytes(part2);
        assertArrayEquals(expected.toByteArray(), Fixtures.decodeWhole(file));
        assertArrayEquals(expected.toByteArray(), Fixtures.run(List.of("zstd", "-d", "-c"), file), "zstd agrees");
        SidecarIndex index = ArchiveIndexer.create(null, null).index(file, n -> { });
        assertEquals(400, index.summary().lines());
        assertEquals(2, index.frames().size());
    }

    @Test
    void membersThatCutLinesMergeIntoOneFrame() throws Exception {
        byte[] input = Fixtures.ndjson(1000, T0, 9);
        int cut = input.length / 2 + 7; // not on a line boundary
        Path a = Files.write(dir.resolve("a.log"), java.util.Arrays.copyOfRange(input, 0, cut));
        Path b = Files.write(dir.resolve("b.log"), java.util.Arrays.copyOfRange(input, cut, input.length));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(Fixtures.run(List.of("gzip", "-c"), a));
        both.writeBytes(Fixtures.run(List.of("gzip", "-c"), b));
        Path file = Files.write(dir.resolve("cut.log.gz"), both.toByteArray());
        SidecarIndex index = ArchiveIndexer.create(null, null).index(file, n -> { });
        assertEquals(1, index.frames().size(), "a reader starting at the second member would begin mid-line");
        assertEquals(1000, index.summary().lines());
    }

    private static byte[] skippable(int magic, int size) {
        byte[] frame = new byte[8 + size];
        for (int i = 0; i < 4; i++) {
            frame[i] = (byte) (magic >>> (8 * i));
            frame[4 + i] = (byte) (size >>> (8 * i));
        }
        return frame;
    }
}
