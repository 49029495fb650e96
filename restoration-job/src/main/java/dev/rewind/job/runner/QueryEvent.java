package dev.rewind.job.runner;

import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.job.query.AggregateRow;

/** What a running query delivers, in arrival order: records, split progress, aggregate rows. */
public sealed interface QueryEvent {
    record Row(LogRecord record, ScanOutput.RecordOrigin origin) implements QueryEvent {
    }

    record SplitFinished(ScanOutput.SplitDone done) implements QueryEvent {
    }

    record Aggregate(AggregateRow row) implements QueryEvent {
    }
}
