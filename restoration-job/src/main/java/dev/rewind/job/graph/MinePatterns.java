package dev.rewind.job.graph;

import dev.rewind.connectors.pattern.Drain;
import dev.rewind.connectors.pattern.Template;
import dev.rewind.connectors.source.ScanOutput;
import dev.rewind.job.query.AggregateRow;
import org.apache.flink.api.common.functions.MapPartitionFunction;
import org.apache.flink.util.Collector;

/**
 * The patterns aggregate: each parallel reader's matching records mined by its own Drain miner,
 * which emits its templates when its partition ends; the client merges the miners' templates
 * through one more Drain (near-identical templates from different partitions join there).
 */
final class MinePatterns implements MapPartitionFunction<ScanOutput, AggregateRow> {
    @Override
    public void mapPartition(Iterable<ScanOutput> records, Collector<AggregateRow> out) {
        Drain drain = new Drain();
        for (ScanOutput output : records) {
            drain.add(output.record().message(), output.record().timestamp());
        }
        for (Template t : drain.templates()) {
            String sample = t.sample() != null && t.sample().length() > 2000 ? t.sample().substring(0, 2000) : t.sample();
            out.collect(new AggregateRow(t.id(), null, null, null, t.text(), t.count(), t.firstSeen(), t.lastSeen(), sample));
        }
    }
}
