package dev.rewind.job.graph;

import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.query.Aggregation;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts and trends, combined where the records are read: each parallel reader keeps one counter
 * per (bucket, level, service) and emits them when its partition ends, so a six-month trend sends
 * a few thousand rows to the client instead of shuffling millions of records through a keyed
 * reduce. The client merges the partial rows by key.
 */
final class CombineAggregates implements PartialAggregate {
    private final Aggregation.Trend trend;
    private final Map<Key, long[]> counts = new HashMap<>();
    private long total;
    private Instant first;
    private Instant last;

    /** @param aggregation a count or a trend */
    CombineAggregates(Aggregation aggregation) {
        this.trend = aggregation instanceof Aggregation.Trend t ? t : null;
    }

    private record Key(long bucketMillis, Level level, String service) {
    }

    @Override
    public void add(ScanOutput output) {
        if (!output.isRow()) {
            ScanOutput.SplitDone done = output.done(); // a split whose reader counted its matches
            if (done.matches() > 0) {
                total += done.matches();
                first = first == null || done.firstMatch().isBefore(first) ? done.firstMatch() : first;
                last = last == null || done.lastMatch().isAfter(last) ? done.lastMatch() : last;
            }
            return;
        }
        LogRecord r = output.record();
        Instant ts = r.timestamp();
        if (trend == null) {
            total++;
            first = first == null || ts.isBefore(first) ? ts : first;
            last = last == null || ts.isAfter(last) ? ts : last;
            return;
        }
        Key key = new Key(trend.bucket().start(ts).toEpochMilli(), trend.byLevel() ? r.level() : null,
                trend.byService() ? r.service() : null);
        counts.computeIfAbsent(key, k -> new long[1])[0]++;
    }

    @Override
    public void emit(Consumer<AggregateRow> out) {
        if (trend == null) {
            if (total > 0) {
                out.accept(new AggregateRow("count", null, null, null, null, total, first, last, null));
            }
            return;
        }
        counts.forEach((k, n) -> {
            Instant bucket = Instant.ofEpochMilli(k.bucketMillis());
            out.accept(new AggregateRow(k.bucketMillis() + "|" + k.level() + "|" + k.service(), bucket, k.level(),
                    k.service(), null, n[0], null, null, null));
        });
    }
}
