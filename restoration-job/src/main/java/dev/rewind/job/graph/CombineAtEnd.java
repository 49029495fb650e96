package dev.rewind.job.graph;

import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.job.query.AggregateRow;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Folds each record into a {@link PartialAggregate} as it arrives and emits the partial result when
 * the (bounded) input ends. A plain operator rather than {@code fullWindowPartition().mapPartition}:
 * that one first collects every record of the partition (spilling millions of them to disk), where
 * this keeps only the counters or the miner.
 */
final class CombineAtEnd extends AbstractStreamOperator<AggregateRow>
        implements OneInputStreamOperator<ScanOutput, AggregateRow>, BoundedOneInput {
    private final SerializableSupplier factory;
    private transient PartialAggregate partial;

    /** A serializable way to make the per-task accumulator. */
    interface SerializableSupplier extends Supplier<PartialAggregate>, java.io.Serializable {
    }

    CombineAtEnd(SerializableSupplier factory) {
        this.factory = factory;
    }

    @Override
    public void open() throws Exception {
        super.open();
        partial = factory.get();
    }

    @Override
    public void processElement(StreamRecord<ScanOutput> element) {
        partial.add(element.getValue());
    }

    @Override
    public void endInput() {
        partial.emit(row -> output.collect(new StreamRecord<>(row)));
    }
}
