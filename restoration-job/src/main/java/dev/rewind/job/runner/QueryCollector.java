package dev.rewind.job.runner;

import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.job.query.AggregateRow;
import dev.rewind.job.query.QuerySpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Folds a running query's events into its answer: keeps the best {@code limit} records in the
 * query's order (time, then id, so ties are stable), merges aggregate rows, and counts progress
 * (splits done, bytes read) and warnings. The same line reached twice (same time and id: the same
 * bytes, through two archives or an archive and the live topic) is kept and counted once. The rows
 * kept are bounded in bytes too: past {@code maxRowBytes} (a page of huge lines) the page is cut
 * and says so, rather than the process running out of memory. Not thread-safe: fed from the thread
 * that iterates.
 */
public final class QueryCollector {
    private final QuerySpec spec;
    private final int splitsTotal;
    private final Comparator<QueryEvent.Row> order;
    private final PriorityQueue<QueryEvent.Row> best;
    private final Map<String, AggregateRow> aggregates = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    /** The patterns aggregate: the readers' message shapes, mined into types when the query ends. */
    private final PatternShapes patterns = new PatternShapes();
    private final java.util.Set<RowKey> kept = new java.util.HashSet<>();
    private final long maxRowBytes;
    private long rowBytes;
    private boolean cut;
    private long duplicates;
    private long matched;
    private int splitsDone;
    private long bytesRead;
    private long rawBytesRead;
    private ScanOutput.Io io = ScanOutput.Io.NONE;
    private long lines;

    /** A row's identity for de-duplication: the same line has the same time and id. */
    private record RowKey(java.time.Instant timestamp, String id) {
        static RowKey of(QueryEvent.Row row) {
            return new RowKey(row.record().timestamp(), row.record().id());
        }
    }

    public QueryCollector(QuerySpec spec, int splitsTotal) {
        this(spec, splitsTotal, Long.MAX_VALUE);
    }

    /** @param maxRowBytes the most the kept rows may weigh (their text, roughly); past it the page is cut */
    public QueryCollector(QuerySpec spec, int splitsTotal, long maxRowBytes) {
        this.maxRowBytes = maxRowBytes;
        this.spec = spec;
        this.splitsTotal = splitsTotal;
        Comparator<QueryEvent.Row> asc = Comparator.comparing((QueryEvent.Row r) -> r.record().timestamp())
                .thenComparing(r -> r.record().id());
        this.order = spec.order() == ScanOrder.ASC ? asc : asc.reversed();
        this.best = new PriorityQueue<>(order.reversed()); // the worst kept row on top, to evict
    }

    public void accept(QueryEvent event) {
        if (event instanceof QueryEvent.Row row) {
            if (!kept.add(RowKey.of(row))) {
                duplicates++; // the same line again: once is enough
                return;
            }
            matched++;
            best.add(row);
            rowBytes += weight(row);
            while (best.size() > spec.limit()) {
                evictWorst();
            }
            while (rowBytes > maxRowBytes && best.size() > 1) {
                evictWorst();
                cut = true;
            }
        } else if (event instanceof QueryEvent.SplitFinished finished) {
            ScanOutput.SplitDone done = finished.done();
            splitsDone++;
            bytesRead += done.bytesRead();
            rawBytesRead += done.rawBytesRead();
            lines += done.lines();
            io = io.plus(done.io());
            if (done.warning() != null) {
                warnings.add(done.warning());
            }
        } else if (event instanceof QueryEvent.Aggregate aggregate) {
            if (spec.aggregation().orElse(null) instanceof dev.rewind.job.query.Aggregation.Patterns) {
                patterns.add(aggregate.row());
            } else {
                aggregates.merge(aggregate.row().key(), aggregate.row(), AggregateRow::merge);
            }
        }
    }

    private void evictWorst() {
        QueryEvent.Row worst = best.poll();
        kept.remove(RowKey.of(worst));
        rowBytes -= weight(worst);
    }

    /** Roughly what a kept row holds in memory: its text twice (a String and its JSON), plus overhead. */
    private static long weight(QueryEvent.Row row) {
        var r = row.record();
        long w = 256 + 2L * (r.message().length() + r.id().length());
        for (var e : r.fields().entrySet()) {
            w += 64 + 2L * (e.getKey().length() + e.getValue().length());
        }
        return w;
    }

    /** Lines seen a second time (and dropped). */
    public long duplicates() {
        return duplicates;
    }

    /** Whether the page was cut short to stay within its bytes. */
    public boolean cut() {
        return cut;
    }

    public void warn(String warning) {
        warnings.add(warning);
    }

    public int splitsDone() {
        return splitsDone;
    }

    public int splitsTotal() {
        return splitsTotal;
    }

    public long bytesRead() {
        return bytesRead;
    }

    public long matched() {
        return matched;
    }

    public QueryResult result(boolean cancelled) {
        List<QueryEvent.Row> rows = new ArrayList<>(best);
        rows.sort(order);
        List<AggregateRow> rowsOfAggregate = new ArrayList<>(aggregates.values());
        rowsOfAggregate.addAll(patterns.types());
        rowsOfAggregate.sort(Comparator.comparing(AggregateRow::key));
        boolean complete = !cancelled && splitsDone == splitsTotal;
        return new QueryResult(rows, matched, complete, rowsOfAggregate, splitsDone, splitsTotal, bytesRead,
                rawBytesRead, lines, warnings, io);
    }

    /** Runs a query to its end, feeding every event to this collector. */
    public QueryResult drain(RunningQuery query) throws Exception {
        try (query) {
            while (query.hasNext()) {
                accept(query.next());
            }
        }
        return result(query.isCancelled());
    }
}
