package dev.rewind.connectors.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.ArchiveIdentity;
import dev.rewind.connectors.archive.format.ContentHash;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.write.ArchiveStreamWriter;
import dev.rewind.connectors.archive.write.ArchiveWriter;
import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.storage.StoragePath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An archive written to a stream is the archive {@link ArchiveWriter} writes to a file, and the
 * identity it takes from the bytes on their way out is the one read back from the file: otherwise
 * a catalog would find every streamed archive's sidecar stale.
 */
class ArchiveStreamWriterTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    /** Sizes around the 64 KiB head and tail the identity hashes: none, less, about one, many. */
    @ParameterizedTest
    @ValueSource(ints = {0, 20, 900, 20_000})
    void sameBytesAndIdentityAsTheFileWriter(int lines) throws IOException {
        byte[] raw = Fixtures.ndjson(lines, T0, 5);
        Path archive = Fixtures.write(dir, "file.ndjson", raw, Codec.ZSTD, 16 * 1024);

        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        ArchiveStreamWriter writer = ArchiveWriter.builder().codec(Codec.ZSTD).frameSize(16 * 1024)
                .openStream(streamed, LocalDate.of(2024, 3, 1));
        writer.write(new ByteArrayInputStream(raw));
        writer.finish();
        assertArrayEquals(Files.readAllBytes(archive), streamed.toByteArray(), "the same archive bytes");

        Path copy = dir.resolve("streamed.ndjson.zst");
        Files.write(copy, streamed.toByteArray());
        long mtime = Files.getLastModifiedTime(copy).toMillis();
        ArchiveIdentity fromStream = writer.identity(copy.getFileName().toString(), mtime);
        assertEquals(ArchiveFiles.identify(copy, ContentHash.of(ArchiveFiles.stat(StoragePath.of(copy)))), fromStream);

        try (OutputStream s = Files.newOutputStream(ArchiveFiles.sidecarBeside(copy))) {
            writer.writeSidecar(s, fromStream);
        }
        SidecarIndex index = ArchiveFiles.readSidecar(copy, ArchiveFiles.sidecarBeside(copy));
        assertEquals(lines, index.summary().lines());
        assertEquals(lines, writer.lines());
        assertEquals(raw.length, index.summary().rawBytes());
        assertEquals(streamed.size(), index.summary().compressedBytes());
    }
}
