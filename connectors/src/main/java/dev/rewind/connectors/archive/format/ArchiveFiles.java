package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.record.LineHash;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import dev.rewind.connectors.storage.TierLog;
import java.io.ByteArrayInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Where an archive's sidecar lives, and how to check that a sidecar still matches its archive,
 * wherever both are stored (every read goes through {@link Storages}). The {@code Path} forms are
 * for local files (the writer, tools, tests).
 */
public final class ArchiveFiles {
    public static final String SIDECAR_SUFFIX = ".idx";
    private static final int IDENTITY_CHUNK = 64 * 1024;
    /** Sidecars up to this size are read in one request; most are a few KiB. */
    private static final int WHOLE_READ = 1 << 20;

    private ArchiveFiles() {
    }

    /** The sidecar beside the archive: {@code <archive>.idx}. */
    public static StoragePath sidecarBeside(StoragePath archive) {
        return archive.sibling(archive.name() + SIDECAR_SUFFIX);
    }

    public static Path sidecarBeside(Path archive) {
        return archive.resolveSibling(archive.getFileName() + SIDECAR_SUFFIX);
    }

    /**
     * The sidecar in an index directory, for archives on read-only storage: the file name plus a
     * hash of the archive's absolute path or URI, so same-named archives of different folders (or
     * buckets) never clash.
     */
    public static StoragePath sidecarIn(StoragePath indexDir, StoragePath archive) {
        String key = String.format("%08x", LineHash.of(archive.canonical()) & 0xFFFFFFFFL);
        return indexDir.resolve(archive.name() + "." + key + SIDECAR_SUFFIX);
    }

    public static Path sidecarIn(Path indexDir, Path archive) {
        return sidecarIn(StoragePath.of(indexDir), StoragePath.of(archive)).toLocalPath();
    }

    /** True for files that are sidecars or other files Rewind keeps beside archives. */
    public static boolean isSidecar(StoragePath file) {
        return file.name().endsWith(SIDECAR_SUFFIX);
    }

    public static boolean isSidecar(Path file) {
        return file.getFileName().toString().endsWith(SIDECAR_SUFFIX);
    }

    /**
     * The file as it is now; a local file that {@code rewind tier} moved away, as its copy is (a
     * sidecar whose details a query reads just after the move).
     *
     * @throws NoSuchFileException when there is none
     */
    public static StoredFile stat(StoragePath file) throws IOException {
        StoredFile found = Storages.of(file).stat(file);
        if (found == null && file.isLocal()) {
            found = TierLog.movedCopy(file, -1);
        }
        if (found == null) {
            throw new NoSuchFileException(file.toString());
        }
        return found;
    }

    /**
     * The identity of the archive as it is now (two ranged reads: its first and last 64 KiB).
     *
     * @param contentHash the hash of its whole file, taken while it was read or written
     */
    public static ArchiveIdentity identify(StoredFile archive, long contentHash) throws IOException {
        long length = archive.length();
        long head = hashRange(archive, 0, (int) Math.min(IDENTITY_CHUNK, length));
        long tailStart = Math.max(0, length - IDENTITY_CHUNK);
        long tail = hashRange(archive, tailStart, (int) (length - tailStart));
        return new ArchiveIdentity(archive.path().name(), length, head, tail, archive.modifiedMillis(), contentHash);
    }

    public static ArchiveIdentity identify(Path archive, long contentHash) throws IOException {
        return identify(stat(StoragePath.of(archive)), contentHash);
    }

    private static long hashRange(StoredFile file, long position, int length) throws IOException {
        byte[] buffer = new byte[length];
        int n = Storages.of(file.path()).readAt(file, position, buffer, 0, length, IoCounts.IGNORED);
        return LineHash.of(buffer, 0, n);
    }

    /**
     * Reads the sidecar of {@code archive} (its index part: what a catalog keeps) and checks it
     * still describes the archive.
     *
     * @param archive the archive as listed now
     * @param sidecar its sidecar as listed now
     * @throws SidecarException naming the sidecar and what no longer matches
     */
    public static SidecarIndex readSidecar(StoredFile archive, StoredFile sidecar) throws IOException {
        SidecarIndex index;
        try (InputStream in = open(sidecar)) {
            index = SidecarFormat.readIndex(in, sidecar.path().toString());
        }
        return verified(archive, sidecar.path(), index);
    }

    public static SidecarIndex readSidecar(StoragePath archive, StoragePath sidecar) throws IOException {
        return readSidecar(stat(archive), stat(sidecar));
    }

    public static SidecarIndex readSidecar(Path archive, Path sidecar) throws IOException {
        return readSidecar(StoragePath.of(archive), StoragePath.of(sidecar));
    }

