package dev.rewind.query.chain;

import dev.rewind.cache.AnswerCache;
import dev.rewind.catalog.Catalog;
import dev.rewind.job.query.Aggregation;
import dev.rewind.query.Answer;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.Result;
import dev.rewind.query.Row;
import dev.rewind.query.SortOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The slice cache (Loki's results cache, per split): each slice's answer is kept on its own,
 * keyed by the question restricted to the slice and the versions of the archives of that slice
 * only, so a new archive for today leaves every other day's answers valid. Slices not held are
 * computed by the next layers (sidecar metadata, else a Flink job), one run of consecutive missing
 * slices at a time, and the slices of one question are stored together. A slice is kept only when
 * its answer is complete and nothing in its range is pending, damaged or unreadable.
 */
public final class SliceCacheLayer {
    private final QueryHandler next;
    private final AnswerCache cache;

    public SliceCacheLayer(QueryHandler next, AnswerCache cache) {
        this.next = next;
        this.cache = cache;
    }

    /** The aggregate of each slice (a trend fine enough to add up), and what computing the missing ones did. */
    public record AggregateParts(List<Result.Trend> perSlice, List<Answer> computed, int hits, int looked) {
    }

    /**
     * Records of the slices in scan order, as far as the page needs: {@code rows} in order; whether
     * rows may lie beyond them ({@code more}); and the answer of the job that read the rest, if one
     * ran (its total counts its whole range).
     */
    public record RecordParts(List<Row> rows, boolean more, Answer job, int hits, int looked) {
    }

    public AggregateParts aggregate(Query query, Slices days, Aggregation.Trend perDay) throws Exception {
        Catalog catalog = query.routed().catalog();
        QueryRequest daily = query.request().withAggregation(Optional.of(perDay));
        boolean counted = query.context().counted();
        int n = days.size();
        String[] keys = new String[n];
        Result.Trend[] parts = new Result.Trend[n];
        int hits = 0;
        for (int i = 0; i < n; i++) {
            keys[i] = key(daily, days.get(i), catalog);
            parts[i] = cache.get(keys[i], counted).map(f -> (Result.Trend) f.answer().result()).orElse(null);
            hits += parts[i] != null ? 1 : 0;
        }
        List<Answer> computed = new ArrayList<>();
        Map<String, Answer> keep = new LinkedHashMap<>();
        for (int a = 0; a < n; a++) {
            if (parts[a] != null) {
                continue;
            }
            int b = a;
            while (b + 1 < n && parts[b + 1] == null) {
                b++;
            }
            Answer answer = next.handle(query.withRequest(daily.withRange(days.get(a).start(), days.get(b).end())));
            computed.add(answer);
            Result.Trend trend = (Result.Trend) answer.result();
            List<Map<SeriesKey, List<Result.Point>>> byDay = new ArrayList<>();
            for (int i = a; i <= b; i++) {
                byDay.add(new LinkedHashMap<>());
            }
            for (Result.Series s : trend.series()) {
                for (Result.Point p : s.points()) {
                    int day = Math.max(a, Math.min(b, days.indexOf(p.t())));
                    byDay.get(day - a).computeIfAbsent(new SeriesKey(s.level(), s.service()), k -> new ArrayList<>()).add(p);
                }
            }
            for (int i = a; i <= b; i++) {
                List<Result.Series> series = new ArrayList<>();
                byDay.get(i - a).forEach((k, points) -> series.add(new Result.Series(k.level(), k.service(), points)));
                parts[i] = new Result.Trend(trend.bucket(), series);
                if (answer.complete() && cacheable(catalog, days.get(i))) {
                    keep.put(keys[i], slice(parts[i]));
                }
            }
            a = b;
        }
        cache.putAll(keep);
        return new AggregateParts(List.of(parts), computed, hits, n);
    }

    private record SeriesKey(dev.rewind.connectors.record.Level level, String service) {
    }

    public RecordParts records(Query query, Slices days) throws Exception {
        QueryRequest request = query.request();
        Catalog catalog = query.routed().catalog();
        boolean counted = query.context().counted();
        int need = request.pageSize();
        boolean desc = request.order() == SortOrder.DESC;
        int n = days.size();
        List<Row> rows = new ArrayList<>();
        boolean more = false;
        int hits = 0;
        int looked = 0;
        int k = 0;
        for (; k < n && rows.size() < need; k++) {
            int i = desc ? n - 1 - k : k;
            String key = key(request, days.get(i), catalog);
            looked++;
            Result.Records held = cache.get(key, counted).map(f -> (Result.Records) f.answer().result()).orElse(null);
            int want = need - rows.size();
            if (held != null && (!held.hasMore() || held.rows().size() >= want)) {
                hits++;
                List<Row> taken = held.rows().subList(0, Math.min(want, held.rows().size()));
                rows.addAll(taken);
                if (!taken.isEmpty()) {
                    query.context().listener().rows(taken);
                }
                more = taken.size() < held.rows().size() || held.hasMore();
                continue;
            }
            // The rest of the range in one job, stopping early once it has the page.
            Instant restStart = desc ? days.get(0).start() : days.get(i).start();
            Instant restEnd = desc ? days.get(i).end() : days.get(n - 1).end();
            Answer answer = next.handle(query.withRequest(request.withRange(restStart, restEnd).withPage(want, null)));
            Result.Records got = answer.records();
            rows.addAll(got.rows());
            if (answer.complete()) {
                keepDays(request, days, i, desc, got, catalog);
            }
            return new RecordParts(rows, got.hasMore(), answer, hits, looked);
        }
        if (rows.size() == need && !more) {
            more = anyRowsBeyond(request, days, k, desc, catalog);
        }
        return new RecordParts(rows, more, null, hits, looked);
    }

    /** Whether days after the k-th (in scan order) may hold rows: false only when each is held, complete and empty. */
    private boolean anyRowsBeyond(QueryRequest request, Slices days, int k, boolean desc, Catalog catalog) {
        int n = days.size();
        for (; k < n; k++) {
            int i = desc ? n - 1 - k : k;
            Optional<AnswerCache.Found> held = cache.get(key(request, days.get(i), catalog), false);
            if (held.isEmpty()) {
                return true;
            }
            Result.Records r = (Result.Records) held.get().answer().result();
            if (r.hasMore() || !r.rows().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps the days a job answered: every day wholly before its last row (in scan order) is
     * complete; the day of the last row is kept as a prefix; later days are unknown.
     */
    private void keepDays(QueryRequest request, Slices days, int first, boolean desc, Result.Records got, Catalog catalog) {
        List<Row> rows = got.rows();
        Instant last = rows.isEmpty() ? null : rows.get(rows.size() - 1).timestamp();
        Map<String, Answer> keep = new LinkedHashMap<>();
        int from = 0;
        for (int i = first; desc ? i >= 0 : i < days.size(); i += desc ? -1 : 1) {
            Slices.Slice day = days.get(i);
            int to = from;
            while (to < rows.size() && day.contains(rows.get(to).timestamp())) {
                to++;
            }
            List<Row> dayRows = List.copyOf(rows.subList(from, to));
            from = to;
            boolean complete = !got.hasMore() || (desc ? day.start().isAfter(last) : day.end().isBefore(last));
            boolean prefix = !complete && !dayRows.isEmpty();
            if ((complete || prefix) && cacheable(catalog, day)) {
                keep.put(key(request, day, catalog), slice(new Result.Records(dayRows, !complete, null, dayRows.size(), complete)));
            }
            if (!complete) {
                break;
            }
        }
        cache.putAll(keep);
    }

    /** Nothing pending, damaged or unreadable may hold lines of this slice. */
    private static boolean cacheable(Catalog catalog, Slices.Slice slice) {
        return catalog.pendingIn(slice.start(), slice.end()).isEmpty() && catalog.problemsIn(slice.start(), slice.end()).isEmpty();
    }

    private static Answer slice(Result result) {
        return new Answer(null, result, null, null, List.of(), true);
    }

    private static String key(QueryRequest request, Slices.Slice slice, Catalog catalog) {
        return "slice-" + Fingerprint.of(request.withRange(slice.start(), slice.end()).withPage(0, null),
                catalog.versionOf(slice.start(), slice.end()));
    }

    public AnswerCache cache() {
        return cache;
    }
}
