package dev.rewind.catalog;

import dev.rewind.connectors.archive.format.ArchiveDamage;
import dev.rewind.connectors.archive.format.ArchiveIdentity;
import dev.rewind.connectors.archive.format.ArchiveSummary;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.record.LineHash;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.job.archiver.ArchiveManifest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One consistent view of the archives: those indexed (what queries plan over), those found but
 * not indexed yet, those that could not be read, and byte-identical copies set aside. A query
 * takes one snapshot and uses it throughout, so its plan, its cache keys and its warnings agree.
 * Immutable; {@link CatalogHolder} publishes a new one when anything changes.
 */
public final class Catalog {
    /** How far a path date ({@code dt=2024-03-15/}) is trusted: lines of a day's file may spill into the days around it. */
    private static final Duration PATH_DATE_SLACK = Duration.ofDays(1);

    private final List<IndexedArchive> archives;
    private final List<Pending> pending;
    private final List<Failed> failed;
    private final List<Duplicate> duplicates;
    /** The streaming archiver's manifests, by the folder it writes to; what is listed there agrees with them. */
    private final Map<StoragePath, ArchiveManifest> manifests;
    private final String version;
    private final Instant watermark;
    /** Per archive (same order): time range and identity hash, for versions of a range without walking records. */
    private final long[] minMillis;
    private final long[] maxMillis;
    private final long[] identityHash;

    /** An archive found without a current sidecar, waiting to be indexed. */
    public record Pending(StoragePath archive, LocalDate pathDate) {
    }

    /** An archive that could not be indexed, why, and when it will be tried again. */
    public record Failed(StoragePath archive, LocalDate pathDate, String reason, Instant retryAt) {
    }

    /** An archive whose bytes are exactly those of another: its lines are counted once, from {@code original}. */
    public record Duplicate(StoragePath archive, StoragePath original) {
    }

    public Catalog(List<IndexedArchive> archives, List<Pending> pending, List<Failed> failed, List<Duplicate> duplicates) {
        this(archives, pending, failed, duplicates, Map.of());
    }

    /** @param manifests the streaming archiver's manifests, by the folder it writes to */
    public Catalog(List<IndexedArchive> archives, List<Pending> pending, List<Failed> failed, List<Duplicate> duplicates,
                   Map<StoragePath, ArchiveManifest> manifests) {
        this.manifests = Map.copyOf(manifests);
        this.archives = List.copyOf(archives);
        this.pending = List.copyOf(pending);
        this.failed = List.copyOf(failed);
        this.duplicates = List.copyOf(duplicates);
        int n = this.archives.size();
        minMillis = new long[n];
        maxMillis = new long[n];
        identityHash = new long[n];
        long all = 17;
        Instant newest = Instant.EPOCH;
        for (int i = 0; i < n; i++) {
            IndexedArchive a = this.archives.get(i);
            ArchiveSummary s = a.index().summary();
            // An archive with no record has no range: it counts for every range, since it may change.
            minMillis[i] = s.minTimestamp() == null ? Long.MIN_VALUE : s.minTimestamp().toEpochMilli();
            maxMillis[i] = s.maxTimestamp() == null ? Long.MAX_VALUE : s.maxTimestamp().toEpochMilli();
            identityHash[i] = identityHash(a);
            all = all * 31 + identityHash[i];
            if (s.maxTimestamp() != null && s.maxTimestamp().isAfter(newest)) {
                newest = s.maxTimestamp();
            }
        }
        this.version = String.format("%016x", all);
        this.watermark = newest;
    }

    public static Catalog empty() {
        return new Catalog(List.of(), List.of(), List.of(), List.of());
    }

    private static long identityHash(IndexedArchive a) {
        ArchiveIdentity id = a.index().identity();
        return LineHash.of(a.archive() + ":" + id.length() + ":" + id.headHash() + ":" + id.tailHash() + ":"
                + id.contentHash() + ":" + a.index().summary().damage().size());
    }

    /** The indexed archives, sorted by path. */
    public List<IndexedArchive> archives() {
        return archives;
    }

    public List<Pending> pending() {
        return pending;
    }