    /** The whole sidecar of {@code archive}, checked to still describe it (for tools and tests). */
    public static Sidecar readAll(StoragePath archive, StoragePath sidecar) throws IOException {
        Sidecar all;
        try (InputStream in = open(stat(sidecar))) {
            all = SidecarFormat.read(in, sidecar.toString());
        }
        return new Sidecar(verified(stat(archive), sidecar, all.index()), all.details());
    }

    public static Sidecar readAll(Path archive, Path sidecar) throws IOException {
        return readAll(StoragePath.of(archive), StoragePath.of(sidecar));
    }

    /** The whole sidecar, unchecked (an archive that is gone, for {@code rewind inspect}). */
    public static Sidecar readUnchecked(StoragePath sidecar) throws IOException {
        try (InputStream in = open(stat(sidecar))) {
            return SidecarFormat.read(in, sidecar.toString());
        }
    }

    /** The hours, templates and (when {@code blooms}) token bloom filters of a sidecar. */
    public static SidecarDetails readDetails(StoragePath sidecar, boolean blooms) throws IOException {
        try (InputStream in = open(stat(sidecar))) {
            return SidecarFormat.readDetails(in, sidecar.toString(), blooms);
        }
    }

    public static SidecarDetails readDetails(Path sidecar, boolean blooms) throws IOException {
        return readDetails(StoragePath.of(sidecar), blooms);
    }

    /** A sidecar's bytes: a small one (most are a few KiB) read whole in one request, a large one streamed. */
    private static InputStream open(StoredFile sidecar) throws IOException {
        if (sidecar.length() <= WHOLE_READ) {
            byte[] bytes = new byte[(int) sidecar.length()];
            int n = Storages.of(sidecar.path()).readAt(sidecar, 0, bytes, 0, bytes.length, IoCounts.IGNORED);
            return new ByteArrayInputStream(bytes, 0, n);
        }
        return new BufferedInputStream(Storages.of(sidecar.path()).open(sidecar, IoCounts.IGNORED), 64 * 1024);
    }

    /**
     * {@code index} when it still describes {@code archive} as the file is now: same length, and
     * either the same modification time or (the time moved: copied, touched, uploaded) the same
     * content — then with the new time. A local file's content is checked by the hash of the whole
     * file; a remote object's by its first and last 64 KiB (two small ranged reads, where the whole
     * hash would download it: an object store gives every upload a new time, so this is the common
     * case there). Sidecars older than version 3 know only the first and last 64 KiB.
     *
     * @throws SidecarException naming what no longer matches
     */
    public static SidecarIndex verified(StoredFile archive, StoragePath sidecar, SidecarIndex index) throws IOException {
        ArchiveIdentity then = index.identity();
        StoragePath path = archive.path();
        long length = archive.length();
        if (length != then.length()) {
            throw new SidecarException(sidecar + ": sidecar no longer matches archive " + path
                    + " (indexed at " + then.length() + " bytes, now " + length + " bytes); re-index it");
        }
        long modified = archive.modifiedMillis();
        if (then.complete() && modified == then.modifiedMillis()) {
            return index;
        }
        if (then.complete() && path.isLocal()) {
            if (ContentHash.of(archive) == then.contentHash()) {
                return index.withIdentity(then.modifiedAt(modified));
            }
            throw new SidecarException(sidecar + ": sidecar no longer matches archive " + path
                    + " (its content changed since it was indexed); re-index it");
        }
        ArchiveIdentity now = identify(archive, 0);
        if (now.headHash() != then.headHash() || now.tailHash() != then.tailHash()) {
            throw new SidecarException(sidecar + ": sidecar no longer matches archive " + path
                    + " (its content changed since it was indexed); re-index it");
        }
        return then.complete() ? index.withIdentity(then.modifiedAt(modified)) : index;
    }

    public static SidecarIndex verified(Path archive, Path sidecar, SidecarIndex index) throws IOException {
        return verified(stat(StoragePath.of(archive)), StoragePath.of(sidecar), index);
    }

    /** The time of lines that come before any timestamped line: the path date, else the file's time. */
    public static Instant fallbackTime(StoredFile archive, LocalDate pathDate) {
        if (pathDate != null) {
            return pathDate.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return archive != null && archive.modifiedMillis() > 0 ? Instant.ofEpochMilli(archive.modifiedMillis())
                : Instant.now();
    }

    /** The same for a local file (the writer's target, which may not exist yet). */
    public static Instant fallbackTime(Path archive, LocalDate pathDate) throws IOException {
        StoragePath p = StoragePath.of(archive);
        return fallbackTime(Storages.of(p).stat(p), pathDate);
    }

    /** The year for year-less timestamps (syslog): the path date's, else the file's modification year. */
    public static int defaultYear(Instant fallbackTime) {
        return fallbackTime.atZone(ZoneOffset.UTC).getYear();
    }
}
