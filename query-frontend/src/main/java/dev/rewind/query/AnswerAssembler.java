package dev.rewind.query;

import dev.rewind.api.QueryAnswer;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.source.ScanOutput;
import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.runner.QueryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns job results into the JSON views of {@link QueryAnswer}. Stateless. */
public final class AnswerAssembler {
    private AnswerAssembler() {
    }

    public static QueryAnswer.ResultRow row(QueryEvent.Row row) {
        LogRecord r = row.record();
        ScanOutput.RecordOrigin o = row.origin();
        QueryAnswer.SourceView source = o.live()
                ? new QueryAnswer.SourceView("live", null, null, o.partition(), o.offset())
                : new QueryAnswer.SourceView("archive", o.archive(), o.frame(), null, null);
        return new QueryAnswer.ResultRow(r.id(), r.timestamp().toString(), r.level().name(), r.service(), r.host(),
                r.message(), r.fields(), source);
    }

    public static QueryAnswer.AggregateView aggregate(Aggregation aggregation, List<AggregateRow> rows) {
        if (aggregation instanceof Aggregation.Count) {
            return new QueryAnswer.AggregateView("count", rows.stream().mapToLong(AggregateRow::count).sum(), null, null, null);
        }
        if (aggregation instanceof Aggregation.Trend trend) {
            Map<Map<String, String>, TreeMap<Instant, Long>> series = new LinkedHashMap<>();
            for (AggregateRow row : rows) {
                Map<String, String> key = new LinkedHashMap<>();
                if (trend.byLevel()) {
                    key.put("level", row.level().name());
                }
                if (trend.byService()) {
                    key.put("service", row.service());
                }
                series.computeIfAbsent(key, k -> new TreeMap<>()).merge(row.bucket(), row.count(), Long::sum);
            }
            List<QueryAnswer.Series> out = new ArrayList<>();
            series.entrySet().stream().sorted(Comparator.comparing(e -> e.getKey().toString())).forEach(e -> out.add(
                    new QueryAnswer.Series(e.getKey(), e.getValue().entrySet().stream()
                            .map(p -> new QueryAnswer.Point(p.getKey().toString(), p.getValue())).toList())));
            return new QueryAnswer.AggregateView("trend", null, trend.bucket().name().toLowerCase(), out, null);
        }
        Aggregation.Patterns patterns = (Aggregation.Patterns) aggregation;
        List<QueryAnswer.PatternView> top = rows.stream()
                .sorted(Comparator.comparingLong(AggregateRow::count).reversed().thenComparing(AggregateRow::template))
                .limit(patterns.limit())
                .map(r -> new QueryAnswer.PatternView(dev.rewind.connectors.pattern.MessageTemplates.idOf(r.template()),
                        r.template(), r.count(), r.firstSeen().toString(), r.lastSeen().toString(), r.sample()))
                .toList();
        return new QueryAnswer.AggregateView("patterns", null, null, null, top);
    }
}