    public List<Failed> failed() {
        return failed;
    }

    public List<Duplicate> duplicates() {
        return duplicates;
    }

    /** Changes whenever any indexed archive's identity does: what keys whole cached answers. */
    public String version() {
        return version;
    }

    /**
     * What the streaming archiver has committed of {@code topic}, when it archives that topic into
     * one of the roots: the archives of this snapshot are exactly those its offsets cover, so the
     * live part of a query starts at them ({@code RouteHandler}).
     */
    public Optional<ArchiveManifest> archived(String topic) {
        return manifests.values().stream().filter(m -> m.topic().equals(topic)).findFirst();
    }

    /** The streaming archiver's manifests, by the folder it writes to. */
    public Map<StoragePath, ArchiveManifest> manifests() {
        return manifests;
    }

    /** The archive watermark W: the newest archived timestamp (EPOCH when there is none). */
    public Instant watermark() {
        return watermark;
    }

    /**
     * The version of the archives that may hold records in {@code [from, to]}: what an answer
     * over that range depends on, so adding or changing another day's archive leaves it valid.
     */
    public String versionOf(Instant from, Instant to) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        long hash = 17;
        for (int i = 0; i < identityHash.length; i++) {
            if (maxMillis[i] >= f && minMillis[i] <= t) {
                hash = hash * 31 + identityHash[i];
            }
        }
        return Long.toHexString(hash);
    }

    /** The indexed archives that may hold records in {@code [from, to]}. */
    public List<IndexedArchive> archivesIn(Instant from, Instant to) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        List<IndexedArchive> out = new ArrayList<>();
        for (int i = 0; i < identityHash.length; i++) {
            if (maxMillis[i] >= f && minMillis[i] <= t) {
                out.add(archives.get(i));
            }
        }
        return out;
    }

    /**
     * The span of time the indexed archives cover within {@code [from, to]}, or null when none
     * does: a question is sliced only over this, however wide it was asked.
     */
    public Instant[] coverage(Instant from, Instant to) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int i = 0; i < identityHash.length; i++) {
            if (maxMillis[i] >= f && minMillis[i] <= t) {
                lo = Math.min(lo, Math.max(minMillis[i], f));
                hi = Math.max(hi, Math.min(maxMillis[i], t));
            }
        }
        if (lo > hi) {
            return null;
        }
        Instant start = lo == f ? from : Instant.ofEpochMilli(lo);
        Instant end = hi == t ? to : Instant.ofEpochMilli(hi).plusNanos(999_999);
        return new Instant[] {start.isBefore(from) ? from : start, end.isAfter(to) ? to : end};
    }

    /** Archives not indexed yet that may hold records in {@code [from, to]} (by their path date; any, without one). */
    public List<Pending> pendingIn(Instant from, Instant to) {
        return pending.stream().filter(p -> mayHold(p.pathDate(), from, to)).toList();
    }

    /**
     * What a person must know about the archives of {@code [from, to]}: those that could not be
     * read, and those damaged (what they lost). Each archive once, in path order: the same
     * question gets the same warnings whatever the caches hold.
     */
    public List<String> problemsIn(Instant from, Instant to) {
        List<String> out = new ArrayList<>();
        for (IndexedArchive a : archivesIn(from, to)) {
            for (ArchiveDamage d : a.index().summary().damage()) {
                out.add(a.archive() + ": " + d.describe());
            }
        }
        failed.stream().filter(f -> mayHold(f.pathDate(), from, to)).sorted(Comparator.comparing(f -> f.archive().toString()))
                .forEach(f -> out.add(f.archive() + ": could not be read (" + f.reason() + "); its lines are not in this answer"));
        return out;
    }

    static boolean mayHold(LocalDate pathDate, Instant from, Instant to) {
        if (pathDate == null) {
            return true;
        }
        Instant dayStart = pathDate.atStartOfDay(ZoneOffset.UTC).toInstant();
        return !dayStart.minus(PATH_DATE_SLACK).isAfter(to) && !dayStart.plus(PATH_DATE_SLACK).plusSeconds(86_400).isBefore(from);
    }
}
