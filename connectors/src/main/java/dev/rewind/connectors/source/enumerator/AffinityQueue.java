package dev.rewind.connectors.source.enumerator;

import dev.rewind.connectors.source.split.ArchiveSplit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The splits not handed out yet, in the planned order, with each archive's owner among the current
 * reader locations ({@link Rendezvous}). A reader takes the first split its location owns; the
 * head of the queue is what any reader takes when it owns none. Not thread-safe (the enumerator's
 * coordinator thread owns it).
 */
final class AffinityQueue {
    private final LinkedList<ArchiveSplit> pending;
    private Set<String> locations = Set.of();
    /** Owners by archive key, for the current locations (cleared when they change). */
    private final Map<String, String> owners = new HashMap<>();

    AffinityQueue(Collection<ArchiveSplit> splits) {
        this.pending = new LinkedList<>(splits);
    }

    /** The reader locations ownership is decided over; a change may move archives (as few as it can). */
    void locations(Collection<String> now) {
        Set<String> sorted = new TreeSet<>(now);
        if (!sorted.equals(locations)) {
            locations = sorted;
            owners.clear();
        }
    }

    Set<String> locations() {
        return locations;
    }

    /** The first pending split {@code location} owns, taken off the queue; null when it owns none. */
    ArchiveSplit pollOwnedBy(String location) {
        if (locations.isEmpty()) {
            return null;
        }
        for (Iterator<ArchiveSplit> it = pending.iterator(); it.hasNext(); ) {
            ArchiveSplit split = it.next();
            if (ownerOf(split).equals(location)) {
                it.remove();
                return split;
            }
        }
        return null;
    }

    /** The owner of {@code split}'s archive among the current locations. */
    String ownerOf(ArchiveSplit split) {
        return owners.computeIfAbsent(Rendezvous.archiveKey(split), key -> Rendezvous.owner(key, locations));
    }

    ArchiveSplit pollHead() {
        return pending.poll();
    }

    void addFirst(ArchiveSplit split) {
        pending.addFirst(split);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    void clear() {
        pending.clear();
    }

    /** The pending splits in order (a live view for the early stop; a copy for checkpoints). */
    List<ArchiveSplit> view() {
        return java.util.Collections.unmodifiableList(pending);
    }

    List<ArchiveSplit> copy() {
        return new ArrayList<>(pending);
    }
}
