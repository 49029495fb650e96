package dev.rewind.connectors.archive;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.FrameIndex;
import dev.rewind.connectors.archive.format.SidecarException;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.archive.read.ArchiveReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.codec.Codec;
import dev.rewind.connectors.codec.CorruptArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Damage is reported with the file and the byte offset, and what comes before it stays readable. */
class DamageTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2024-02-01T00:00:00Z");

    private Path framed(Codec codec) throws IOException {
        return Fixtures.write(dir, "app.log", Fixtures.ndjson(4000, T0, 21), codec, 32 * 1024);
    }

    private static SidecarIndex sidecarOf(Path archive) throws IOException {
        return ArchiveFiles.readSidecar(archive, ArchiveFiles.sidecarBeside(archive));
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"GZIP", "ZSTD", "LZ4"})
    void truncatedLastFrame(Codec codec) throws IOException {
        Path archive = framed(codec);
        SidecarIndex index = sidecarOf(archive);
        int last = index.frames().size() - 1;
        byte[] bytes = Files.readAllBytes(archive);
        Path truncated = Files.write(dir.resolve("truncated." + codec.extension()),
                Arrays.copyOf(bytes, bytes.length - 10));

        CorruptArchiveException e = assertThrows(CorruptArchiveException.class, () -> Fixtures.decodeWhole(truncated));
        assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.offset() >= index.frames().get(last).offset(), "offset " + e.offset() + " lies in the last frame");

        // Every frame before the damage decodes by seeking (the sidecar still knows where they are).
        try (InputStream in = ArchiveReader.openFrames(truncated, index, 0, last)) {
            assertEquals(index.frames().get(last).rawOffset(), in.readAllBytes().length);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"GZIP", "ZSTD", "LZ4"})
    void garbageInTheMiddle(Codec codec) throws IOException {
        Path archive = framed(codec);
        SidecarIndex index = sidecarOf(archive);
        int damaged = index.frames().size() / 2;
        FrameIndex frame = index.frames().get(damaged);
        try (var channel = Files.newByteChannel(archive, StandardOpenOption.WRITE)) {
            channel.position(frame.offset());
            byte[] garbage = new byte[64];
            Arrays.fill(garbage, (byte) 0x5A);
            channel.write(java.nio.ByteBuffer.wrap(garbage));
        }
        // Reading the whole file stops at the damaged frame, naming the file and where it starts,
        // after delivering every byte before it.
        byte[] before = new byte[(int) frame.rawOffset()];
        try (InputStream in = dev.rewind.connectors.codec.FrameDecoders.open(codec, Files.newInputStream(archive), 0,
                archive.toString(), dev.rewind.connectors.codec.FrameListener.NONE)) {
            int read = in.readNBytes(before, 0, before.length);
            assertEquals(before.length, read, "all frames before the damage decode");
            CorruptArchiveException e = assertThrows(CorruptArchiveException.class, in::readAllBytes);
            assertEquals(frame.offset(), e.offset(), e.getMessage());
            assertTrue(e.getMessage().contains(archive.toString()) && e.getMessage().contains("offset " + frame.offset()),
                    e.getMessage());
        }
        // Frames after it are still reachable through the index.
        try (InputStream in = ArchiveReader.openFrames(archive, index, damaged + 1, index.frames().size())) {
            assertTrue(in.readAllBytes().length > 0);
        }
    }

    @Test
    void unknownSidecarVersionIsRefusedByName() throws IOException {
        Path archive = framed(Codec.ZSTD);
        Path sidecar = ArchiveFiles.sidecarBeside(archive);
        byte[] bytes = Files.readAllBytes(sidecar);
        bytes[5] = 9; // the version byte after the magic RWIDX
        Files.write(sidecar, bytes);
        SidecarException e = assertThrows(SidecarException.class, () -> ArchiveFiles.readSidecar(archive, sidecar));
        assertTrue(e.getMessage().contains(sidecar.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("version 9 is not supported"), e.getMessage());
    }

    @Test
    void sidecarThatNoLongerMatchesItsArchive() throws IOException {
        Path archive = framed(Codec.GZIP);
        Path sidecar = ArchiveFiles.sidecarBeside(archive);
        try (OutputStream out = Files.newOutputStream(archive, StandardOpenOption.APPEND)) {
            out.write(new byte[] {1, 2, 3});
        }
        SidecarException e = assertThrows(SidecarException.class, () -> ArchiveFiles.readSidecar(archive, sidecar));
        assertTrue(e.getMessage().contains("no longer matches archive " + archive), e.getMessage());

        Path other = framed(Codec.ZSTD);
        Files.write(other, Files.readAllBytes(other)); // same bytes: still matches
        ArchiveFiles.readSidecar(other, ArchiveFiles.sidecarBeside(other));
        byte[] changed = Files.readAllBytes(other);
        changed[changed.length - 1] ^= 1; // same length, different tail
        Files.write(other, changed);
        SidecarException e2 = assertThrows(SidecarException.class,
                () -> ArchiveFiles.readSidecar(other, ArchiveFiles.sidecarBeside(other)));
        assertTrue(e2.getMessage().contains("content changed"), e2.getMessage());
    }

    @Test
    void garbageIsNotASidecar() throws IOException {
        Path archive = framed(Codec.LZ4);
        Path sidecar = ArchiveFiles.sidecarBeside(archive);
        Files.write(sidecar, "hello".getBytes());
        SidecarException e = assertThrows(SidecarException.class, () -> ArchiveFiles.readSidecar(archive, sidecar));
        assertTrue(e.getMessage().contains(sidecar.toString()), e.getMessage());
    }
}
