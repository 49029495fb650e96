package dev.rewind.query.run;

import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.runner.QueryEvent;
import dev.rewind.query.Result;
import dev.rewind.query.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Turns what a job (or the sidecars) produced into {@link Result}s. Stateless. */
public final class ResultAssembly {
    private ResultAssembly() {
    }

    public static Row row(QueryEvent.Row row) {
        ScanOutput.RecordOrigin o = row.origin();
        return new Row(row.record(), o.live() ? new Row.LiveOrigin(o.partition(), o.offset())
                : new Row.ArchiveOrigin(o.archive(), o.frame()));
    }

    /** The aggregate {@code aggregation} asks for, from partial rows (summed per key). */
    public static Result aggregate(Aggregation aggregation, List<AggregateRow> rows) {
        if (aggregation instanceof Aggregation.Count) {
            return new Result.Count(rows.stream().mapToLong(AggregateRow::count).sum());
        }
        if (aggregation instanceof Aggregation.Trend trend) {
            Map<SeriesKey, TreeMap<Instant, Long>> series = new LinkedHashMap<>();
            for (AggregateRow row : rows) {
                SeriesKey key = new SeriesKey(trend.byLevel() ? row.level() : null, trend.byService() ? row.service() : null);
                series.computeIfAbsent(key, k -> new TreeMap<>()).merge(trend.bucket().start(row.bucket()), row.count(), Long::sum);
            }
            List<Result.Series> out = new ArrayList<>();
            series.entrySet().stream().sorted(Map.Entry.comparingByKey(SeriesKey.ORDER)).forEach(e -> out.add(
                    new Result.Series(e.getKey().level(), e.getKey().service(), e.getValue().entrySet().stream()
                            .map(p -> new Result.Point(p.getKey(), p.getValue())).toList())));
            return new Result.Trend(trend.bucket(), out);
        }
        Aggregation.Patterns patterns = (Aggregation.Patterns) aggregation;
        return new Result.Patterns(rows.stream()
                .sorted(Comparator.comparingLong(AggregateRow::count).reversed().thenComparing(AggregateRow::template))
                .limit(patterns.limit())
                .map(r -> new Result.Pattern(dev.rewind.connectors.pattern.MessageTemplates.idOf(r.template()),
                        r.template(), r.count(), r.firstSeen(), r.lastSeen(), r.sample()))
                .toList());
    }

    /** A trend's points as partial rows again (to re-bucket or sum them with others). */
    public static List<AggregateRow> rowsOf(Result.Trend trend) {
        List<AggregateRow> rows = new ArrayList<>();
        for (Result.Series s : trend.series()) {
            for (Result.Point p : s.points()) {
                rows.add(new AggregateRow("", p.t(), s.level(), s.service(), null, p.count(), null, null, null));
            }
        }
        return rows;
    }

    /** A trend series' key; ordered as the answer lists series (level, then service; none first). */
    record SeriesKey(Level level, String service) {
        static final Comparator<SeriesKey> ORDER = Comparator
                .comparing((SeriesKey k) -> k.level == null ? "" : k.level.name())
                .thenComparing(k -> Objects.requireNonNullElse(k.service, ""));
    }
}
