package dev.rewind.job.graph;

import dev.rewind.connectors.pattern.MessageTemplates;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.source.ScanOutput;
import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.query.Aggregation;
import java.time.Instant;
import org.apache.flink.api.common.functions.MapFunction;

/** A matching record as a one-count aggregate row keyed for its aggregation. */
final class ToAggregateRow implements MapFunction<ScanOutput, AggregateRow> {
    private final Aggregation aggregation;

    ToAggregateRow(Aggregation aggregation) {
        this.aggregation = aggregation;
    }

    @Override
    public AggregateRow map(ScanOutput output) {
        LogRecord r = output.record();
        Instant ts = r.timestamp();
        if (aggregation instanceof Aggregation.Trend trend) {
            Instant bucket = trend.bucket().start(ts);
            var level = trend.byLevel() ? r.level() : null;
            String service = trend.byService() ? r.service() : null;
            return new AggregateRow(bucket.toEpochMilli() + "|" + level + "|" + service, bucket, level, service, null,
                    1, ts, ts, null);
        }
        if (aggregation instanceof Aggregation.Patterns) {
            String template = MessageTemplates.of(r.message());
            String sample = r.message().length() > 2000 ? r.message().substring(0, 2000) : r.message();
            return new AggregateRow(template, null, null, null, template, 1, ts, ts, sample);
        }
        return new AggregateRow("count", null, null, null, null, 1, ts, ts, null);
    }
}
