package dev.rewind.connectors.source.reader;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.connectors.source.enumerator.SplitFinishedEvent;
import dev.rewind.connectors.source.split.ArchiveSplit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.SourceReaderOptions;

/**
 * The archive source's reader: Flink's single-fetcher reader base around {@link ArchiveSplitReader}.
 * It asks for a split when it starts and after each one it finishes (the enumerator hands them out
 * on request, in time order), telling the enumerator how many records matched.
 *
 * <p>Closing frees every split reader, whatever Flink's fetcher does: Flink 2.2's fetcher, shutting
 * down while the hand-over queue is full (a job stopped because its page filled, its client left or
 * its deadline passed), can fail to queue its last empty batch and then wait forever for it to be
 * processed (FLINK-40660), keeping its thread, its decoder and its open file. So the close waits a
 * short while for the fetchers, then interrupts any still alive; the interrupted fetcher closes its
 * split reader itself, on its own thread.
 */
public final class ArchiveSourceReader
        extends SingleThreadMultiplexSourceReaderBase<ScanOutput, ScanOutput, ArchiveSplit, ArchiveSplitState> {

    /** How long a close waits for the fetchers before interrupting them; a fetch is at most ~64K lines. */
    static final long CLOSE_TIMEOUT_MS = 5_000;

    private final int splitsInHand;
    private final List<ArchiveSplitReader> splitReaders;

    /**
     * @param splitsInHand splits requested at the start, hence held at once (one read, the rest queued)
     * @param countOnly    splits report their count of matches instead of emitting them
     */
    public ArchiveSourceReader(SourceReaderContext context, RecordFilter filter, int splitsInHand,
                               boolean countOnly) {
        this(context, filter, splitsInHand, countOnly, new CopyOnWriteArrayList<>());
    }

    private ArchiveSourceReader(SourceReaderContext context, RecordFilter filter, int splitsInHand, boolean countOnly,
                                List<ArchiveSplitReader> splitReaders) {
        super(() -> {
            ArchiveSplitReader reader = new ArchiveSplitReader(filter, countOnly);
            splitReaders.add(reader);
            return reader;
        }, (element, output, state) -> {
            if (element.isRow()) {
                state.emitted++;
            }
            output.collect(element);
        }, options(), context);
        this.splitsInHand = splitsInHand;
        this.splitReaders = splitReaders;
    }

    private static Configuration options() {
        Configuration options = new Configuration();
        options.set(SourceReaderOptions.SOURCE_READER_CLOSE_TIMEOUT, CLOSE_TIMEOUT_MS);
        return options;
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            splitReaders.forEach(ArchiveSplitReader::interruptIfStillOpen);
        }
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
