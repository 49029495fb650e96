package dev.rewind.query;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Aggregation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One question, validated and normalised: a range (both ends inclusive), filters, a page of
 * records in an order, or an aggregate instead. Built with {@link #builder()}, whose
 * {@link Builder#build()} names the first bad field; the HTTP body parser and the command line are
 * two ways of filling the same builder. Immutable.
 *
 * @param cursor the opaque {@code next_cursor} of the page before, or null for the first page
 */
public record QueryRequest(Instant start, Instant end, Set<Level> levels, Set<String> services, Set<String> hosts,
                           String text, String regex, Map<String, String> fields, int pageSize, String cursor,
                           SortOrder order, Sources sources, Optional<Aggregation> aggregation) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 10_000;

    public QueryRequest {
        levels = Set.copyOf(levels);
        services = Set.copyOf(services);
        hosts = Set.copyOf(hosts);
        fields = Map.copyOf(fields);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(aggregation, "aggregation");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request, to change a part of it. */
    public Builder toBuilder() {
        Builder b = new Builder().range(start, end).levels(levels).services(services).hosts(hosts).text(text)
                .regex(regex).page(pageSize, cursor).order(order).sources(sources)
                .aggregate(aggregation.orElse(null));
        fields.forEach(b::field);
        return b;
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

    /** What the archive and live readers test each record with. */
    public RecordFilter filter() {
        RecordFilter.Builder b = RecordFilter.builder().between(start, end).levels(levels).services(services)
                .hosts(hosts).text(text).regex(regex);
        fields.forEach(b::field);
        return b.build();
    }

    public List<String> levelNames() {
        return levels.stream().map(Level::name).sorted().toList();
    }

    /** Whether the filters are on level and service only (what sidecar pre-aggregates can answer). */
    public boolean levelAndServiceOnly() {
        return text == null && regex == null && hosts.isEmpty() && fields.isEmpty();
    }

    /**
     * Fills a {@link QueryRequest}. Every setter takes the value as given; {@link #build()} checks
     * them all and names the first bad one (a {@link BadRequestException} whose field is the HTTP
     * body's name for it), so every way of asking a question is validated the same way.
     */
    public static final class Builder {
        private Instant start;
        private Instant end;
        private final Set<Level> levels = new LinkedHashSet<>();
        private final Set<String> services = new LinkedHashSet<>();
        private final Set<String> hosts = new LinkedHashSet<>();
        private String text;
        private String regex;
        private final Map<String, String> fields = new LinkedHashMap<>();
        private int pageSize = DEFAULT_PAGE_SIZE;
        private String cursor;
        private SortOrder order = SortOrder.DESC;
        private Sources sources = Sources.AUTO;
        private Aggregation aggregation;

        private Builder() {
        }

        /** Both ends inclusive. */
        public Builder range(Instant from, Instant to) {
            this.start = from;
            this.end = to;
            return this;
        }

        public Builder levels(Iterable<Level> wanted) {
            wanted.forEach(levels::add);
            return this;
        }

        public Builder services(Iterable<String> wanted) {
            wanted.forEach(services::add);
            return this;
        }

        public Builder hosts(Iterable<String> wanted) {
            wanted.forEach(hosts::add);
            return this;
        }

        /** Words to find, case-insensitively, as whole tokens; null or empty for none. */
        public Builder text(String words) {
            this.text = words == null || words.isEmpty() ? null : words;
            return this;
        }

        /** An RE2 expression on the raw line; null or empty for none. */
        public Builder regex(String expression) {
            this.regex = expression == null || expression.isEmpty() ? null : expression;
            return this;
        }

        public Builder field(String name, String value) {
            fields.put(name, value);
            return this;
        }

        public Builder page(int size, String after) {
            this.pageSize = size;
            this.cursor = after == null || after.isEmpty() ? null : after;
            return this;
        }

        public Builder order(SortOrder value) {
            this.order = value;
            return this;
        }

        public Builder sources(Sources value) {
            this.sources = value;
            return this;
        }

        /** Null for records. */
        public Builder aggregate(Aggregation value) {
            this.aggregation = value;
            return this;
        }

        /** @throws BadRequestException naming the first field that is missing or wrong */
        public QueryRequest build() {
            if (start == null) {
                throw new BadRequestException("start_time", "is required (ISO-8601 time, date, or epoch milliseconds)");
            }
            if (end == null) {
                throw new BadRequestException("end_time", "is required (ISO-8601 time, date, or epoch milliseconds)");
            }
            if (end.isBefore(start)) {
                throw new BadRequestException("end_time", "is before start_time");
            }
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new BadRequestException("page_size", "must be a whole number from 1 to " + MAX_PAGE_SIZE
                        + ", was " + pageSize);
            }
            if (regex != null) {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new BadRequestException("filters.regex", "invalid regular expression: " + e.getMessage());
                }
            }
            if (order == null) {
                throw new BadRequestException("order", "must be \"desc\" or \"asc\"");
            }
            if (sources == null) {
                throw new BadRequestException("sources", "must be \"auto\", \"archive\" or \"live\"");
            }
            for (Map.Entry<String, String> f : fields.entrySet()) {
                if (f.getKey() == null || f.getKey().isEmpty() || f.getValue() == null) {
                    throw new BadRequestException("filters.fields", "names and values must be non-empty strings");
                }
            }
            return new QueryRequest(start, end, levels, services, hosts, text, regex, fields, pageSize, cursor, order,
                    sources, Optional.ofNullable(aggregation));
        }
    }
}
