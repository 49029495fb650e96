package dev.rewind.query.chain;

import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import dev.rewind.query.Answer;
import dev.rewind.query.AnswerStats;
import dev.rewind.query.Plan;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.Result;
import dev.rewind.query.run.ResultAssembly;
import dev.rewind.stats.CacheStats;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits the archive part of a question into day slices and merges the slices' answers (Loki's
 * split by interval). Only the days the indexed archives cover are sliced, however wide the range,
 * so planning stays small. Counts and trends are asked of each day as day (or hour) trends, which
 * add up exactly into any bucket; records are taken from the days in order until the page is full.
 * What cannot be sliced — a live part, patterns (not additive across days) — goes straight on.
 */
public final class SliceSplitHandler implements QueryHandler {
    private final SliceCacheLayer slices;
    private final QueryHandler direct;
    private final CacheStats overall;

    /** @param direct where questions that are not sliced go (the same layers the slice cache uses) */
    public SliceSplitHandler(SliceCacheLayer slices, QueryHandler direct, CacheStats overall) {
        this.slices = slices;
        this.direct = direct;
        this.overall = overall;
    }

    @Override
    public Answer handle(Query query) throws Exception {
        Route route = query.routed();
        QueryRequest r = query.request();
        boolean counted = query.context().counted();
        if (route.readsLive() || !route.readsArchives()
                || r.aggregation().filter(a -> a instanceof Aggregation.Patterns).isPresent()) {
            if (counted && !route.readsLive()) {
                overall.record(0); // looked for, and computed whole
            }
            return direct.handle(query);
        }
        Instant[] covered = route.catalog().coverage(r.start(), r.end());
        if (covered == null) {
            return direct.handle(query); // no archive holds any of it: an empty answer, no job
        }
        Instant from = max(r.start(), covered[0].truncatedTo(ChronoUnit.DAYS));
        Instant to = min(r.end(), covered[1].truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS).minusNanos(1));
        Slices days = Slices.of(from, to);
        Query narrowed = query.withRequest(r.withRange(from, to));
        Answer answer;
        int hits;
        int looked;
        if (r.aggregation().isPresent()) {
            SliceCacheLayer.AggregateParts parts = slices.aggregate(narrowed, days, perDay(r.aggregation().get()));
            Result result = combine(r.aggregation().get(), parts.perSlice());
            answer = merged(query, result, parts.computed(), parts.hits(), parts.looked());
            hits = parts.hits();
            looked = parts.looked();
        } else {
            SliceCacheLayer.RecordParts parts = slices.records(narrowed, days);
            int need = r.pageSize();
            boolean hasMore = parts.more();
            Result.Records result;
            if (parts.job() == null) {
                result = new Result.Records(parts.rows(), hasMore, null, parts.rows().size(), !hasMore);
            } else {
                Result.Records job = parts.job().records();
                long fromCache = parts.rows().size() - job.rows().size();
                result = new Result.Records(parts.rows(), hasMore, null, fromCache + job.total(), job.totalExact());
            }
            answer = merged(query, result, parts.job() == null ? List.of() : List.of(parts.job()), parts.hits(),
                    parts.looked());
            hits = parts.hits();
            looked = parts.looked();
            assert parts.rows().size() <= need;
        }
        if (counted) {
            overall.record(looked == 0 ? 0 : (double) hits / looked);
        }
        return answer;
    }

    /** What each day keeps: a trend fine enough to add up into the wanted answer. */
    static Aggregation.Trend perDay(Aggregation wanted) {
        if (wanted instanceof Aggregation.Trend t) {
            return new Aggregation.Trend(t.bucket() == Bucket.HOUR ? Bucket.HOUR : Bucket.DAY, t.byLevel(), t.byService());
        }
        return new Aggregation.Trend(Bucket.DAY, false, false);
    }

    /** The wanted count or trend from the days' trends, summed per key in the wanted bucket. */
    static Result combine(Aggregation wanted, List<Result.Trend> days) {
        List<AggregateRow> rows = new ArrayList<>();
        days.forEach(d -> rows.addAll(ResultAssembly.rowsOf(d)));
        return ResultAssembly.aggregate(wanted, rows);
    }

    /** The merged answer: the plans, costs and warnings of the parts computed, or none when all were held. */
    private static Answer merged(Query query, Result result, List<Answer> computed, int hits, int looked) {
        Route route = query.routed();
        Plan plan = computed.stream().map(Answer::plan).filter(java.util.Objects::nonNull).reduce(Plan::plus)
                .orElse(Plan.of(Plan.Source.CACHE, route.catalog().archives().size(), 0, route.watermark(),
                        route.pending()));
        AnswerStats stats = computed.stream().map(Answer::stats).filter(java.util.Objects::nonNull)
                .reduce(AnswerStats::plus).orElse(AnswerStats.none(AnswerStats.CacheUse.MISS));
        boolean allHeld = computed.isEmpty();
        stats = stats.withCache(new AnswerStats.CacheUse(allHeld, allHeld ? "slices" : null, hits, looked));
        List<String> warnings = new ArrayList<>();
        computed.forEach(a -> warnings.addAll(a.warnings()));
        boolean complete = computed.stream().allMatch(Answer::complete);
        String jobQueryId = computed.isEmpty() ? query.context().queryId() : computed.get(computed.size() - 1).queryId();
        return new Answer(Optional.ofNullable(jobQueryId).orElse(query.context().queryId()), result, plan, stats,
                warnings, complete);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
