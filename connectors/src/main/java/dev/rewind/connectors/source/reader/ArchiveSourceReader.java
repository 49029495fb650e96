package dev.rewind.connectors.source.reader;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.connectors.source.enumerator.SplitFinishedEvent;
import dev.rewind.connectors.source.split.ArchiveSplit;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/**
 * The archive source's reader: Flink's single-fetcher reader base around {@link ArchiveSplitReader}.
 * It asks for a split when it starts and after each one it finishes (the enumerator hands them out
 * on request, in time order), telling the enumerator how many records matched.
 */
public final class ArchiveSourceReader
        extends SingleThreadMultiplexSourceReaderBase<ScanOutput, ScanOutput, ArchiveSplit, ArchiveSplitState> {

    private final int splitsInHand;

    /**
     * @param splitsInHand splits requested at the start, hence held at once (one read, the rest queued)
     * @param countOnly    splits report their count of matches instead of emitting them
     */
    public ArchiveSourceReader(SourceReaderContext context, RecordFilter filter, int splitsInHand,
                               boolean countOnly) {
        super(() -> new ArchiveSplitReader(filter, countOnly), (element, output, state) -> {
            if (element.isRow()) {
                state.emitted++;
            }
            output.collect(element);
        }, new Configuration(), context);
        this.splitsInHand = splitsInHand;
    }

    @Override
    public void start() {
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            for (int i = 0; i < splitsInHand; i++) {
                context.sendSplitRequest();
            }
        }
    }

    @Override
    protected void onSplitFinished(Map<String, ArchiveSplitState> finished) {
        finished.forEach((id, state) -> context.sendSourceEventToCoordinator(new SplitFinishedEvent(id, state.emitted)));
        context.sendSplitRequest();
    }

    @Override
    protected ArchiveSplitState initializedState(ArchiveSplit split) {
        return new ArchiveSplitState(split);
    }

    @Override
    protected ArchiveSplit toSplitType(String splitId, ArchiveSplitState state) {
        return state.split.resumingAfter(state.emitted);
    }
}
