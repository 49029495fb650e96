package dev.rewind.query;

import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Bucket;
import java.time.Instant;
import java.util.List;

/** What a query answers: a page of records, or one of the aggregates. */
public sealed interface Result {

    /**
     * A page of records in the query's order.
     *
     * @param nextCursor the cursor of the next page, null when there is none
     * @param total      records matching (of all pages)
     * @param totalExact false when {@code total} is a lower bound (the scan stopped once it had the page)
     */
    record Records(List<Row> rows, boolean hasMore, String nextCursor, long total, boolean totalExact)
            implements Result {
        public Records {
            rows = List.copyOf(rows);
        }
    }

    /** The number of matching records. */
    record Count(long count) implements Result {
    }

    /** Counts per bucket, one series per key (level and/or service as asked; null when not split by it). */
    record Trend(Bucket bucket, List<Series> series) implements Result {
        public Trend {
            series = List.copyOf(series);
        }
    }

    /** @param level   null when the trend is not split by level
     *  @param service null when the trend is not split by service */
    record Series(Level level, String service, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /** @param t the bucket's first instant */
    record Point(Instant t, long count) {
    }

    /** The most frequent message templates, most frequent first. */
    record Patterns(List<Pattern> patterns) implements Result {
        public Patterns {
            patterns = List.copyOf(patterns);
        }
    }

    record Pattern(String id, String template, long count, Instant firstSeen, Instant lastSeen, String sample) {
    }
}
