package dev.rewind.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rewind.cache.AnswerCache;
import dev.rewind.cache.PackStore;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.catalog.SidecarPlacement;
import dev.rewind.query.chain.CursorCodec;
import dev.rewind.query.chain.LimitsHandler;
import dev.rewind.query.chain.MetadataHandler;
import dev.rewind.query.chain.PagingHandler;
import dev.rewind.query.chain.PrefetchHandler;
import dev.rewind.query.chain.Query;
import dev.rewind.query.chain.QueryContext;
import dev.rewind.query.chain.QueryHandler;
import dev.rewind.query.chain.ResultCacheHandler;
import dev.rewind.query.chain.RouteHandler;
import dev.rewind.query.chain.RunHandler;
import dev.rewind.query.chain.SliceCacheLayer;
import dev.rewind.query.chain.SliceSplitHandler;
import dev.rewind.query.run.JobGate;
import dev.rewind.query.run.Jobs;
import dev.rewind.query.run.ScanJob;
import dev.rewind.stats.CacheStats;
import dev.rewind.stats.QueryStats;
import dev.rewind.stats.TierStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The query path, assembled once from an {@link EngineConfig}: the same chain of layers answers
 * the HTTP API and the command line (see {@link QueryHandler} for the layers). Also the one place
 * that knows the running queries (to stop one by id), the caches (to clear them) and the counts.
 * Thread-safe.
 */
public final class QueryEngine implements AutoCloseable {
    private final EngineConfig config;
    private final CatalogHolder catalog;
    private final QueryHandler chain;
    /** The scan alone: limits, route, job; no cache, no metadata answer. */
    private final QueryHandler uncached;
    private final AnswerCache answers;
    private final AnswerCache slices;
    private final PrefetchHandler prefetch;
    private final ScanJob scan;
    private final CacheStats cacheStats = new CacheStats();
    private final QueryStats stats;
    private final ConcurrentMap<String, QueryContext> running = new ConcurrentHashMap<>();
    /** Queries stopped or finished a moment ago: a cancel that arrives just after still succeeds. */
    private final Cache<String, String> recentlyEnded = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    public QueryEngine(EngineConfig config, QueryStats stats) throws IOException {
        this.config = config;
        this.stats = stats;
        MemoryBudget budget = config.budget();
        this.catalog = CatalogHolder.open(config.archives(), SidecarPlacement.of(config.indexDir()), config.catalog())
                .detailsBudget(budget.details());
        Path cacheDir = config.cacheDir();
        long diskBytes = Math.max(64L << 20, budget.resultCaches() * 4);
        this.answers = new AnswerCache("memory", budget.resultCaches() / 2,
                cacheDir == null ? null : new PackStore(cacheDir.resolve("answers"), "disk", diskBytes / 2, 5_000));
        this.slices = new AnswerCache("slices", budget.resultCaches() / 2,
                cacheDir == null ? null : new PackStore(cacheDir.resolve("slices"), "slices-disk", diskBytes / 2, 5_000));
        QueryLimits limits = config.limits();
        this.scan = new ScanJob(config.jobs(), catalog.details(), limits, new JobGate(limits.maxJobs(), limits.maxQueued()),
                budget.rowsPerQuery());
        QueryHandler run = new MetadataHandler(new RunHandler(scan), catalog.details());
        QueryHandler sliced = new SliceSplitHandler(new SliceCacheLayer(run, slices), run, cacheStats);
        QueryHandler cached = new ResultCacheHandler(sliced, answers, cacheStats);
        QueryHandler paged = new PagingHandler(cached, new CursorCodec(cursorKey(cacheDir)));
        QueryHandler routed = new RouteHandler(paged, catalog, config.live(), limits);
        this.prefetch = new PrefetchHandler(routed, stats::activeCount, config.prefetch());
        this.chain = new LimitsHandler(prefetch, limits);
        this.uncached = new LimitsHandler(new RouteHandler(new PagingHandler(new RunHandler(scan),
                new CursorCodec(cursorKey(cacheDir))), catalog, config.live(), limits), limits);
    }

