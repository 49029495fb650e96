package dev.rewind.job.graph;

import dev.rewind.connectors.pattern.Drain;
import dev.rewind.connectors.pattern.Template;
import dev.rewind.connectors.source.ScanOutput;
import dev.rewind.job.query.AggregateRow;
import java.util.function.Consumer;

/**
 * The patterns aggregate: each parallel reader's matching records mined by its own Drain miner,
 * which emits its templates when its partition ends; the client merges the miners' templates
 * through one more Drain (near-identical templates from different partitions join there).
 */
final class MinePatterns implements PartialAggregate {
    private final transient Drain drain = new Drain();

    @Override
    public void add(ScanOutput output) {
        drain.add(output.record().message(), output.record().timestamp());
    }

    @Override
    public void emit(Consumer<AggregateRow> out) {
        for (Template t : drain.templates()) {
            String sample = t.sample() != null && t.sample().length() > 2000 ? t.sample().substring(0, 2000) : t.sample();
            out.accept(new AggregateRow(t.id(), null, null, null, t.text(), t.count(), t.firstSeen(), t.lastSeen(), sample));
        }
    }
}
