package dev.rewind.job.runner;

import dev.rewind.connectors.pattern.MinedType;
import dev.rewind.connectors.pattern.TypeMiner;
import dev.rewind.connectors.pattern.TypeMinerConfig;
import dev.rewind.connectors.pattern.TypeMining;
import dev.rewind.job.query.AggregateRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of the patterns aggregate: the shape rows of every reader added up by shape
 * (at most {@link TypeMinerConfig#SCAN_MAX_SHAPES}; further new shapes count under {@link
 * TypeMiner#OTHER}), then mined into types once, so the answer depends on the records matched and
 * not on how they were split between readers. A type's row adds up its shapes' counts, takes the
 * earliest first and latest last seen, and the sample of its most frequent shape. Not thread-safe.
 */
final class PatternShapes {
    private final Map<String, AggregateRow> shapes = new HashMap<>();

    void add(AggregateRow shapeRow) {
        String shape = shapeRow.template();
        if (!shapes.containsKey(shape) && shapes.size() >= TypeMinerConfig.SCAN_MAX_SHAPES) {
            shape = TypeMiner.OTHER;
        }
        shapes.merge(shape, shapeRow, AggregateRow::merge);
    }

    /** One row per type, keyed by the type's id, with the type's template. */
    List<AggregateRow> types() {
        if (shapes.isEmpty()) {
            return List.of();
        }
        TypeMiner miner = new TypeMiner();
        shapes.forEach((shape, row) -> miner.add(shape, Math.max(1, row.count())));
        TypeMining mining = miner.mine();
        List<AggregateRow> rows = new ArrayList<>(mining.types().size());
        for (MinedType type : mining.types()) {
            AggregateRow combined = null;
            for (String shape : type.shapes()) { // most frequent first: its sample is the type's
                AggregateRow s = shapes.get(shape);
                AggregateRow asType = new AggregateRow(type.id(), null, null, null, type.text(), s.count(), s.firstSeen(),
                        s.lastSeen(), s.sample());
                combined = combined == null ? asType : keepSample(combined, combined.merge(asType));
            }
            rows.add(combined);
        }
        return rows;
    }

    /** {@code merged} with the sample of {@code kept} (merge takes the earlier row's sample). */
    private static AggregateRow keepSample(AggregateRow kept, AggregateRow merged) {
        return new AggregateRow(merged.key(), null, null, null, merged.template(), merged.count(), merged.firstSeen(),
                merged.lastSeen(), kept.sample());
    }
}
