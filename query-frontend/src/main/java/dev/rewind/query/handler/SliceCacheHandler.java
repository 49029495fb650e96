package dev.rewind.query.handler;

import com.github.benmanes.caffeine.cache.Cache;
import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import dev.rewind.stats.CacheStats;
import dev.rewind.query.AnswerAssembler;
import dev.rewind.stats.TierStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The slice cache (Loki's results cache, by day): a question is cut at UTC midnights and each day's
 * answer is kept on its own, keyed by the query and the versions of the archives of that day only.
 * A later question over an overlapping or adjacent range reuses the days it shares and computes
 * only the missing ones — each run of consecutive missing days in one Flink job — so panning and
 * zooming over history costs only the new days, and a new archive for today leaves every other
 * day's answers valid.
 *
 * <ul>
 *   <li>Counts and trends are kept per day as day (or hour) trends, which add up exactly into any
 *       bucket: a count is their sum, a week or month bucket the sum of its days.</li>
 *   <li>Records are kept per day as the day's first rows in the query's order (all of them when
 *       there are at most {@link QueryRequest#MAX_PAGE_SIZE}). A page is taken from the days in
 *       order; at the first day not held, one job reads the rest of the range with the query's early
 *       stop, and the days it answered completely (every day before its last row) are kept.</li>
 *   <li>Patterns are not additive across days (the miner generalises over what it sees), so they
 *       pass through to the whole-answer cache above.</li>
 * </ul>
 * Sits below the whole-answer cache, which answers exact repeats first. Thread-safe.
 */
public final class SliceCacheHandler implements QueryHandler {
    private final QueryHandler next;
    private final CatalogHolder catalog;
    private final ResultCacheHandler.LiveScope live;
    private final Cache<String, QueryAnswer> memory;
    private final DiskResultStore disk;
    private final TierStats stats = new TierStats("slices");
    private final CacheStats overall;

    /** @param disk where slices spill and survive a restart, or null for memory only */
    public SliceCacheHandler(QueryHandler next, CatalogHolder catalog, ResultCacheHandler.LiveScope live,
                             long maxBytes, DiskResultStore disk, CacheStats overall) {
        this.overall = overall;
        this.next = next;
        this.catalog = catalog;
        this.live = live;
        this.disk = disk;
        this.memory = SizeEstimate.weighedCache(maxBytes, stats);
    }

    @Override
    public QueryAnswer handle(QueryRequest request, QueryListener listener) throws Exception {
        Optional<Aggregation> aggregation = request.aggregation();
        if (live.readsLive(request) || aggregation.filter(a -> a instanceof Aggregation.Patterns).isPresent()) {
            if (listener.counted() && !live.readsLive(request)) {
                stats.miss(); // looked for, and computed whole
                overall.record(0);
            }
            return next.handle(request, listener);
        }
        DaySlices days = DaySlices.of(request.start(), request.end());
        Lookups lookups = new Lookups(listener.counted());
        QueryAnswer answer = aggregation.isPresent()
                ? aggregate(request, aggregation.get(), days, listener, lookups)
                : records(request, days, listener, lookups);
        stats.bytes(memory.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L));
        if (lookups.counted) {
            overall.record(lookups.looked == 0 ? 0 : (double) lookups.hits / lookups.looked);
        }
        return answer;
    }

    /** Lookups of one question: counted into the tier's stats unless the question is the server's own. */
    private final class Lookups {
        final boolean counted;
        int hits;
        int looked;
        final List<QueryAnswer> jobs = new ArrayList<>();

        Lookups(boolean counted) {
            this.counted = counted;
        }

        QueryAnswer find(String key) {
            looked++;
            QueryAnswer found = memory.getIfPresent(key);
            if (found == null && disk != null) {
                found = disk.get(key, false).orElse(null);
                if (found != null) {
                    memory.put(key, found);
                }
            }
            return found;
        }

        /** Counts one day: served from the cache, or computed. */
        void served(boolean fromCache) {
            hits += fromCache ? 1 : 0;
            if (counted) {
                if (fromCache) {
                    stats.hit();
                } else {
                    stats.miss();
                }
            }
        }
    }

    private void keep(String key, QueryAnswer slice) {
        memory.put(key, slice);
        if (disk != null) {
            disk.put(key, slice);
        }
    }

    private String key(QueryRequest request, DaySlices.Slice slice, CatalogHolder.Snapshot snapshot) {
        return "slice-" + Fingerprint.of(request.withRange(slice.start(), slice.end()).withPage(0, null),
                snapshot.versionOf(slice.start(), slice.end()));
    }

    // ---- counts and trends ----

    /** What each day keeps: a trend fine enough to add up into the wanted answer. */
    static Aggregation.Trend perDay(Aggregation wanted) {
        if (wanted instanceof Aggregation.Trend t) {
            return new Aggregation.Trend(t.bucket() == Bucket.HOUR ? Bucket.HOUR : Bucket.DAY, t.byLevel(), t.byService());
        }
        return new Aggregation.Trend(Bucket.DAY, false, false);
    }

    private QueryAnswer aggregate(QueryRequest request, Aggregation wanted, DaySlices days, QueryListener listener,
                                  Lookups lookups) throws Exception {
        QueryRequest daily = request.withAggregation(Optional.of(perDay(wanted)));
        CatalogHolder.Snapshot snapshot = catalog.snapshot();
        int n = days.size();
        String[] keys = new String[n];
        QueryAnswer[] parts = new QueryAnswer[n];
        for (int i = 0; i < n; i++) {
            keys[i] = key(daily, days.get(i), snapshot);
            parts[i] = lookups.find(keys[i]);
            lookups.served(parts[i] != null);
        }
        for (int a = 0; a < n; a++) {
            if (parts[a] != null) {
                continue;
            }
            int b = a;
            while (b + 1 < n && parts[b + 1] == null) {
                b++;
            }
            QueryAnswer answer = next.handle(daily.withRange(days.get(a).start(), days.get(b).end()), listener);
            lookups.jobs.add(answer);
            List<Map<Map<String, String>, List<QueryAnswer.Point>>> byDay = new ArrayList<>();
            for (int i = a; i <= b; i++) {
                byDay.add(new LinkedHashMap<>());
            }
            for (QueryAnswer.Series series : answer.aggregate().series()) {
                for (QueryAnswer.Point point : series.points()) {
                    int day = Math.max(a, Math.min(b, days.indexOf(Instant.parse(point.t()))));
                    byDay.get(day - a).computeIfAbsent(series.key(), k -> new ArrayList<>()).add(point);
                }
            }
            for (int i = a; i <= b; i++) {
                List<QueryAnswer.Series> series = new ArrayList<>();
                byDay.get(i - a).forEach((key, points) -> series.add(new QueryAnswer.Series(key, points)));
                parts[i] = new QueryAnswer(null, null, null, null,
                        new QueryAnswer.AggregateView("trend", null, answer.aggregate().bucket(), series, null),
                        null, null, List.of());
                if (answer.warnings().isEmpty()) {
                    keep(keys[i], parts[i]);
                }
            }
            a = b;
        }
        return assemble(combine(wanted, parts), null, null, lookups, null);
    }

    /**
     * The wanted count or trend from the days' trends: their points become rows in the wanted
     * bucket (weeks and months start on a day), which the assembler sums per key as for a job.
     */
    static QueryAnswer.AggregateView combine(Aggregation wanted, QueryAnswer[] parts) {
        Bucket bucket = wanted instanceof Aggregation.Trend t ? t.bucket() : Bucket.DAY;
        List<AggregateRow> rows = new ArrayList<>();
        for (QueryAnswer part : parts) {
            for (QueryAnswer.Series series : part.aggregate().series()) {
                String level = series.key().get("level");
                for (QueryAnswer.Point point : series.points()) {
                    rows.add(new AggregateRow("", bucket.start(Instant.parse(point.t())),
                            level == null ? null : Level.valueOf(level), series.key().get("service"), null,
                            point.count(), null, null, null));
                }
            }
        }
        return AnswerAssembler.aggregate(wanted, rows);
    }

    // ---- records ----

    private QueryAnswer records(QueryRequest request, DaySlices days, QueryListener listener, Lookups lookups)
            throws Exception {
        CatalogHolder.Snapshot snapshot = catalog.snapshot();
        int need = request.pageSize();
        boolean desc = request.order() == ScanOrder.DESC;
        int n = days.size();
        List<QueryAnswer.ResultRow> rows = new ArrayList<>();
        boolean hasMore = false;
        QueryAnswer.Total jobTotal = null;
        int k = 0;
        for (; k < n && rows.size() < need; k++) {
            int i = desc ? n - 1 - k : k;
            String key = key(request, days.get(i), snapshot);
            QueryAnswer held = lookups.find(key);
            int want = need - rows.size();
            boolean usable = held != null && (!held.page().hasMore() || held.results().size() >= want);
            lookups.served(usable);
            if (usable) {
                List<QueryAnswer.ResultRow> taken = held.results().subList(0, Math.min(want, held.results().size()));
                rows.addAll(taken);
                if (!taken.isEmpty()) {
                    listener.rows(taken);
                }
                hasMore = taken.size() < held.results().size() || held.page().hasMore();
                continue;
            }
            // The rest of the range in one job, stopping early once it has the page.
            Instant restStart = desc ? days.get(0).start() : days.get(i).start();
            Instant restEnd = desc ? days.get(i).end() : days.get(n - 1).end();
            QueryAnswer answer = next.handle(request.withRange(restStart, restEnd).withPage(want, null), listener);
            lookups.jobs.add(answer);
            rows.addAll(answer.results());
            hasMore = answer.page().hasMore();
            jobTotal = answer.total();
            if (answer.warnings().isEmpty()) {
                keepDays(request, days, i, desc, answer, snapshot);
            }
            k = n; // the job covered every remaining day
            break;
        }
        if (jobTotal == null && rows.size() == need && !hasMore) {
            hasMore = anyRowsBeyond(request, days, k, desc, snapshot);
        }
        QueryAnswer.Total total = jobTotal == null
                ? new QueryAnswer.Total(rows.size(), !hasMore)
                : new QueryAnswer.Total(rows.size() - answerRows(lookups) + jobTotal.value(), jobTotal.exact());
        return assemble(null, rows, new QueryAnswer.Page(rows.size(), null, hasMore), lookups, total);
    }

    private static int answerRows(Lookups lookups) {
        return lookups.jobs.stream().mapToInt(j -> j.results().size()).sum();
    }

    /** Whether days after the k-th (in scan order) may hold rows: false only when each is held, complete and empty. */
    private boolean anyRowsBeyond(QueryRequest request, DaySlices days, int k, boolean desc,
                                  CatalogHolder.Snapshot snapshot) {
        int n = days.size();
        for (; k < n; k++) {
            int i = desc ? n - 1 - k : k;
            QueryAnswer held = memory.getIfPresent(key(request, days.get(i), snapshot));
            if (held == null || held.page().hasMore() || !held.results().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps the days a job answered: every day wholly before its last row (in scan order) is
     * complete; the day of the last row is kept as a prefix; later days are unknown.
     */
    private void keepDays(QueryRequest request, DaySlices days, int first, boolean desc, QueryAnswer answer,
                          CatalogHolder.Snapshot snapshot) {
        List<QueryAnswer.ResultRow> rows = answer.results();
        Instant last = rows.isEmpty() ? null : Instant.parse(rows.get(rows.size() - 1).timestamp());
        int from = 0;
        for (int i = first; desc ? i >= 0 : i < days.size(); i += desc ? -1 : 1) {
            DaySlices.Slice day = days.get(i);
            int to = from;
            while (to < rows.size() && day.contains(Instant.parse(rows.get(to).timestamp()))) {
                to++;
            }
            List<QueryAnswer.ResultRow> dayRows = List.copyOf(rows.subList(from, to));
            from = to;
            boolean complete = !answer.page().hasMore()
                    || (desc ? day.start().isAfter(last) : day.end().isBefore(last));
            boolean prefix = !complete && !dayRows.isEmpty();
            if (complete || prefix) {
                keep(key(request, day, snapshot), new QueryAnswer(null, dayRows,
                        new QueryAnswer.Page(dayRows.size(), null, !complete), null, null, null, null, List.of()));
            }
            if (!complete) {
                return;
            }
        }
    }

    // ---- the answer ----

    /** The answer with the plans and stats of the jobs that ran (summed), or of none when all days were held. */
    private QueryAnswer assemble(QueryAnswer.AggregateView aggregate, List<QueryAnswer.ResultRow> rows,
                                 QueryAnswer.Page page, Lookups lookups, QueryAnswer.Total total) {
        List<QueryAnswer> jobs = lookups.jobs;
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("hit", jobs.isEmpty());
        if (jobs.isEmpty()) {
            cache.put("tier", "slices");
        }
        cache.put("slices_hit", lookups.hits);
        cache.put("slices_looked_up", lookups.looked);
        QueryAnswer.PlanView plan = jobs.stream().map(QueryAnswer::plan).filter(java.util.Objects::nonNull)
                .reduce(SliceCacheHandler::plus).orElse(new QueryAnswer.PlanView(List.of("cache"),
                        new QueryAnswer.Counts(0, 0, 0), new QueryAnswer.Counts(0, 0, 0), 0, 0,
                        catalog.snapshot().catalog().watermark().toString()));
        QueryAnswer.StatsView stats = jobs.stream().map(QueryAnswer::stats).filter(java.util.Objects::nonNull)
                .reduce(SliceCacheHandler::plus).orElse(new QueryAnswer.StatsView(null, Map.of(), 0, 0, 0, 0, 0, null));
        List<String> warnings = jobs.stream().flatMap(j -> j.warnings().stream()).toList();
        String queryId = jobs.isEmpty() ? UUID.randomUUID().toString() : jobs.get(jobs.size() - 1).queryId();
        return new QueryAnswer(queryId, rows, page, total, aggregate, plan,
                new QueryAnswer.StatsView(cache, stats.timingsMs(), stats.bytesScanned(), stats.rawBytesScanned(),
                        stats.linesScanned(), stats.splitsDone(), plan.splits(), stats.jobId()), warnings);
    }

    /** Two jobs' plans as one: archives and frames of the same catalog, selected by either. */
    private static QueryAnswer.PlanView plus(QueryAnswer.PlanView a, QueryAnswer.PlanView b) {
        Set<String> sources = new LinkedHashSet<>(a.sources());
        sources.addAll(b.sources());
        return new QueryAnswer.PlanView(List.copyOf(sources), plus(a.archives(), b.archives()),
                plus(a.frames(), b.frames()), a.bytesToScan() + b.bytesToScan(), a.splits() + b.splits(), b.watermark());
    }

    private static QueryAnswer.Counts plus(QueryAnswer.Counts a, QueryAnswer.Counts b) {
        long total = Math.max(a.total(), b.total());
        long selected = a.selected() + b.selected();
        return new QueryAnswer.Counts(total, selected, total - selected);
    }

    private static QueryAnswer.StatsView plus(QueryAnswer.StatsView a, QueryAnswer.StatsView b) {
        Map<String, Long> timings = new LinkedHashMap<>(a.timingsMs());
        b.timingsMs().forEach((name, ms) -> timings.merge(name, ms, Long::sum));
        return new QueryAnswer.StatsView(null, timings, a.bytesScanned() + b.bytesScanned(),
                a.rawBytesScanned() + b.rawBytesScanned(), a.linesScanned() + b.linesScanned(),
                a.splitsDone() + b.splitsDone(), a.splitsTotal() + b.splitsTotal(),
                b.jobId() != null ? b.jobId() : a.jobId());
    }

    public void clear() {
        memory.invalidateAll();
        if (disk != null) {
            disk.clear();
        }
        stats.bytes(0);
    }

    public TierStats stats() {
        return stats;
    }
}
