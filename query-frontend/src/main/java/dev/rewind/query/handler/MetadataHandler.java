package dev.rewind.query.handler;

import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.catalog.ArchiveCatalog;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.archive.HourAggregate;
import dev.rewind.connectors.archive.IndexedArchive;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.query.Aggregation;
import dev.rewind.query.AnswerAssembler;
import dev.rewind.query.QueryProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Answers counts and trends from the sidecars' hourly pre-aggregates, decompressing nothing, when
 * the question allows: whole hours, filters on level and service only, archives only (the range
 * ends at or before the watermark, or the query is archive-only). Otherwise passes on.
 */
public final class MetadataHandler implements QueryHandler {
    private static final Duration HOUR = Duration.ofHours(1);

    private final QueryHandler next;
    private final CatalogHolder catalog;
    private final ResultCacheHandler.LiveScope live;

    public MetadataHandler(QueryHandler next, CatalogHolder catalog, ResultCacheHandler.LiveScope live) {
        this.next = next;
        this.catalog = catalog;
        this.live = live;
    }

    @Override
    public QueryAnswer handle(QueryRequest request, QueryListener listener) throws Exception {
        if (!answerable(request)) {
            return next.handle(request, listener);
        }
        long t0 = System.nanoTime();
        ArchiveCatalog snapshot = catalog.snapshot().catalog();
        Aggregation aggregation = request.aggregation().orElseThrow();
        Aggregation.Trend trend = aggregation instanceof Aggregation.Trend t ? t : null;
        Map<String, AggregateRow> rows = new HashMap<>();
        long archivesUsed = 0;
        for (IndexedArchive archive : snapshot.archives()) {
            List<String> services = archive.index().summary().services();
            boolean used = false;
            for (HourAggregate hour : archive.index().hours()) {
                if (hour.hour().isBefore(request.start()) || hour.hour().isAfter(request.end())) {
                    continue;
                }
                for (HourAggregate.LevelServiceCount c : hour.counts()) {
                    String service = services.get(c.service());
                    if ((!request.levels().isEmpty() && !request.levels().contains(c.level()))
                            || (!request.services().isEmpty() && !request.services().contains(service))) {
                        continue;
                    }
                    used = true;
                    AggregateRow row = trend == null
                            ? new AggregateRow("count", null, null, null, null, c.count(), null, null, null)
                            : trendRow(trend, hour.hour(), c.level(), service, c.count());
                    rows.merge(row.key(), row, AggregateRow::merge);
                }
            }
            archivesUsed += used ? 1 : 0;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String queryId = UUID.randomUUID().toString();
        listener.progress(new QueryProgress(queryId, null, "done", 0, 0, 0, 0));
        List<AggregateRow> list = new ArrayList<>(rows.values());
        int total = snapshot.archives().size();
        return new QueryAnswer(queryId, null, null, null,
                AnswerAssembler.aggregate(aggregation, list),
                new QueryAnswer.PlanView(List.of("metadata"), new QueryAnswer.Counts(total, archivesUsed, total - archivesUsed),
                        new QueryAnswer.Counts(0, 0, 0), 0, 0, snapshot.watermark().toString()),
                new QueryAnswer.StatsView(Map.of("hit", false, "answered_from", "sidecar pre-aggregates"),
                        Map.of("selection", ms), 0, 0, 0, 0, 0, null),
                snapshot.problems());
    }

    private static AggregateRow trendRow(Aggregation.Trend trend, Instant hour, Level level, String service, long count) {
        Instant bucket = trend.bucket().start(hour);
        Level l = trend.byLevel() ? level : null;
        String s = trend.byService() ? service : null;
        return new AggregateRow(bucket.toEpochMilli() + "|" + l + "|" + s, bucket, l, s, null, count, null, null, null);
    }

    /** Count or trend, whole hours, level and service filters only, no live part. */
    boolean answerable(QueryRequest r) {
        if (r.aggregation().isEmpty() || r.aggregation().get() instanceof Aggregation.Patterns) {
            return false;
        }
        if (r.text() != null || r.regex() != null || !r.hosts().isEmpty() || !r.fields().isEmpty()
                || r.sources() == QueryRequest.Sources.LIVE || live.readsLive(r)) {
            return false;
        }
        boolean startOnHour = r.start().getEpochSecond() % 3600 == 0 && r.start().getNano() == 0;
        Instant after = r.end().plusNanos(1);
        boolean endOnHour = after.getEpochSecond() % 3600 == 0 && after.getNano() == 0;
        return startOnHour && endOnHour && !Duration.between(r.start(), after).minus(HOUR).isNegative();
    }
}
