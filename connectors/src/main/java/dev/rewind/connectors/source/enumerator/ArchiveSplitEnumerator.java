package dev.rewind.connectors.source.enumerator;

import dev.rewind.connectors.source.split.ArchiveSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands out splits one at a time, on request, in the planned time order (newest first for
 * descending queries), so the first results come from the splits most likely to answer; stops
 * early when {@link EarlyStop} says no unread split can change the answer. Runs in the
 * JobManager's coordinator thread: not thread-safe, and need not be.
 *
 * <p><b>Cache affinity.</b> Each archive belongs to one reader location (its TaskManager) by
 * rendezvous hashing over the locations of the job's readers ({@link Rendezvous}), so a repeated
 * query reads an archive where its regions are cached already, and each region is cached once in
 * the cluster. A reader takes the first pending split (in the planned order) of an archive it owns.
 * When it owns none of the pending splits, it waits up to {@code stealAfter} for one to come back
 * (a failed reader's), then takes the head of the queue, whoever owns it: a reader is never idle
 * longer than that while splits remain, and a long tail of one owner's splits is shared (losing
 * their affinity for that query, not for the next). Ownership is decided once every reader of the
 * job has said where it runs ({@link ReaderLocationEvent}), or, when one is late (a batch job short
 * of slots), after {@code stealAfter}, over the locations known by then.
 *
 * <p>Owning splits anywhere in the queue changes the read order of a records query from one global
 * order to one order per reader; the early stop is computed over whatever was handed out and stays
 * exact, and each reader still reads its newest (oldest, ascending) splits first.
 */
public final class ArchiveSplitEnumerator implements SplitEnumerator<ArchiveSplit, ArchiveEnumeratorState> {
    /** How often waiting requests are looked at again while some wait. */
    private static final long TICK_MS = 10;

    private final SplitEnumeratorContext<ArchiveSplit> context;
    private final AffinityQueue pending;
    private final EarlyStop earlyStop;
    private final long stealAfterNanos;
    private final List<ArchiveSplit> assigned = new ArrayList<>();
    private final Map<String, Long> finished = new HashMap<>();
    /** Where each reader said it runs, by subtask. */
    private final Map<Integer, String> locations = new HashMap<>();
    /** Split requests not served yet, by subtask, with when the first of them came (nanos). */
    private final Map<Integer, Waiting> waiting = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private boolean ticking;
    private boolean stopped;

    private static final class Waiting {
        final long since;
        int requests;

        Waiting(long since) {
            this.since = since;
        }
    }

    public ArchiveSplitEnumerator(SplitEnumeratorContext<ArchiveSplit> context, List<ArchiveSplit> splits,
                                  EarlyStop earlyStop, Duration stealAfter) {
        if (stealAfter.isNegative()) {
            throw new IllegalArgumentException("steal-after must not be negative, was " + stealAfter);
        }
        this.context = context;
        this.pending = new AffinityQueue(splits);
        this.earlyStop = earlyStop;
        this.stealAfterNanos = stealAfter.toNanos();
    }

    @Override
    public void start() {
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        waiting.computeIfAbsent(subtaskId, id -> new Waiting(System.nanoTime())).requests++;
        serve();
    }

    /** Serves every waiting request that can be served now, in the order they came. */
    private void serve() {
        if (!stopped && earlyStop.reached(assigned, finished, pending.view())) {
            stopped = true;
            pending.clear();
        }
        long now = System.nanoTime();
        boolean located = locations.size() >= context.currentParallelism() || now - started >= stealAfterNanos;
        if (located) {
            pending.locations(knownLocations());
        }
        for (Iterator<Map.Entry<Integer, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Waiting> entry = it.next();
            int subtask = entry.getKey();
            Waiting request = entry.getValue();
            while (request.requests > 0) {
                if (pending.isEmpty()) {
                    context.signalNoMoreSplits(subtask);
                    request.requests = 0;
                    break;
                }
                if (!located) {
                    break;
                }
                ArchiveSplit next = pending.pollOwnedBy(locationOf(subtask));
                if (next == null && now - request.since >= stealAfterNanos) {
                    next = pending.pollHead();
                }
                if (next == null) {
                    break;
                }
                assigned.add(next);
                context.assignSplit(next, subtask);
                request.requests--;
            }
            if (request.requests == 0) {
                it.remove();
            }
        }
        if (!waiting.isEmpty() && !ticking) {
            ticking = true; // runs until the job ends and the coordinator's executor stops
            context.callAsync(() -> null, (ignored, error) -> serve(), TICK_MS, TICK_MS);
        }
    }

    private String locationOf(int subtask) {
        String location = locations.get(subtask);
        if (location == null) {
            ReaderInfo info = context.registeredReaders().get(subtask);
            location = info == null ? "subtask-" + subtask : info.getLocation();
        }
        return location;
    }

    private List<String> knownLocations() {
        List<String> known = new ArrayList<>();
        for (Integer subtask : context.registeredReaders().keySet()) {
            known.add(locationOf(subtask));
        }
        for (Integer subtask : locations.keySet()) {
            known.add(locationOf(subtask));
        }
        return known;
    }

    @Override
    public void addSplitsBack(List<ArchiveSplit> splits, int subtaskId) {
        // A failed reader's splits go back to the front, keeping their time order.
        for (int i = splits.size() - 1; i >= 0; i--) {
            ArchiveSplit split = splits.get(i);
            assigned.removeIf(s -> s.splitId().equals(split.splitId()));
            pending.addFirst(split);
        }
        locations.remove(subtaskId); // a restarted reader says where it runs again
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits themselves (see ArchiveSourceReader#start).
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
        if (sourceEvent instanceof SplitFinishedEvent done) {
            finished.put(done.splitId(), done.matches());
            if (!waiting.isEmpty()) {
                serve(); // the early stop may now let waiting readers go
            }
        } else if (sourceEvent instanceof ReaderLocationEvent where) {
            locations.put(subtaskId, where.location());
            serve();
        }
    }

    @Override
    public ArchiveEnumeratorState snapshotState(long checkpointId) {
        return new ArchiveEnumeratorState(pending.copy());
    }

    @Override
    public void close() {
    }

    /** Whether the early stop ended the scan before every planned split was read (for tests and stats). */
    public boolean stoppedEarly() {
        return stopped;
    }
}
