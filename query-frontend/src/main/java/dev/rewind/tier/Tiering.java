package dev.rewind.tier;

import dev.rewind.catalog.ArchiveFilesScan;
import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.ContentHash;
import dev.rewind.connectors.archive.format.PathDates;
import dev.rewind.connectors.archive.format.SidecarException;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.Secrets;
import dev.rewind.connectors.storage.Storage;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import dev.rewind.connectors.storage.TierLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Moves archives, with their sidecars, off a local root to another store ({@code s3://bucket/prefix})
 * at the same relative paths ({@code dt=YYYY-MM-DD/…}): each file is copied, verified (the copy's
 * length, and the XXH64 of its bytes read back from the store against the local copy's, which must
 * also be what the sidecar recorded), recorded in the root's {@link TierLog}, and only then deleted
 * locally — the archive before its sidecar, so a catalog never sees an archive without one (it would
 * index it again). An archive goes when its newest line (its sidecar's summary; else the date in its
 * path) is older than the cut-off.
 *
 * <p>Idempotent and resumable: a copy already in place with the same length and hash is not made
 * again; a run that stopped after the copy, after the log or between the two deletes is finished by
 * the next one. Readers and catalogs follow through the log (see {@link TierLog}). One run at a time
 * per root (a lock file beside the log). {@code rewind tier} and {@code rewind demo} both move
 * archives with it.
 */
public final class Tiering {
    /** Where a run stops: at the end, or (a test standing in for a crash) after a step of every archive. */
    public enum Stop { NEVER, AFTER_COPY, AFTER_LOG }

    private final StoragePath from;
    private final StoragePath to;
    private final Instant cutoff;
    private final boolean dryRun;
    private final Stop stop;
    private final Consumer<String> progress;

    private Tiering(Builder b) {
        this.from = b.from;
        this.to = b.to;
        this.cutoff = b.cutoff;
        this.dryRun = b.dryRun;
        this.stop = b.stop;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A refused archive: the reason, for the report. */
    private static final class Refusal extends Exception {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A file copied and verified, ready to be recorded. */
    private record Copied(TierLog.Move move, StoredFile local, boolean resumed) {
    }

    /**
     * Moves every archive older than the cut-off.
     *
     * @throws IOException when the root cannot be listed, or the log cannot be read or written
     * @throws IllegalStateException when another run holds the root
     */
    public TierReport run() throws IOException {
        if (dryRun) {
            return moveAll(TierLog.read(from));
        }
        try (RootLock ignored = RootLock.take(from)) {
            return moveAll(TierLog.read(from));
        }
    }

    private TierReport moveAll(TierLog startLog) throws IOException {
        TierLog log = startLog;
        Map<String, StoredFile> files = new TreeMap<>();
        Storage local = Storages.of(from);
        local.list(from, folder -> !folder.name().equals(TierLog.DIR),
                f -> files.put(f.path().relativeTo(from), f));
        List<TierReport.Moved> moved = new ArrayList<>();
        List<TierReport.Refused> refused = new ArrayList<>();
        int kept = 0;
        for (Map.Entry<String, StoredFile> e : files.entrySet()) {
            String rel = e.getKey();
            StoredFile archive = e.getValue();
            if (rel == null || !ArchiveFilesScan.isArchive(archive.path())) {
                continue;
            }
            StoredFile sidecar = files.get(rel + ArchiveFiles.SIDECAR_SUFFIX);
            try {
                SidecarIndex index = sidecar == null ? null : readSidecar(archive, sidecar);
                Instant newest = newest(rel, index);
                if (!newest.isBefore(cutoff)) {
                    kept++;
                    continue;
                }
                StoragePath target = to.resolve(rel);
                if (dryRun) {
                    moved.add(new TierReport.Moved(rel, target, sidecar == null ? 1 : 2,
                            archive.length() + (sidecar == null ? 0 : sidecar.length()), false));
                    continue;
                }
                long recorded = index != null && index.identity().complete() ? index.identity().contentHash() : 0;
                Copied a = copy(rel, archive, recorded);
                Copied s = sidecar == null ? null : copy(rel + ArchiveFiles.SIDECAR_SUFFIX, sidecar, 0);
                if (stop == Stop.AFTER_COPY) {
                    continue;
                }
                log = log.with(a.move());
                if (s != null) {
                    log = log.with(s.move());
                }
                log.writeTo(from); // before any delete: from here on, a reader of the local copy finds this one
                if (stop == Stop.AFTER_LOG) {
                    continue;
                }
                local.delete(archive.path());
                if (sidecar != null) {
                    local.delete(sidecar.path());
                }
                removeEmptyFolders(archive.path());
                TierReport.Moved m = new TierReport.Moved(rel, target, s == null ? 1 : 2,
                        archive.length() + (s == null ? 0 : sidecar.length()), a.resumed() && (s == null || s.resumed()));
                moved.add(m);
                progress.accept(String.format("moved %s to %s (%,d bytes%s)", rel, target, m.bytes(),
                        m.resumed() ? ", copy found verified" : ""));
            } catch (Refusal r) {
                refused.add(new TierReport.Refused(rel, r.getMessage()));
            }
        }
        if (!dryRun && stop == Stop.NEVER) {
            finishSidecars(log, files, refused);
        }
        return new TierReport(moved, refused, kept, dryRun);
    }

    /**
     * Sidecars whose archive was moved but which are still here: a run stopped between the two
     * deletes, or a sidecar written again after the archive left (a background indexing pass).
     */
    private void finishSidecars(TierLog log, Map<String, StoredFile> files, List<TierReport.Refused> refused)
            throws IOException {
        for (TierLog.Move move : log.moves()) {
            if (!move.path().endsWith(ArchiveFiles.SIDECAR_SUFFIX)) {
                continue;
            }
            String archive = move.path().substring(0, move.path().length() - ArchiveFiles.SIDECAR_SUFFIX.length());
            StoredFile sidecar = files.get(move.path());
            if (sidecar == null || files.containsKey(archive) || log.find(archive) == null) {
                continue;
            }
            try {
                Copied s = copy(move.path(), sidecar, 0);
                log = log.with(s.move());
                log.writeTo(from);
                Storages.of(from).delete(sidecar.path());
                removeEmptyFolders(sidecar.path());
                progress.accept("moved the sidecar " + move.path() + " left behind by an earlier run");
            } catch (Refusal r) {
                refused.add(new TierReport.Refused(move.path(), r.getMessage()));
            }
        }
    }

    private static SidecarIndex readSidecar(StoredFile archive, StoredFile sidecar) throws Refusal, IOException {
        try {
            return ArchiveFiles.readSidecar(archive, sidecar);
        } catch (SidecarException e) {
            throw new Refusal("its sidecar does not describe it (" + e.getMessage() + "); run `rewind index` first");
        }
    }

    /** The time of its newest line: the sidecar's, else the end of the day in its path. */
    private static Instant newest(String rel, SidecarIndex index) throws Refusal {
        if (index != null && index.summary().maxTimestamp() != null) {
            return index.summary().maxTimestamp();
        }
        LocalDate day = index != null && index.summary().pathDate() != null ? index.summary().pathDate() : PathDates.of(rel);
        if (day == null) {
            throw new Refusal("no sidecar with line times and no date in its path: its age is unknown "
                    + "(run `rewind index` first)");
        }
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
    }

    /**
     * Copies {@code file} to the target unless a verified copy is there already, and checks the copy.
     *
     * @param recorded the hash its sidecar recorded of it, or 0
     */
    private Copied copy(String rel, StoredFile file, long recorded) throws Refusal {
        StoragePath target = to.resolve(rel);
        Storage store = Storages.of(target);
        try {
            long hash = hash(Storages.of(file.path()), file);
            if (recorded != 0 && hash != recorded) {
                throw new Refusal("its bytes are not those its sidecar recorded (the file changed since it was "
                        + "indexed); run `rewind index` first");
            }
            StoredFile there = store.stat(target);
            if (there != null && there.length() == file.length() && hash(store.uncached(), there) == hash) {
                return new Copied(new TierLog.Move(rel, target, file.length(), there.modifiedMillis(), hash), file, true);
            }
            store.upload(target, () -> Storages.of(file.path()).open(file, IoCounts.IGNORED));
            there = store.stat(target);
            if (there == null) {
                throw new Refusal("the copy " + target + " is not there after the upload; the local copy is kept");
            }
            if (there.length() != file.length()) {
                discard(store, target);
                throw new Refusal("the copy " + target + " has " + there.length() + " bytes, the local file "
                        + file.length() + "; the local copy is kept");
            }
            long back = hash(store.uncached(), there);
            if (back != hash) {
                discard(store, target);
                throw new Refusal(String.format("the copy %s read back has another checksum (XXH64 %016x, local "
                        + "%016x); the local copy is kept", target, back, hash));
            }
            return new Copied(new TierLog.Move(rel, target, file.length(), there.modifiedMillis(), hash), file, false);
        } catch (IOException | RuntimeException e) {
            throw new Refusal("cannot copy it to " + target + ": " + Secrets.redact(String.valueOf(e.getMessage()))
                    + "; the local copy is kept");
        }
    }

    /** A damaged copy is removed, so a catalog listing the target never takes it for an archive. */
    private static void discard(Storage store, StoragePath target) {
        try {
            store.delete(target);
        } catch (IOException | RuntimeException ignored) {
            // the refusal says the copy is damaged; a later run overwrites it
        }
    }

    /** XXH64 of every byte of {@code file}, read from {@code storage} front to back. */
    private static long hash(Storage storage, StoredFile file) throws IOException {
        try (ContentHash.Reading in = new ContentHash.Reading(storage.open(file, IoCounts.IGNORED))) {
            byte[] buffer = new byte[256 * 1024];
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // hashing as it reads
            }
            return in.value();
        }
    }

    /** The folders the move left empty, up to the root (a day's folder whose archives all went). */
    private void removeEmptyFolders(StoragePath file) {
        Path root = from.toLocalPath().toAbsolutePath().normalize();
        for (Path dir = file.toLocalPath().toAbsolutePath().normalize().getParent();
             dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One run per root: a lock on {@code _rewind/tiered.lock}, across processes and within this one. */
    private static final class RootLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private RootLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static RootLock take(StoragePath root) throws IOException {
            Path file = root.toLocalPath().resolve(TierLog.LOCK);
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another `rewind tier` is moving archives of " + root + " now");
            }
            return new RootLock(channel, lock);
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    /** Sets up a run; {@link #build} checks the roots. */
    public static final class Builder {
        private StoragePath from;
        private StoragePath to;
        private Instant cutoff;
        private boolean dryRun;
        private Stop stop = Stop.NEVER;
        private Consumer<String> progress = line -> { };

        /** The local root the archives leave. */
        public Builder from(StoragePath localRoot) {
            this.from = localRoot;
            return this;
        }

        /** Where they go ({@code s3://bucket/prefix}), at the same paths below it. */
        public Builder to(StoragePath target) {
            this.to = target;
            return this;
        }

        /** Archives whose newest line is before {@code instant} go. */
        public Builder olderThan(Instant instant) {
            this.cutoff = instant;
            return this;
        }

        /** Says what would move, moving nothing. */
        public Builder dryRun(boolean on) {
            this.dryRun = on;
            return this;
        }

        /** Stops every archive's move after {@code step} (a test's crash). */
        public Builder stopAfter(Stop step) {
            this.stop = step;
            return this;
        }

        /** Gets a line for each archive moved (the refused ones are in the report). */
        public Builder progress(Consumer<String> lines) {
            this.progress = lines;
            return this;
        }

        /** @throws IllegalArgumentException naming what is wrong with the roots or the cut-off */
        public Tiering build() {
            if (from == null || to == null || cutoff == null) {
                throw new IllegalArgumentException("tiering needs a local root, a target and a cut-off");
            }
            if (!from.isLocal()) {
                throw new IllegalArgumentException("--archives: tiering moves archives off a local folder; " + from
                        + " is not one");
            }
            if (!Files.isDirectory(from.toLocalPath())) {
                throw new IllegalArgumentException("--archives: " + from + " is not a folder");
            }
            if (to.isLocal() && to.relativeTo(from) != null || from.canonical().equals(to.canonical())) {
                throw new IllegalArgumentException("--to: " + to + " is inside " + from + "; choose a place outside it");
            }
            return new Tiering(this);
        }
    }
}
