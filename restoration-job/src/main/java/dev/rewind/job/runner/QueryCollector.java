package dev.rewind.job.runner;

import dev.rewind.connectors.source.ScanOutput;
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
 * (splits done, bytes read) and warnings. Not thread-safe: fed from the thread that iterates.
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
    private long matched;
    private int splitsDone;
    private long bytesRead;
    private long rawBytesRead;
    private long lines;

    public QueryCollector(QuerySpec spec, int splitsTotal) {
        this.spec = spec;
        this.splitsTotal = splitsTotal;
        Comparator<QueryEvent.Row> asc = Comparator.comparing((QueryEvent.Row r) -> r.record().timestamp())
                .thenComparing(r -> r.record().id());
        this.order = spec.order() == ScanOrder.ASC ? asc : asc.reversed();
        this.best = new PriorityQueue<>(order.reversed()); // the worst kept row on top, to evict
    }

    public void accept(QueryEvent event) {
        if (event instanceof QueryEvent.Row row) {
            matched++;
            best.add(row);
            if (best.size() > spec.limit()) {
                best.poll();
            }
        } else if (event instanceof QueryEvent.SplitFinished finished) {
            ScanOutput.SplitDone done = finished.done();
            splitsDone++;
            bytesRead += done.bytesRead();
            rawBytesRead += done.rawBytesRead();
            lines += done.lines();
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
                rawBytesRead, lines, warnings);
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
