package dev.rewind.connectors.source.enumerator;

import dev.rewind.connectors.source.split.ArchiveSplit;
import java.util.List;

/** The enumerator's checkpoint: the splits not handed out yet, in order. */
public record ArchiveEnumeratorState(List<ArchiveSplit> pending) {
    public ArchiveEnumeratorState {
        pending = List.copyOf(pending);
    }
}
