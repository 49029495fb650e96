package dev.rewind.catalog;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.index.ArchiveIndexer;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.archive.format.PathDates;
import dev.rewind.connectors.archive.format.SidecarException;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import dev.rewind.connectors.storage.TierLog;
import dev.rewind.job.archiver.ArchiveManifest;
import java.io.IOException;
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
 * The live catalog: what the archive roots (local folders, or remote prefixes such as
 * {@code s3://bucket/logs}) hold now, indexed. A refresh lists each root — a local one every
 * refresh, a remote one on its own longer schedule or when asked ({@link #refreshRemote}), and
 * only the folders of the {@link ListingScope} — and compares each file's length and modification
 * time (and its sidecar's) with what it had, so unchanged archives cost nothing more than being
 * listed; new or changed ones are read from their sidecar, or queued to be indexed (the lean pass,
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
    /**
     * @param remoteRefreshEvery how often remote roots are listed again (listings cost requests):
     *                           a multiple of {@code refreshEvery}
     * @param scope              which folders of the roots are listed (a command: its range's)
     */
    public record Options(Duration refreshEvery, int indexThreads, boolean indexAll, boolean tokenPass,
                          boolean rootsMustExist, Duration remoteRefreshEvery, ListingScope scope) {
        /**
         * The server: local roots refreshed every 5 s, remote ones every minute, lean indexing on
         * every core, token filters added in the background.
         */
        public static Options server() {
            return new Options(Duration.ofSeconds(5), Math.max(1, Runtime.getRuntime().availableProcessors()), true, true,
                    false, Duration.ofMinutes(1), ListingScope.ALL);
        }

        /** One command: no refresh, only the range's archives indexed, no background token pass (a scan completes it). */
        public static Options command() {
            return new Options(Duration.ZERO, Math.max(1, Runtime.getRuntime().availableProcessors()), false, false, true,
                    Duration.ZERO, ListingScope.ALL);
        }

        /** The same, with {@code threads} indexing (as many as the memory budget holds). */
        public Options withIndexThreads(int threads) {
            return new Options(refreshEvery, threads, indexAll, tokenPass, rootsMustExist, remoteRefreshEvery, scope);
        }

        /** The same, listing only the folders whose path dates may hold records of {@code scope}. */
        public Options listing(ListingScope listing) {
            return new Options(refreshEvery, indexThreads, indexAll, tokenPass, rootsMustExist, remoteRefreshEvery, listing);
        }

        /** The same, with remote roots listed every {@code every}. */
        public Options remoteRefresh(Duration every) {
            return new Options(refreshEvery, indexThreads, indexAll, tokenPass, rootsMustExist, every, scope);
        }
    }

    private volatile java.util.function.Consumer<StoragePath> onIndexing = p -> { };

    /** Tells {@code listener} of each archive as its indexing starts (a command's progress line). */
    public CatalogHolder onIndexing(java.util.function.Consumer<StoragePath> listener) {
        this.onIndexing = listener;
        return this;
    }

    private final List<StoragePath> roots;
    private final SidecarPlacement placement;
    private final Options options;
    private final ArchiveIndexer lean = ArchiveIndexer.create(null, null).withoutTokens();
    private final ArchiveIndexer full = ArchiveIndexer.create(null, null);
    private final DetailsCache details;

    /** Every file of the roots, as known now. Guarded by {@code this}. */
    private final Map<StoragePath, Entry> entries = new HashMap<>();
    /** Archives to index, in order; those a query waits for go first. Guarded by {@code this}. */
    private final LinkedHashSet<StoragePath> queue = new LinkedHashSet<>();
    private final Set<StoragePath> urgent = new LinkedHashSet<>();
    private final Set<StoragePath> indexing = new java.util.HashSet<>();
    private final Set<StoragePath> tokenQueued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Each root's last listing, and when it was taken. Guarded by {@code this}. */
    private final Map<StoragePath, RootListing> listings = new HashMap<>();
    /** Sidecars seen in the last listings (roots and a remote index directory). Guarded by {@code this}. */
    private final Map<StoragePath, StoredFile> sidecars = new HashMap<>();
    /** Forces the next refresh to list remote roots. */
    private volatile boolean remoteDue = true;

    /**
     * What one listing of a root found: its archives (those of archiver targets as their manifests
     * have them), its sidecars, the archiver targets under it, and what could not be read there.
     */
    private record RootListing(Map<StoragePath, StoredFile> archives, Map<StoragePath, StoredFile> sidecars,
                               Set<StoragePath> archiverTargets, List<String> problems, long atNanos,
                               Map<StoragePath, StoredFile> moved, Map<StoragePath, StoredFile> movedSidecars) {
    }
    private final List<String> rootProblems = new ArrayList<>();
    /** The manifests of the folders the streaming archiver writes to, by folder. Guarded by {@code this}. */
    private final Map<StoragePath, ArchiveManifest> manifests = new HashMap<>();
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
        SidecarIndex index(StoredFile archive, StoragePath sidecar) throws Exception;
    }

    private final Indexer leanIndexer;

    /** @param roots local folders or remote prefixes ({@code s3://bucket/logs}) */
    public static CatalogHolder open(List<StoragePath> roots, SidecarPlacement placement, Options options)
            throws IOException {
        return new CatalogHolder(roots, placement, options, null, true);
    }

    /** Local roots (tools and tests). */
    public CatalogHolder(List<java.nio.file.Path> roots, SidecarPlacement placement, Options options) throws IOException {
        this(roots.stream().map(StoragePath::of).toList(), placement, options, null, true);
    }

    /** @param indexer the lean indexing pass, or null for the real one */
    CatalogHolder(List<java.nio.file.Path> roots, SidecarPlacement placement, Options options, Indexer indexer)
            throws IOException {
        this(roots.stream().map(StoragePath::of).toList(), placement, options, indexer, true);
    }

    private CatalogHolder(List<StoragePath> roots, SidecarPlacement placement, Options options, Indexer indexer,
                          boolean unused) throws IOException {
        this.leanIndexer = indexer != null ? indexer
                : (archive, sidecar) -> lean.index(archive, sidecar, n -> { }, IoCounts.IGNORED);
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

    public List<StoragePath> roots() {
        return roots;
    }

    /** Lists the remote roots again now (and the local ones): new, changed and removed objects taken in. */
    public void refreshRemote() throws IOException {
        remoteDue = true;
        refresh();
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

    /**
     * Looks at the roots now: new, changed and removed archives (and sidecars) are taken in. Local
     * roots are listed every time; remote ones when their time has come (or {@link #refreshRemote}).
     */
    public synchronized void refresh() throws IOException {
        rootProblems.clear();
        long now = System.nanoTime();
        boolean remoteNow = remoteDue;
        remoteDue = false;
        Map<StoragePath, StoredFile> files = new HashMap<>();
        sidecars.clear();
        boolean changed = false;
        for (StoragePath root : roots) {
            RootListing last = listings.get(root);
            boolean due = root.isLocal() || last == null || remoteNow
                    || now - last.atNanos() >= options.remoteRefreshEvery().toNanos();
            if (due) {
                Map<StoragePath, StoredFile> archives = new HashMap<>();
                Map<StoragePath, StoredFile> found = new HashMap<>();
                Set<StoragePath> targets = new java.util.HashSet<>();
                try {
                    ArchiveFilesScan.scan(root, options.scope(), archives, found, targets);
                } catch (IOException | RuntimeException e) {
                    if (options.rootsMustExist()) {
                        throw e;
                    }
                    rootProblems.add(root + ": " + dev.rewind.connectors.storage.Secrets.redact(String.valueOf(
                            e.getMessage())));
                    listings.remove(root);
                    continue;
                }
                List<String> problems = new ArrayList<>();
                changed |= listArchiverTargets(targets, archives, found, problems);
                Map<StoragePath, StoredFile> moved = new HashMap<>();
                Map<StoragePath, StoredFile> movedSidecars = new HashMap<>();
                if (root.isLocal()) {
                    movedFrom(root, archives, moved, movedSidecars, problems);
                }
                last = new RootListing(archives, found, Set.copyOf(targets), List.copyOf(problems), now, moved,
                        movedSidecars);
                listings.put(root, last);
            }
            files.putAll(last.archives());
            sidecars.putAll(last.sidecars());
            rootProblems.addAll(last.problems());
        }
        // Archives tiering moved off a local root, where the store's own listing (when it is a root
        // at all) has not seen them yet: a listing, when there is one, says what the object is now.
        for (RootListing l : listings.values()) {
            l.moved().forEach(files::putIfAbsent);
            l.movedSidecars().forEach(sidecars::putIfAbsent);
        }
        StoragePath indexDir = placement.indexDir();
        if (!indexDir.isLocal() && (remoteNow || files.keySet().stream().anyMatch(p -> !entries.containsKey(p)))) {
            try { // sidecars of a remote index directory: one listing, rather than a request per archive
                Storages.of(indexDir).list(indexDir, f -> false, f -> sidecars.put(f.path(), f));
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot list the index directory {}: {}", indexDir, e.toString());
            }
        }
        Set<StoragePath> targets = new java.util.HashSet<>();
        listings.values().forEach(l -> targets.addAll(l.archiverTargets()));
        changed |= manifests.keySet().retainAll(targets);
        changed |= entries.keySet().retainAll(files.keySet());
        queue.retainAll(files.keySet());
        urgent.retainAll(files.keySet());
        Instant instant = Instant.now();
        for (Map.Entry<StoragePath, StoredFile> file : files.entrySet()) {
            StoragePath path = file.getKey();
            StoredFile stored = file.getValue();
            Entry before = entries.get(path);
            Entry after = refreshed(stored, before, instant);
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
     * ({@link ArchiverListing}), replacing what the root's listing found there: archives a commit in
     * progress announced are left out until the manifest that covers them is. When a folder cannot
     * be listed consistently this time, it keeps what it had. Returns whether a manifest changed.
     *
     * @param archives the root's listing, changed in place
     * @param rootSidecars the root's sidecars, to which those of the targets' listings are added
     * @param problems gets each target whose manifest cannot be read
     */
    private boolean listArchiverTargets(Set<StoragePath> targets, Map<StoragePath, StoredFile> archives,
                                        Map<StoragePath, StoredFile> rootSidecars, List<String> problems) {
        boolean changed = false;
        for (StoragePath target : targets) {
            archives.keySet().removeIf(p -> p.relativeTo(target) != null);
            ArchiveManifest had = manifests.get(target);
            java.util.Optional<ArchiverListing.View> view;
            try {
                view = ArchiverListing.consistent(target, options.scope());
            } catch (IOException | RuntimeException e) {
                problems.add(target + ": the archiver's manifest cannot be read ("
                        + dev.rewind.connectors.storage.Secrets.redact(String.valueOf(e.getMessage()))
                        + "); its archives are left out");
                manifests.remove(target);
                changed |= had != null;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                view = java.util.Optional.empty();
            }
            if (view.isEmpty()) { // commits kept landing: keep this folder as it was, with its manifest
                entries.forEach((path, entry) -> {
                    FileStat stat = statOf(entry);
                    if (stat != null && path.relativeTo(target) != null) {
                        archives.put(path, new StoredFile(path, stat.size(), stat.modifiedMillis()));
                    }
                });
                continue;
            }
            archives.putAll(view.get().files());
            rootSidecars.putAll(view.get().sidecars());
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

    /**
     * The archives {@code rewind tier} moved off the local {@code root} whose local copy is gone now,
     * as their copies are ({@link TierLog}), and the sidecars it moved with them: the catalog follows
     * a move at its next refresh of the local root, without waiting for (or having) a listing of the
     * store. While the local copy is still there, the local copy is the archive.
     */
    private void movedFrom(StoragePath root, Map<StoragePath, StoredFile> listed, Map<StoragePath, StoredFile> archives,
                           Map<StoragePath, StoredFile> sidecarsMoved, List<String> problems) {
        TierLog log;
        try {
            log = TierLog.read(root);
        } catch (IOException e) {
            problems.add(dev.rewind.connectors.storage.Secrets.redact(e.getMessage()));
            return;
        }
        for (TierLog.Move move : log.moves()) {
            StoragePath local = root.resolve(move.path());
            if (!inScope(move.path())) {
                continue;
            }
            if (ArchiveFiles.isSidecar(local)) {
                sidecarsMoved.put(move.to(), move.remote());
            } else if (ArchiveFilesScan.isArchive(local) && !listed.containsKey(local)) {
                archives.put(move.to(), move.remote());
            }
        }
    }

    /** Whether every folder of {@code relative} (a file below a root) is in the listing's scope. */
    private boolean inScope(String relative) {
        int slash = relative.indexOf('/');
        while (slash > 0) {
            if (!options.scope().mayHold(relative.substring(0, slash))) {
                return false;
            }
            slash = relative.indexOf('/', slash + 1);
        }
        return true;
    }

    private static FileStat statOf(Entry entry) {
        if (entry instanceof Indexed i) {
            return i.archiveStat();
        }
        return entry instanceof Waiting w ? w.stat() : ((Broken) entry).stat();
    }

    /** A sidecar as the last listing saw it; else as it is now (a local index directory: a stat). */
    private StoredFile sidecarNow(StoragePath sidecar) {
        StoredFile listed = sidecars.get(sidecar);
        if (listed != null || !sidecar.isLocal()) {
            return listed;
        }
        try {
            return Storages.of(sidecar).stat(sidecar);
        } catch (IOException e) {
            return null;
        }
    }

    private Entry refreshed(StoredFile file, Entry before, Instant now) {
        FileStat stat = FileStat.of(file);
        if (before instanceof Indexed i && i.archiveStat().equals(stat)) {
            FileStat sidecarNow = FileStat.of(sidecarNow(i.archive().sidecar()));
            if (i.sidecarStat().equals(sidecarNow)) {
                return before;
            }
        } else if (before instanceof Waiting w && w.stat().equals(stat)) {
            return before;
        } else if (before instanceof Broken b && b.stat().equals(stat) && now.isBefore(b.retryAt())) {
            return before;
        }
        Indexed read = readSidecar(file);
        if (read != null) {
            return read;
        }
        // A failed archive due for another try keeps its count of failures; a changed one starts afresh.
        return new Waiting(stat, before instanceof Broken b && b.stat().equals(stat) ? b.attempts() : 0);
    }

    /** The archive with a sidecar that still describes it, or null when it has none. */
    private Indexed readSidecar(StoredFile archive) {
        for (StoragePath sidecar : placement.candidates(archive.path())) {
            StoredFile sidecarFile = sidecarNow(sidecar);
            if (sidecarFile == null) {
                continue;
            }
            try {
                SidecarIndex index = ArchiveFiles.readSidecar(archive, sidecarFile);
                return new Indexed(new IndexedArchive(archive.path(), sidecar, index), FileStat.of(archive),
                        FileStat.of(sidecarFile));
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
            StoragePath next = urgent.isEmpty() ? newestFirst() : urgent.iterator().next();
            urgent.remove(next);
            queue.remove(next);
            indexing.add(next);
            indexers.execute(() -> indexOne(next));
        }
    }

    /** Without a query waiting, the newest archives first: recent history is asked about most. */
    private StoragePath newestFirst() {
        return queue.stream().max(Comparator.comparing((StoragePath p) -> {
            var d = PathDates.of(p);
            return d == null ? java.time.LocalDate.MIN : d;
        })).orElseThrow();
    }

    private void indexOne(StoragePath archive) {
        onIndexing.accept(archive);
        Entry result;
        StoredFile file = null;
        try {
            file = Storages.of(archive).stat(archive);
            if (file == null) {
                throw new java.nio.file.NoSuchFileException(archive.toString(), null, "gone before it was indexed");
            }
            StoragePath sidecar = placement.target(archive);
            SidecarIndex index = leanIndexer.index(file, sidecar);
            result = new Indexed(new IndexedArchive(archive, sidecar, index), FileStat.of(file),
                    FileStat.of(Storages.of(sidecar).stat(sidecar)));
        } catch (Throwable t) { // an Error too: this archive is marked failed, the indexer goes on
            result = failed(archive, FileStat.of(file), t);
        }
        FileStat stat = FileStat.of(file);
        FileStat after = stat == null ? null : statQuietly(archive);
        synchronized (this) {
            indexing.remove(archive);
            if (entries.containsKey(archive) && stat != null && stat.equals(after)) {
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

    private static FileStat statQuietly(StoragePath file) {
        try {
            return FileStat.of(Storages.of(file).stat(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Broken failed(StoragePath archive, FileStat stat, Throwable t) {
        int attempts;
        synchronized (this) {
            attempts = entries.get(archive) instanceof Waiting w ? w.failures() + 1 : 1;
        }
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (wait.compareTo(LAST_RETRY) > 0) {
            wait = LAST_RETRY;
        }
        String reason = dev.rewind.connectors.storage.Secrets.redact(t instanceof OutOfMemoryError
                ? "out of memory while indexing it" : t.getMessage() != null ? t.getMessage() : t.toString());
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
                        && !ArchiveFiles.readSidecar(a.file(), ArchiveFiles.stat(a.sidecar())).summary().tokensIndexed()) {
                    full.index(a.file(), a.sidecar(), n -> { }, IoCounts.IGNORED);
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
        for (Map.Entry<StoragePath, Entry> e : entries.entrySet()) {
            StoragePath p = e.getKey();
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
        Map<String, StoragePath> byContent = new HashMap<>();
        for (Indexed i : indexed) {
            var id = i.archive().index().identity();
            if (id.contentHash() != 0) {
                StoragePath original = byContent.putIfAbsent(id.contentHash() + ":" + id.length(), i.archive().archive());
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