    /**
     * Answers by scanning, whatever the caches and sidecar pre-aggregates hold ({@code rewind query
     * --no-cache}, and the benchmarks that measure the scan): the same routing, limits and job.
     */
    public Answer queryUncached(QueryRequest request, QueryContext context) throws Exception {
        return run(uncached, request, context);
    }

    /** Answers one question; {@code context} says who listens, its deadline and how to stop it. */
    public Answer query(QueryRequest request, QueryContext context) throws Exception {
        return run(chain, request, context);
    }

    private Answer run(QueryHandler handler, QueryRequest request, QueryContext context) throws Exception {
        long t0 = System.nanoTime();
        stats.started();
        running.put(context.queryId(), context);
        boolean ok = false;
        try {
            Answer answer = handler.handle(new Query(request, null, context));
            ok = true;
            return answer.withQueryId(context.queryId());
        } catch (TooBusyException e) {
            stats.rejected();
            throw e;
        } finally {
            running.remove(context.queryId());
            recentlyEnded.put(context.queryId(), context.owner());
            stats.finished(System.nanoTime() - t0, ok);
        }
    }

    /** A context for a person's question, with this engine's query timeout. */
    public QueryContext context(dev.rewind.query.chain.QueryListener listener) {
        return QueryContext.of(listener, config.limits().timeout());
    }

    /**
     * Stops a running query; false when no such query runs or ran a moment ago, or {@code mayStop}
     * refuses its owner.
     */
    public boolean cancel(String queryId, String because, java.util.function.Predicate<String> mayStop) {
        QueryContext context = running.get(queryId);
        if (context == null) {
            String owner = recentlyEnded.getIfPresent(queryId);
            return owner != null && mayStop.test(owner);
        }
        if (!mayStop.test(context.owner())) {
            return false;
        }
        context.cancel(because);
        return true;
    }

    /** Empties every result cache, memory and disk; says what it removed from disk and what it could not. */
    public PackStore.ClearReport clearCaches() {
        return answers.clear().plus(slices.clear());
    }

    /** The cache tiers in lookup order: whole answers in memory, on disk; then day slices. */
    public List<TierStats> cacheTiers() {
        List<TierStats> tiers = new ArrayList<>(answers.tiers());
        tiers.addAll(slices.tiers());
        return tiers;
    }

    public CacheStats.View cacheStats() {
        return cacheStats.view();
    }

    public QueryStats stats() {
        return stats;
    }

    public CatalogHolder catalog() {
        return catalog;
    }

    public JobGate gate() {
        return scan.gate();
    }

    public Jobs jobs() {
        return config.jobs();
    }

    public PrefetchHandler prefetch() {
        return prefetch;
    }

    public EngineConfig config() {
        return config;
    }

    /** Queries being answered now. */
    public int active() {
        return running.size();
    }

    /**
     * The key that signs cursors: kept in the cache directory (so cursors survive a restart of the
     * same server), else random for this process.
     */
    private static byte[] cursorKey(Path cacheDir) throws IOException {
        byte[] key = new byte[32];
        if (cacheDir == null) {
            new SecureRandom().nextBytes(key);
            return key;
        }
        Path file = cacheDir.resolve("cursor.key");
        if (Files.exists(file) && Files.size(file) == key.length) {
            return Files.readAllBytes(file);
        }
        new SecureRandom().nextBytes(key);
        Files.createDirectories(cacheDir);
        Path partial = cacheDir.resolve("cursor.key.partial");
        Files.write(partial, key);
        try {
            Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX filesystem: the directory's own permissions guard it
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return key;
    }

    @Override
    public void close() throws Exception {
        running.values().forEach(c -> c.cancel("the server is stopping"));
        catalog.close();
        config.jobs().close();
    }
}
