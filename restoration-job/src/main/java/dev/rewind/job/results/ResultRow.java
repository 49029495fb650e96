package dev.rewind.job.results;

import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.source.reader.ScanOutput;

/** A row read back from a result file: the record and where it was read. */
public record ResultRow(LogRecord record, ScanOutput.RecordOrigin origin) {
    public ResultFile.RowKey key() {
        return new ResultFile.RowKey(record.timestamp(), record.id());
    }
}
