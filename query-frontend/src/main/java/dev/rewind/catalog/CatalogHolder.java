package dev.rewind.catalog;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.index.ArchiveIndexer;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.archive.format.PathDates;
import dev.rewind.connectors.archive.format.SidecarException;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.job.archiver.ArchiveManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live catalog: what the archive roots hold now, indexed. A refresh compares each file's
 * length and modification time (and its sidecar's) with what it had, so unchanged archives cost a
 * stat; new or changed ones are read from their sidecar, or queued to be indexed (the lean pass,
 * a file per indexing thread; the archives a waiting query needs first). An archive that fails is
 * retried with a growing delay, or at once when it changes. Token bloom filters are added later by
 * a background pass, where enabled. Every background task survives any throwable: it is logged,
 * the archive is marked failed, and the work goes on. Thread-safe.
 */
public final class CatalogHolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogHolder.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    private static final Duration LAST_RETRY = Duration.ofHours(1);

    /** How the catalog works in this process. */
    /**
     * @param indexAll       index every new archive in the background (the server); else only those a
     *                       query waits for (a command, which needs only its range)
     * @param tokenPass      add token bloom filters to lean-indexed archives in the background
     * @param rootsMustExist a missing root is an error (a command) rather than a warning (the server)
     */
    public record Options(Duration refreshEvery, int indexThreads, boolean indexAll, boolean tokenPass,
                          boolean rootsMustExist) {
        /** The server: refreshed every 5 s, lean indexing on every core, token filters added in the background. */
        public static Options server() {
            return new Options(Duration.ofSeconds(5), Math.max(1, Runtime.getRuntime().availableProcessors()), true, true,
                    false);
        }

        /** One command: no refresh, only the range's archives indexed, no background token pass (a scan completes it). */
        public static Options command() {
            return new Options(Duration.ZERO, Math.max(1, Runtime.getRuntime().availableProcessors()), false, false, true);
        }

        /** The same, with {@code threads} indexing (as many as the memory budget holds). */
        public Options withIndexThreads(int threads) {
            return new Options(refreshEvery, threads, indexAll, tokenPass, rootsMustExist);
        }
    }

    private volatile java.util.function.Consumer<Path> onIndexing = p -> { };

    /** Tells {@code listener} of each archive as its indexing starts (a command's progress line). */
    public CatalogHolder onIndexing(java.util.function.Consumer<Path> listener) {
        this.onIndexing = listener;
        return this;
    }

    private final List<Path> roots;
    private final SidecarPlacement placement;
    private final Options options;
    private final ArchiveIndexer lean = ArchiveIndexer.create(null, null).withoutTokens();
    private final ArchiveIndexer full = ArchiveIndexer.create(null, null);
    private final DetailsCache details;

    /** Every file of the roots, as known now. Guarded by {@code this}. */
    private final Map<Path, Entry> entries = new HashMap<>();
    /** Archives to index, in order; those a query waits for go first. Guarded by {@code this}. */
    private final LinkedHashSet<Path> queue = new LinkedHashSet<>();
    private final Set<Path> urgent = new LinkedHashSet<>();
    private final Set<Path> indexing = new java.util.HashSet<>();
    private final Set<Path> tokenQueued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> rootProblems = new ArrayList<>();
    /** The manifests of the folders the streaming archiver writes to, by folder. Guarded by {@code this}. */
    private final Map<Path, ArchiveManifest> manifests = new HashMap<>();
    private volatile Catalog current = Catalog.empty();
    private volatile boolean closed;

    private final ScheduledExecutorService refresher;
    private final ExecutorService indexers;
    private final ExecutorService tokenIndexer;

    /** What the catalog knows of one file. */
    private sealed interface Entry permits Indexed, Waiting, Broken {
    }

    private record Indexed(IndexedArchive archive, FileStat archiveStat, FileStat sidecarStat) implements Entry {
    }

    /** @param failures how many times indexing it failed before (for the delay before the next try) */
    private record Waiting(FileStat stat, int failures) implements Entry {
    }

    private record Broken(FileStat stat, String reason, int attempts, Instant retryAt) implements Entry {
    }

    /** Indexes one archive into a sidecar (the lean pass); a test may stand in for it. */
    @FunctionalInterface
    interface Indexer {
        SidecarIndex index(Path archive, Path sidecar) throws Exception;
    }

    private final Indexer leanIndexer;

    public CatalogHolder(List<Path> roots, SidecarPlacement placement, Options options) throws IOException {
        this(roots, placement, options, null);
    }

    /** @param indexer the lean indexing pass, or null for the real one */
    CatalogHolder(List<Path> roots, SidecarPlacement placement, Options options, Indexer indexer) throws IOException {
        this.leanIndexer = indexer != null ? indexer : (archive, sidecar) -> lean.index(archive, sidecar, n -> { });
        this.roots = List.copyOf(roots);
        this.placement = placement;
        this.options = options;
        this.details = new DetailsCache(32L << 20);
        this.refresher = Executors.newSingleThreadScheduledExecutor(daemon("catalog-refresh", Thread.NORM_PRIORITY));
        this.indexers = Executors.newFixedThreadPool(options.indexThreads(), daemon("indexer", Thread.NORM_PRIORITY));
        this.tokenIndexer = Executors.newSingleThreadExecutor(daemon("token-indexer", Thread.MIN_PRIORITY));
        refresh();
        if (!options.refreshEvery().isZero()) {
            long ms = options.refreshEvery().toMillis();
            refresher.scheduleWithFixedDelay(this::refreshSafely, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Sets the budget of the cache of sidecar details (hours, templates, bloom filters). */
    public CatalogHolder detailsBudget(long bytes) {
        details.resize(bytes);
        return this;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name, int priority) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        };
    }

    public Catalog snapshot() {
        return current;
    }

    public DetailsCache details() {
        return details;
    }

    public List<Path> roots() {
        return roots;
    }

    /** Archive roots that could not be listed, and why. */
    public synchronized List<String> rootProblems() {
        return List.copyOf(rootProblems);
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (Throwable t) { // never let the schedule die: a refresh that fails is tried again next time
            LOG.warn("catalog refresh failed: {}", t.toString(), t);
        }
    }

    /** Looks at the roots now: new, changed and removed archives (and sidecars) are taken in. */
    public synchronized void refresh() throws IOException {
        Map<Path, FileStat> files = new HashMap<>();
        Set<Path> archiverTargets = new java.util.HashSet<>();
        rootProblems.clear();
        for (Path root : roots) {
            try {
                ArchiveFilesScan.scan(root, files, archiverTargets);
            } catch (IOException | RuntimeException e) {
                if (options.rootsMustExist()) {
                    throw e;
                }
                rootProblems.add(root + ": " + e.getMessage());
            }
        }
        boolean changed = listArchiverTargets(archiverTargets, files);
        changed |= entries.keySet().retainAll(files.keySet());
        queue.retainAll(files.keySet());
        urgent.retainAll(files.keySet());
        Instant now = Instant.now();
        for (Map.Entry<Path, FileStat> file : files.entrySet()) {
            Path path = file.getKey();
            FileStat stat = file.getValue();
            Entry before = entries.get(path);
            Entry after = refreshed(path, stat, before, now);
            if (after != before) {
                entries.put(path, after);
                changed = true;
                if (after instanceof Waiting && !indexing.contains(path)) {
                    queue.add(path);
                } else if (after instanceof Indexed i) {
                    completeTokens(i.archive()); // a lean sidecar found on disk gets its token index too
                }
            }
        }
        if (changed || current == null) {
            publish();
        }
        startIndexing();
    }

    /**
     * Lists again, consistently with their manifests, the folders the streaming archiver writes to
     * ({@link ArchiverListing}), replacing what the walk found there: archives a commit in progress
     * announced are left out until the manifest that covers them is. When a folder cannot be listed
     * consistently this time, it keeps what it had. Returns whether a manifest changed.
     */
    private boolean listArchiverTargets(Set<Path> targets, Map<Path, FileStat> files) {
        boolean changed = manifests.keySet().retainAll(targets);
        for (Path target : targets) {
            files.keySet().removeIf(p -> p.startsWith(target));
            ArchiveManifest had = manifests.get(target);
            java.util.Optional<ArchiverListing.View> view;
            try {
                view = ArchiverListing.consistent(target);
            } catch (IOException | RuntimeException e) {
                rootProblems.add(target + ": the archiver's manifest cannot be read (" + e.getMessage() + "); "
                        + "its archives are left out");
                manifests.remove(target);
                changed |= had != null;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                view = java.util.Optional.empty();
            }
            if (view.isEmpty()) { // commits kept landing: keep this folder as it was, with its manifest
                entries.forEach((path, entry) -> {
                    if (path.startsWith(target)) {
                        files.put(path, statOf(entry));
                    }
                });
                continue;
            }
            files.putAll(view.get().files());
            ArchiveManifest now = view.get().manifest();
            if (now == null) {
                changed |= manifests.remove(target) != null;
            } else if (had == null || had.sequence() != now.sequence()) {
                manifests.put(target, now);
                changed = true;
            }
        }
        return changed;
    }

    private static FileStat statOf(Entry entry) {
        if (entry instanceof Indexed i) {
            return i.archiveStat();
        }
        return entry instanceof Waiting w ? w.stat() : ((Broken) entry).stat();
    }

    private Entry refreshed(Path path, FileStat stat, Entry before, Instant now) {
        if (before instanceof Indexed i && i.archiveStat().equals(stat)) {
            FileStat sidecarNow = FileStat.of(i.archive().sidecar());
            if (i.sidecarStat().equals(sidecarNow)) {
                return before;
            }
        } else if (before instanceof Waiting w && w.stat().equals(stat)) {
            return before;
        } else if (before instanceof Broken b && b.stat().equals(stat) && now.isBefore(b.retryAt())) {
            return before;
        }
        Indexed read = readSidecar(path, stat);
        if (read != null) {
            return read;
        }
        // A failed archive due for another try keeps its count of failures; a changed one starts afresh.
        return new Waiting(stat, before instanceof Broken b && b.stat().equals(stat) ? b.attempts() : 0);
    }

    /** The archive with a sidecar that still describes it, or null when it has none. */
    private Indexed readSidecar(Path archive, FileStat stat) {
        for (Path sidecar : placement.candidates(archive)) {
            FileStat sidecarStat = FileStat.of(sidecar);
            if (sidecarStat == null) {
                continue;
            }
            try {
                SidecarIndex index = ArchiveFiles.readSidecar(archive, sidecar);
                return new Indexed(new IndexedArchive(archive, sidecar, index), stat, sidecarStat);
            } catch (SidecarException stale) {
                LOG.debug("{}", stale.getMessage()); // stale or damaged: indexed again
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot read sidecar {}: {}", sidecar, e.toString());
            }
        }
        return null;
    }

    private synchronized void startIndexing() {
        while (!closed && !queue.isEmpty() && indexing.size() < options.indexThreads()
                && (options.indexAll() || !urgent.isEmpty())) {
            Path next = urgent.isEmpty() ? newestFirst() : urgent.iterator().next();
            urgent.remove(next);
            queue.remove(next);
            indexing.add(next);
            indexers.execute(() -> indexOne(next));
        }
    }

    /** Without a query waiting, the newest archives first: recent history is asked about most. */
    private Path newestFirst() {
        return queue.stream().max(Comparator.comparing((Path p) -> {
            var d = PathDates.of(p);
            return d == null ? java.time.LocalDate.MIN : d;
        })).orElseThrow();
    }

    private void indexOne(Path archive) {
        onIndexing.accept(archive);
        FileStat stat = FileStat.of(archive);
        Entry result;
        try {
            Path sidecar = placement.target(archive);
            SidecarIndex index = leanIndexer.index(archive, sidecar);
            result = new Indexed(new IndexedArchive(archive, sidecar, index), stat, FileStat.of(sidecar));
        } catch (Throwable t) { // an Error too: this archive is marked failed, the indexer goes on
            result = failed(archive, stat, t);
        }
        synchronized (this) {
            indexing.remove(archive);
            if (entries.containsKey(archive) && stat != null && stat.equals(FileStat.of(archive))) {
                entries.put(archive, result);
            } else if (entries.containsKey(archive)) {
                queue.add(archive); // it changed while being indexed: again
            }
            dirty = true;
            if (queue.isEmpty() || indexing.isEmpty() || System.nanoTime() - lastPublish > 250_000_000L) {
                publish();
            }
            notifyAll();
            startIndexing();
        }
        if (result instanceof Indexed i) {
            completeTokens(i.archive());
        }
    }

    private Broken failed(Path archive, FileStat stat, Throwable t) {
        int attempts;
        synchronized (this) {
            attempts = entries.get(archive) instanceof Waiting w ? w.failures() + 1 : 1;
        }
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (wait.compareTo(LAST_RETRY) > 0) {
            wait = LAST_RETRY;
        }
        String reason = t instanceof OutOfMemoryError ? "out of memory while indexing it"
                : t.getMessage() != null ? t.getMessage() : t.toString();
        LOG.warn("cannot index {} (attempt {}, next in {} s): {}", archive, attempts, wait.toSeconds(), reason);
        return new Broken(stat, reason, attempts, Instant.now().plus(wait));
    }

    /** Adds the token bloom filters of a lean-indexed archive, one archive at a time, in the background. */
    private void completeTokens(IndexedArchive a) {
        if (!options.tokenPass() || a.index().summary().tokensIndexed() || !tokenQueued.add(a.archive())) {
            return;
        }
        tokenIndexer.execute(() -> {
            try {
                Entry e;
                synchronized (this) {
                    e = entries.get(a.archive());
                }
                // Still this version, still lean (a query's scan may have completed it meanwhile)?
                if (e instanceof Indexed i && i.archive().index().identity().equals(a.index().identity())
                        && !ArchiveFiles.readSidecar(a.archive(), a.sidecar()).summary().tokensIndexed()) {
                    full.index(a.archive(), a.sidecar(), n -> { });
                    // the next refresh sees the sidecar changed and reads it (the answers do not change)
                }
            } catch (Throwable t) {
                LOG.warn("cannot add the token index of {}: {}", a.archive(), t.toString());
            } finally {
                tokenQueued.remove(a.archive());
            }
        });
    }

    private long lastPublish;
    /** Entries changed since the last publish. Guarded by {@code this}. */
    private boolean dirty;

    /** Makes the entries the current catalog: indexed archives (byte-identical copies set aside), pending, failed. */
    private synchronized void publish() {
        List<Indexed> indexed = new ArrayList<>();
        List<Catalog.Pending> waiting = new ArrayList<>();
        List<Catalog.Failed> broken = new ArrayList<>();
        for (Map.Entry<Path, Entry> e : entries.entrySet()) {
            Path p = e.getKey();
            Entry entry = e.getValue();
            if (entry instanceof Indexed i) {
                indexed.add(i);
            } else if (entry instanceof Waiting) {
                waiting.add(new Catalog.Pending(p, PathDates.of(p)));
            } else if (entry instanceof Broken b) {
                broken.add(new Catalog.Failed(p, PathDates.of(p), b.reason(), b.retryAt()));
            }
        }
        indexed.sort(Comparator.comparing(i -> i.archive().archive().toString()));
        List<IndexedArchive> archives = new ArrayList<>();
        List<Catalog.Duplicate> duplicates = new ArrayList<>();
        Map<String, Path> byContent = new HashMap<>();
        for (Indexed i : indexed) {
            var id = i.archive().index().identity();
            if (id.contentHash() != 0) {
                Path original = byContent.putIfAbsent(id.contentHash() + ":" + id.length(), i.archive().archive());
                if (original != null) {
                    duplicates.add(new Catalog.Duplicate(i.archive().archive(), original));
                    continue;
                }
            }
            archives.add(i.archive());
        }
        waiting.sort(Comparator.comparing(p -> p.archive().toString()));
        current = new Catalog(archives, waiting, broken, duplicates, manifests);
        lastPublish = System.nanoTime();
        dirty = false;
    }

    /**
     * Waits, at most {@code wait}, until the archives that may hold records of {@code [from, to]}
     * are indexed (they are indexed next), and returns the catalog then; what is still pending is
     * in it, for the answer to say.
     */
    public Catalog awaitIndexed(Instant from, Instant to, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            for (Catalog.Pending p : current.pendingIn(from, to)) {
                if (queue.contains(p.archive())) {
                    urgent.add(p.archive());
                }
            }
            startIndexing();
            while (!current.pendingIn(from, to).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
                if (dirty) {
                    publish(); // an archive someone waits for may be done: look at the entries as they are
                }
            }
            return current;
        }
    }

    @Override
    public void close() {
        closed = true;
        refresher.shutdownNow();
        indexers.shutdownNow();
        tokenIndexer.shutdownNow();
        synchronized (this) {
            notifyAll();
        }
    }
}
