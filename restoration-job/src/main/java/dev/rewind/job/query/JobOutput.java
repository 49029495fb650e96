package dev.rewind.job.query;

import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.job.results.ResultFile;

/**
 * The one element type a query job sends back: a scan output (a record, or a split's progress),
 * an aggregate row, or the manifest of a result file the job wrote its records to. A flat record
 * rather than a sealed hierarchy because it crosses Flink's serialization;
 * {@link dev.rewind.job.runner.QueryEvent} is the typed view clients get. Exactly one is set.
 */
public record JobOutput(ScanOutput scan, AggregateRow aggregate, ResultFile file) {
    public static JobOutput of(ScanOutput scan) {
        return new JobOutput(scan, null, null);
    }

    public static JobOutput of(AggregateRow row) {
        return new JobOutput(null, row, null);
    }

    public static JobOutput of(ResultFile file) {
        return new JobOutput(null, null, file);
    }
}
