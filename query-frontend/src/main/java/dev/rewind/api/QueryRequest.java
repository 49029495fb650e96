package dev.rewind.api;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.job.query.Aggregation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated, normalised query (the body of {@code POST /api/query}); both times inclusive.
 *
 * @param cursor null for the first page
 */
public record QueryRequest(Instant start, Instant end, Set<Level> levels, Set<String> services, Set<String> hosts,
                           String text, String regex, Map<String, String> fields, int pageSize, String cursor,
                           ScanOrder order, Sources sources, Optional<Aggregation> aggregation) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 10_000;

    /** Which data a query may read. */
    public enum Sources { AUTO, ARCHIVE, LIVE }

    public QueryRequest {
        levels = Set.copyOf(levels);
        services = Set.copyOf(services);
        hosts = Set.copyOf(hosts);
        fields = Map.copyOf(fields);
    }

    public QueryRequest withPage(int size, String nextCursor) {
        return new QueryRequest(start, end, levels, services, hosts, text, regex, fields, size, nextCursor, order,
                sources, aggregation);
    }

    public QueryRequest withRange(Instant newStart, Instant newEnd) {
        return new QueryRequest(newStart, newEnd, levels, services, hosts, text, regex, fields, pageSize, cursor, order,
                sources, aggregation);
    }

    public QueryRequest withAggregation(Optional<Aggregation> newAggregation) {
        return new QueryRequest(start, end, levels, services, hosts, text, regex, fields, pageSize, cursor, order,
                sources, newAggregation);
    }

    public RecordFilter filter() {
        RecordFilter.Builder b = RecordFilter.builder().between(start, end).levels(levels).services(services)
                .hosts(hosts).text(text).regex(regex);
        fields.forEach(b::field);
        return b.build();
    }

    public List<String> levelNames() {
        return levels.stream().map(Level::name).sorted().toList();
    }
}
