package dev.rewind.job.graph;

import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.job.query.AggregateRow;
import java.io.Serializable;
import java.util.function.Consumer;

/**
 * What one parallel reader accumulates for an aggregate — counters per key, or message shapes —
 * and emits once its input ends ({@link CombineAtEnd}). Created per task; not thread-safe.
 */
interface PartialAggregate extends Serializable {
    void add(ScanOutput row);

    void emit(Consumer<AggregateRow> out);
}
