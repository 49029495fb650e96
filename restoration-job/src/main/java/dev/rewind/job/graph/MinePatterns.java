package dev.rewind.job.graph;

import dev.rewind.connectors.pattern.MessageTemplates;
import dev.rewind.connectors.pattern.TypeMiner;
import dev.rewind.connectors.pattern.TypeMinerConfig;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.job.query.AggregateRow;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The patterns aggregate's per-reader part: each matching record's message shape ({@link
 * MessageTemplates#of}, as the indexer shapes WARN+ lines) counted with its first and last time
 * and a sample, emitted as one row per shape when the partition ends. The client mines the
 * shapes of all readers into types in one go ({@code QueryCollector}, {@link TypeMiner}), so the
 * types do not depend on how records were split between readers. At most {@link
 * TypeMinerConfig#SCAN_MAX_SHAPES} shapes are held, each with a sample of at most {@link
 * TypeMinerConfig#MAX_SAMPLE} characters (further new shapes count under {@link TypeMiner#OTHER}):
 * a reader's memory is bounded whatever the range.
 */
final class MinePatterns implements PartialAggregate {
    private final transient Map<String, ShapeStats> shapes = new HashMap<>();

    /** One shape's numbers; mutable, as this runs for every record. */
    private static final class ShapeStats {
        long count;
        Instant first;
        Instant last;
        final String sample;

        ShapeStats(String sample) {
            this.sample = sample.length() > TypeMinerConfig.MAX_SAMPLE ? sample.substring(0, TypeMinerConfig.MAX_SAMPLE) : sample;
        }
    }

    @Override
    public void add(ScanOutput output) {
        String message = output.record().message();
        String shape = MessageTemplates.of(message);
        ShapeStats stats = shapes.get(shape);
        if (stats == null) {
            if (shapes.size() >= TypeMinerConfig.SCAN_MAX_SHAPES) {
                shape = TypeMiner.OTHER;
                stats = shapes.get(shape);
            }
            if (stats == null) {
                stats = new ShapeStats(message);
                shapes.put(shape, stats);
            }
        }
        stats.count++;
        Instant at = output.record().timestamp();
        if (at != null) {
            stats.first = stats.first == null || at.isBefore(stats.first) ? at : stats.first;
            stats.last = stats.last == null || at.isAfter(stats.last) ? at : stats.last;
        }
    }

    @Override
    public void emit(Consumer<AggregateRow> out) {
        shapes.forEach((shape, s) -> out.accept(new AggregateRow(MessageTemplates.idOf(shape), null, null, null, shape,
                s.count, s.first, s.last, s.sample)));
    }
}
