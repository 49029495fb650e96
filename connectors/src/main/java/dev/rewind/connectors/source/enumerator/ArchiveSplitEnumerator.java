package dev.rewind.connectors.source.enumerator;

import dev.rewind.connectors.source.split.ArchiveSplit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands out splits one at a time, on request, in the planned time order (newest first for
 * descending queries), so the first results come from the splits most likely to answer; stops
 * early when {@link EarlyStop} says no unread split can change the answer. Runs in the
 * JobManager's coordinator thread: not thread-safe, and need not be.
 */
public final class ArchiveSplitEnumerator implements SplitEnumerator<ArchiveSplit, ArchiveEnumeratorState> {
    private final SplitEnumeratorContext<ArchiveSplit> context;
    private final Deque<ArchiveSplit> pending;
    private final EarlyStop earlyStop;
    private final List<ArchiveSplit> assigned = new ArrayList<>();
    private final Map<String, Long> finished = new HashMap<>();
    private boolean stopped;

    public ArchiveSplitEnumerator(SplitEnumeratorContext<ArchiveSplit> context, List<ArchiveSplit> splits,
                                  EarlyStop earlyStop) {
        this.context = context;
        this.pending = new ArrayDeque<>(splits);
        this.earlyStop = earlyStop;
    }

    @Override
    public void start() {
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        if (!stopped && earlyStop.reached(assigned, finished, pending)) {
            stopped = true;
            pending.clear();
        }
        ArchiveSplit next = pending.poll();
        if (next == null) {
            context.signalNoMoreSplits(subtaskId);
            return;
        }
        assigned.add(next);
        context.assignSplit(next, subtaskId);
    }

    @Override
    public void addSplitsBack(List<ArchiveSplit> splits, int subtaskId) {
        // A failed reader's splits go back to the front, keeping their time order.
        for (int i = splits.size() - 1; i >= 0; i--) {
            ArchiveSplit split = splits.get(i);
            assigned.removeIf(s -> s.splitId().equals(split.splitId()));
            pending.addFirst(split);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits themselves (see ArchiveSourceReader#start).
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
        if (sourceEvent instanceof SplitFinishedEvent done) {
            finished.put(done.splitId(), done.matches());
        }
    }

    @Override
    public ArchiveEnumeratorState snapshotState(long checkpointId) {
        return new ArchiveEnumeratorState(new ArrayList<>(pending));
    }

    @Override
    public void close() {
    }

    /** Whether the early stop ended the scan before every planned split was read (for tests and stats). */
    public boolean stoppedEarly() {
        return stopped;
    }
}
