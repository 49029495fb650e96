package dev.rewind.connectors.source.reader;

import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.connectors.source.plan.ScanPlanner;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.connectors.source.split.ArchiveSplit;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;

/**
 * Reads archives the way a query's Flink job does — planned from their sidecars, each split through
 * the real {@link ArchiveSplitReader} — for tests in other packages.
 */
public final class SplitReading {
    private SplitReading() {
    }

    /**
     * @param rows     the records emitted, in split order (by time, ascending)
     * @param warnings the splits' warnings, one per split that had one
     * @param counted  the matches the splits counted (a count query's answer)
     * @param plan     the splits read
     */
    public record Result(List<LogRecord> rows, List<String> warnings, long counted, List<ArchiveSplit> plan) {
        public List<String> messages() {
            return rows.stream().map(LogRecord::message).toList();
        }
    }

    /** Every record of {@code archives}, as a records query over all time sees them. */
    public static Result records(List<IndexedArchive> archives) throws IOException {
        return read(archives, false);
    }

    /** The same, counted only, as a count query does. */
    public static Result count(List<IndexedArchive> archives) throws IOException {
        return read(archives, true);
    }

    private static Result read(List<IndexedArchive> archives, boolean countOnly) throws IOException {
        RecordFilter filter = RecordFilter.builder().between(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).build();
        ScanPlan plan = ScanPlanner.plan(archives, filter, ScanOrder.ASC, ScanPlanner.Blooms.FROM_SIDECARS);
        ArchiveSplitReader reader = new ArchiveSplitReader(filter, countOnly);
        reader.handleSplitsChanges(new SplitsAddition<>(plan.splits()));
        List<LogRecord> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        long counted = 0;
        int done = 0;
        try {
            while (done < plan.splits().size()) {
                RecordsWithSplitIds<ScanOutput> batch = reader.fetch();
                while (batch.nextSplit() != null) {
                    ScanOutput out;
                    while ((out = batch.nextRecordFromSplit()) != null) {
                        if (out.isRow()) {
                            rows.add(out.record());
                        } else {
                            done++;
                            counted += out.done().counted() ? out.done().matches() : 0;
                            if (out.done().warning() != null) {
                                warnings.add(out.done().warning());
                            }
                        }
                    }
                }
                batch.recycle();
            }
            reader.close();
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException(e);
        }
        return new Result(rows, warnings, counted, plan.splits());
    }
}
