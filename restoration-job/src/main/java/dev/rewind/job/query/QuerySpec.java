package dev.rewind.job.query;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * One query as the job sees it: the filter, the order and limit of records, or an aggregation.
 *
 * @param limit records wanted (the page, or the top N); the job may stop early once it has them
 */
public record QuerySpec(RecordFilter filter, ScanOrder order, int limit, Optional<Aggregation> aggregation)
        implements Serializable {
    public QuerySpec {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(aggregation, "aggregation");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    public static QuerySpec records(RecordFilter filter, ScanOrder order, int limit) {
        return new QuerySpec(filter, order, limit, Optional.empty());
    }

    public static QuerySpec aggregate(RecordFilter filter, Aggregation aggregation) {
        return new QuerySpec(filter, ScanOrder.ASC, 1, Optional.of(aggregation));
    }
}
