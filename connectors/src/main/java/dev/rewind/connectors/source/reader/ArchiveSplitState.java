package dev.rewind.connectors.source.reader;

import dev.rewind.connectors.source.split.ArchiveSplit;

/** A split being read: how many matching records it has emitted (its checkpoint position). */
final class ArchiveSplitState {
    final ArchiveSplit split;
    long emitted;

    ArchiveSplitState(ArchiveSplit split) {
        this.split = split;
        this.emitted = split.recordsToSkip();
    }
}
