package dev.rewind.job.query;

import dev.rewind.connectors.source.reader.ScanOutput;

/**
 * The one element type a query job sends back: a scan output (a record, or a split's progress),
 * or an aggregate row. A flat record rather than a sealed hierarchy because it crosses Flink's
 * serialization; {@link dev.rewind.job.runner.QueryEvent} is the typed view clients get.
 */
public record JobOutput(ScanOutput scan, AggregateRow aggregate) {
    public static JobOutput of(ScanOutput scan) {
        return new JobOutput(scan, null);
    }

    public static JobOutput of(AggregateRow row) {
        return new JobOutput(null, row);
    }
}
