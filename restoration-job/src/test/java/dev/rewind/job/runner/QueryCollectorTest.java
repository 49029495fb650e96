package dev.rewind.job.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.job.query.QuerySpec;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The collector keeps each line once, and a page within its bytes. */
class QueryCollectorTest {
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    private static QueryEvent.Row row(int i, String archive, int messageLength) {
        LogRecord r = new LogRecord(String.format("%016x", i), T0.plusSeconds(i), Level.ERROR, "api", "h1",
                "x".repeat(messageLength), Map.of());
        return new QueryEvent.Row(r, ScanOutput.RecordOrigin.archive(archive, 0));
    }

    @Test
    void theSameLineReachedTwiceIsReturnedAndCountedOnce() {
        QuerySpec spec = QuerySpec.records(RecordFilter.builder().between(T0, T0.plusSeconds(1000)).build(), ScanOrder.ASC, 100);
        QueryCollector collector = new QueryCollector(spec, 2);
        for (int i = 0; i < 10; i++) {
            collector.accept(row(i, "/a/copy-1.zst", 10));
        }
        for (int i = 5; i < 15; i++) { // an overlapping copy, and the live topic past it
            collector.accept(row(i, "/b/copy-2.zst", 10));
        }
        QueryResult result = collector.result(false);
        assertEquals(15, result.rows().size());
        assertEquals(15, result.matched());
        assertEquals(5, collector.duplicates());
    }

    @Test
    void aPageOfHugeLinesIsCutWithinItsBytesAndSaysSo() {
        QuerySpec spec = QuerySpec.records(RecordFilter.builder().between(T0, T0.plusSeconds(1000)).build(), ScanOrder.ASC, 100);
        QueryCollector collector = new QueryCollector(spec, 1, 10L << 20);
        for (int i = 0; i < 100; i++) {
            collector.accept(row(i, "/a/big.zst", 300_000)); // ~600 KB each as held
        }
        QueryResult result = collector.result(false);
        assertTrue(collector.cut());
        assertTrue(result.rows().size() < 20 && result.rows().size() > 5, result.rows().size() + " rows kept");
        assertEquals(T0, result.rows().get(0).record().timestamp(), "the first of the order are the ones kept");
        QueryCollector small = new QueryCollector(spec, 1, 10L << 20);
        small.accept(row(1, "/a/small.zst", 100));
        assertFalse(small.cut());
    }
}
