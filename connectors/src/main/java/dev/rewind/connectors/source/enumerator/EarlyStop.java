package dev.rewind.connectors.source.enumerator;

import dev.rewind.connectors.source.split.ArchiveSplit;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * When a records query may stop handing out splits: once the splits finished so far, taken in the
 * order they were handed out, hold at least {@code limit} matches and none of the splits not yet
 * handed out can hold a newer record (older, for ascending order) than the oldest of those. The
 * client then keeps the best {@code limit} of everything emitted, which is exact. Immutable.
 */
public record EarlyStop(long limit, ScanOrder order) implements Serializable {
    public static final EarlyStop NEVER = new EarlyStop(0, ScanOrder.DESC);

    /**
     * @param assigned  splits in the order they were handed out
     * @param finished  matches of the finished ones, by split id
     * @param pending   splits not handed out yet
     */
    public boolean reached(List<ArchiveSplit> assigned, Map<String, Long> finished, Collection<ArchiveSplit> pending) {
        if (limit <= 0 || pending.isEmpty()) {
            return false;
        }
        long matches = 0;
        Instant bound = null; // oldest (desc) / newest (asc) time covered by the finished prefix
        for (ArchiveSplit split : assigned) {
            Long m = finished.get(split.splitId());
            if (m == null) {
                break;
            }
            matches += m;
            Instant edge = order == ScanOrder.DESC ? split.minTimestamp() : split.maxTimestamp();
            if (bound == null || (order == ScanOrder.DESC ? edge.isBefore(bound) : edge.isAfter(bound))) {
                bound = edge;
            }
            if (matches >= limit) {
                break;
            }
        }
        if (matches < limit) {
            return false;
        }
        for (ArchiveSplit split : pending) {
            boolean mayBeBetter = order == ScanOrder.DESC ? !split.maxTimestamp().isBefore(bound)
                    : !split.minTimestamp().isAfter(bound);
            if (mayBeBetter) {
                return false;
            }
        }
        return true;
    }
}
