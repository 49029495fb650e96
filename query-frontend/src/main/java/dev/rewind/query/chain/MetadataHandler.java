package dev.rewind.query.chain;

import dev.rewind.analysis.SidecarPatterns;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.DetailsCache;
import dev.rewind.connectors.archive.format.HourAggregate;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.query.Aggregation;
import dev.rewind.query.Answer;
import dev.rewind.query.AnswerStats;
import dev.rewind.query.Plan;
import dev.rewind.query.QueryProgress;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.Result;
import dev.rewind.query.run.ResultAssembly;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers from the sidecars' hourly pre-aggregates, decompressing nothing, when the question
 * allows: counts and trends over whole hours with filters on level and service only; the most
 * frequent error types ({@link SidecarPatterns}) over whole hours of WARN-and-above levels with
 * no other filter. Archives only. Otherwise passes on. The pre-aggregates are read through the
 * details cache.
 */
public final class MetadataHandler implements QueryHandler {
    private static final Duration HOUR = Duration.ofHours(1);

    private final QueryHandler next;
    private final DetailsCache details;

    public MetadataHandler(QueryHandler next, DetailsCache details) {
        this.next = next;
        this.details = details;
    }

    @Override
    public Answer handle(Query query) throws Exception {
        QueryRequest request = query.request();
        if (patternsAnswerable(query)) {
            return patterns(query);
        }
        if (!answerable(query)) {
            return next.handle(query);
        }
        long t0 = System.nanoTime();
        Catalog catalog = query.routed().catalog();
        Aggregation aggregation = request.aggregation().orElseThrow();
        Aggregation.Trend trend = aggregation instanceof Aggregation.Trend t ? t : null;
        Map<String, AggregateRow> rows = new HashMap<>();
        List<IndexedArchive> archives = catalog.archivesIn(request.start(), request.end());
        long used = 0;
        for (IndexedArchive archive : archives) {
            List<String> services = archive.index().summary().services();
            boolean counted = false;
            for (HourAggregate hour : details.of(archive).hours()) {
                if (hour.hour().isBefore(request.start()) || hour.hour().isAfter(request.end())) {
                    continue;
                }
                for (HourAggregate.LevelServiceCount c : hour.counts()) {
                    String service = services.get(c.service());
                    if ((!request.levels().isEmpty() && !request.levels().contains(c.level()))
                            || (!request.services().isEmpty() && !request.services().contains(service))) {
                        continue;
                    }
                    counted = true;
                    AggregateRow row = trend == null
                            ? new AggregateRow("count", null, null, null, null, c.count(), null, null, null)
                            : trendRow(trend, hour.hour(), c.level(), service, c.count());
                    rows.merge(row.key(), row, AggregateRow::merge);
                }
            }
            used += counted ? 1 : 0;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String queryId = query.context().queryId();
        query.context().listener().progress(new QueryProgress(queryId, null, "done", 0, 0, 0, 0));
        return new Answer(queryId, ResultAssembly.aggregate(aggregation, List.copyOf(rows.values())),
                Plan.of(Plan.Source.METADATA, catalog.archives().size(), used, catalog.watermark(), query.routed().pending()),
                new AnswerStats(AnswerStats.CacheUse.MISS, Map.of("selection", ms), 0, 0, 0, 0, 0, null), List.of(), true);
    }

    /** Patterns of WARN+ levels over whole hours, no other filter, archives only: the sidecars hold the answer. */
    static boolean patternsAnswerable(Query query) {
        QueryRequest r = query.request();
        return r.aggregation().filter(a -> a instanceof Aggregation.Patterns).isPresent()
                && !query.routed().readsLive() && query.routed().readsArchives()
                && SidecarPatterns.answers(r.start(), r.end(), r.levels(), !r.services().isEmpty() || !r.levelAndServiceOnly());
    }

    private Answer patterns(Query query) {
        long t0 = System.nanoTime();
        QueryRequest r = query.request();
        Catalog catalog = query.routed().catalog();
        int limit = ((Aggregation.Patterns) r.aggregation().orElseThrow()).limit();
        List<Result.Pattern> top = SidecarPatterns.top(catalog.archives(), details, r.start(), r.end(), r.levels(), limit)
                .stream().map(p -> new Result.Pattern(p.id(), p.template(), p.count(), p.firstSeen(), p.lastSeen(), p.sample()))
                .toList();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        query.context().listener().progress(new QueryProgress(query.context().queryId(), null, "done", 0, 0, 0, 0));
        return new Answer(query.context().queryId(), new Result.Patterns(top),
                Plan.of(Plan.Source.METADATA, catalog.archives().size(), catalog.archivesIn(r.start(), r.end()).size(),
                        catalog.watermark(), query.routed().pending()),
                new AnswerStats(AnswerStats.CacheUse.MISS, Map.of("selection", ms), 0, 0, 0, 0, 0, null), List.of(), true);
    }

    private static AggregateRow trendRow(Aggregation.Trend trend, Instant hour, Level level, String service, long count) {
        Instant bucket = trend.bucket().start(hour);
        Level l = trend.byLevel() ? level : null;
        String s = trend.byService() ? service : null;
        return new AggregateRow(bucket.toEpochMilli() + "|" + l + "|" + s, bucket, l, s, null, count, null, null, null);
    }

    /** Count or trend, whole hours, level and service filters only, archives only. */
    static boolean answerable(Query query) {
        QueryRequest r = query.request();
        if (r.aggregation().isEmpty() || r.aggregation().get() instanceof Aggregation.Patterns) {
            return false;
        }
        if (!r.levelAndServiceOnly() || query.routed().readsLive() || !query.routed().readsArchives()) {
            return false;
        }
        boolean startOnHour = r.start().getEpochSecond() % 3600 == 0 && r.start().getNano() == 0;
        Instant after = r.end().plusNanos(1);
        boolean endOnHour = after.getEpochSecond() % 3600 == 0 && after.getNano() == 0;
        return startOnHour && endOnHour && !Duration.between(r.start(), after).minus(HOUR).isNegative();
    }
}
