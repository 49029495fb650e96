package dev.rewind.job.runner;

import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.job.query.AggregateRow;
import java.util.List;

/**
 * A finished query's answer and what it cost.
 *
 * @param rows        the records, in the query's order, at most its limit
 * @param matched     records that matched and reached the client (all of them when {@code complete})
 * @param complete    every planned split was read (no early stop, no cancel)
 * @param aggregates  aggregate rows (empty for a records query)
 * @param bytesRead   compressed bytes of the splits read
 * @param io          what reading them cost in remote requests and bytes, and the bytes the SSD tier served
 */
public record QueryResult(List<QueryEvent.Row> rows, long matched, boolean complete, List<AggregateRow> aggregates,
                          int splitsDone, int splitsTotal, long bytesRead, long rawBytesRead, long linesScanned,
                          List<String> warnings, ScanOutput.Io io) {
    public QueryResult {
        rows = List.copyOf(rows);
        aggregates = List.copyOf(aggregates);
        warnings = List.copyOf(warnings);
    }
}
