package dev.rewind.connectors.source;

import dev.rewind.connectors.source.plan.ScanPlanner;
import dev.rewind.connectors.source.reader.ScanOutput;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.source.enumerator.ArchiveEnumeratorState;
import dev.rewind.connectors.source.enumerator.ArchiveEnumeratorStateSerializer;
import dev.rewind.connectors.source.enumerator.ArchiveSplitEnumerator;
import dev.rewind.connectors.source.enumerator.EarlyStop;
import dev.rewind.connectors.source.reader.ArchiveSourceReader;
import dev.rewind.connectors.source.split.ArchiveSplit;
import dev.rewind.connectors.source.split.ArchiveSplitSerializer;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The bounded Flink source over archives (FLIP-27). Splits are planned before the job from the
 * sidecars ({@link ScanPlanner}); the enumerator hands them out in time order; readers decode only
 * the frames of their split and filter as they go.
 *
 * <p>Why not Flink's {@code FileSource}: its enumerator cannot stop early, its splits carry no
 * frame metadata or line format, and it has no zstd or LZ4 decoder; its parts are reused where they
 * fit (the single-fetcher reader base, versioned serializers).
 */
public final class ArchiveSource implements Source<ScanOutput, ArchiveSplit, ArchiveEnumeratorState> {
    private final List<ArchiveSplit> splits;
    private final RecordFilter filter;
    private final EarlyStop earlyStop;
    private final boolean countOnly;

    /**
     * @param splits    in the order to read them
     * @param earlyStop when a records query may stop handing out splits; {@link EarlyStop#NEVER} for aggregates
     */
    public ArchiveSource(List<ArchiveSplit> splits, RecordFilter filter, EarlyStop earlyStop) {
        this(splits, filter, earlyStop, false);
    }

    /**
     * @param countOnly emit no rows: each split's {@link ScanOutput.SplitDone} carries its count of
     *                  matches (and their first and last times) instead
     */
    public ArchiveSource(List<ArchiveSplit> splits, RecordFilter filter, EarlyStop earlyStop, boolean countOnly) {
        this.splits = List.copyOf(splits);
        this.filter = filter;
        this.earlyStop = earlyStop;
        this.countOnly = countOnly;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<ScanOutput, ArchiveSplit> createReader(SourceReaderContext readerContext) {
        // An aggregate reads every split, so a reader keeps one more split in hand than it is reading and
        // never waits on the enumerator between splits; a records query asks for one at a time, so the
        // early stop sees every finished split before it hands out another.
        return new ArchiveSourceReader(readerContext, filter, earlyStop.limit() <= 0 ? 2 : 1, countOnly);
    }

    @Override
    public SplitEnumerator<ArchiveSplit, ArchiveEnumeratorState> createEnumerator(
            SplitEnumeratorContext<ArchiveSplit> context) {
        return new ArchiveSplitEnumerator(context, splits, earlyStop);
    }

    @Override
    public SplitEnumerator<ArchiveSplit, ArchiveEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<ArchiveSplit> context, ArchiveEnumeratorState checkpoint) {
        return new ArchiveSplitEnumerator(context, checkpoint.pending(), earlyStop);
    }

    @Override
    public SimpleVersionedSerializer<ArchiveSplit> getSplitSerializer() {
        return ArchiveSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<ArchiveEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new ArchiveEnumeratorStateSerializer();
    }
}
