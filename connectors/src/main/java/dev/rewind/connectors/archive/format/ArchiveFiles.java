package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.record.LineHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Where an archive's sidecar lives, and how to check that a sidecar still matches its archive. */
public final class ArchiveFiles {
    public static final String SIDECAR_SUFFIX = ".idx";
    private static final int IDENTITY_CHUNK = 64 * 1024;

    private ArchiveFiles() {
    }

    /** The sidecar beside the archive: {@code <archive>.idx}. */
    public static Path sidecarBeside(Path archive) {
        return archive.resolveSibling(archive.getFileName() + SIDECAR_SUFFIX);
    }

    /**
     * The sidecar in an index directory, for archives on read-only storage: the file name plus a
     * hash of the archive's absolute path, so same-named archives of different folders never clash.
     */
    public static Path sidecarIn(Path indexDir, Path archive) {
        String key = String.format("%08x", LineHash.of(archive.toAbsolutePath().normalize().toString()) & 0xFFFFFFFFL);
        return indexDir.resolve(archive.getFileName() + "." + key + SIDECAR_SUFFIX);
    }

    /** True for files that are sidecars or other files Rewind keeps beside archives. */
    public static boolean isSidecar(Path file) {
        return file.getFileName().toString().endsWith(SIDECAR_SUFFIX);
    }

    /**
     * The identity of the archive as it is now on disk.
     *
     * @param contentHash the hash of its whole file, taken while it was read or written
     */
    public static ArchiveIdentity identify(Path archive, long contentHash) throws IOException {
        try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ)) {
            long length = channel.size();
            long head = hashRange(channel, 0, (int) Math.min(IDENTITY_CHUNK, length));
            long tailStart = Math.max(0, length - IDENTITY_CHUNK);
            long tail = hashRange(channel, tailStart, (int) (length - tailStart));
            return new ArchiveIdentity(archive.getFileName().toString(), length, head, tail,
                    Files.getLastModifiedTime(archive).toMillis(), contentHash);
        }
    }

    private static long hashRange(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return LineHash.of(buffer.array(), 0, buffer.position());
    }

    /**
     * Reads the sidecar of {@code archive} (its index part: what a catalog keeps) and checks it
     * still describes the archive.
     *
     * @throws SidecarException naming the sidecar and what no longer matches
     */
    public static SidecarIndex readSidecar(Path archive, Path sidecar) throws IOException {
        SidecarIndex index;
        try (InputStream in = open(sidecar)) {
            index = SidecarFormat.readIndex(in, sidecar.toString());
        }
        return verified(archive, sidecar, index);
    }

    /** The whole sidecar of {@code archive}, checked to still describe it (for tools and tests). */
    public static Sidecar readAll(Path archive, Path sidecar) throws IOException {
        Sidecar all;
        try (InputStream in = open(sidecar)) {
            all = SidecarFormat.read(in, sidecar.toString());
        }
        return new Sidecar(verified(archive, sidecar, all.index()), all.details());
    }

    /** The hours, templates and (when {@code blooms}) token bloom filters of a sidecar. */
    public static SidecarDetails readDetails(Path sidecar, boolean blooms) throws IOException {
        try (InputStream in = open(sidecar)) {
            return SidecarFormat.readDetails(in, sidecar.toString(), blooms);
        }
    }

    /** A sidecar's bytes: a small one (most are a few KiB) read whole in one call, a large one streamed. */
    private static InputStream open(Path sidecar) throws IOException {
        long size = Files.size(sidecar);
        if (size <= (1 << 20)) {
            return new java.io.ByteArrayInputStream(Files.readAllBytes(sidecar));
        }
        return new java.io.BufferedInputStream(Files.newInputStream(sidecar), 64 * 1024);
    }

    /**
     * {@code index} when it still describes {@code archive} as the file is now: same length, and
     * either the same modification time or (the time moved: copied, touched) the same content hash
     * — then with the new time. Sidecars older than version 3 know only the first and last 64 KiB.
     *
     * @throws SidecarException naming what no longer matches
     */
    public static SidecarIndex verified(Path archive, Path sidecar, SidecarIndex index) throws IOException {
        ArchiveIdentity then = index.identity();
        long length = Files.size(archive);
        if (length != then.length()) {
            throw new SidecarException(sidecar + ": sidecar no longer matches archive " + archive
                    + " (indexed at " + then.length() + " bytes, now " + length + " bytes); re-index it");
        }
        long modified = Files.getLastModifiedTime(archive).toMillis();
        if (then.complete()) {
            if (modified == then.modifiedMillis()) {
                return index;
            }
            if (ContentHash.of(archive) == then.contentHash()) {
                return index.withIdentity(then.modifiedAt(modified));
            }
            throw new SidecarException(sidecar + ": sidecar no longer matches archive " + archive
                    + " (its content changed since it was indexed); re-index it");
        }
        ArchiveIdentity now = identify(archive, 0);
        if (now.headHash() != then.headHash() || now.tailHash() != then.tailHash()) {
            throw new SidecarException(sidecar + ": sidecar no longer matches archive " + archive
                    + " (its content changed since it was indexed); re-index it");
        }
        return index;
    }

    /** The time of lines that come before any timestamped line: the path date, else the mtime. */
    public static Instant fallbackTime(Path archive, LocalDate pathDate) throws IOException {
        if (pathDate != null) {
            return pathDate.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Files.exists(archive) ? Files.getLastModifiedTime(archive).toInstant() : Instant.now();
    }

    /** The year for year-less timestamps (syslog): the path date's, else the file's modification year. */
    public static int defaultYear(Instant fallbackTime) {
        return fallbackTime.atZone(ZoneOffset.UTC).getYear();
    }
}
