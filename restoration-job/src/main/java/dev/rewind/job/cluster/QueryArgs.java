package dev.rewind.job.cluster;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import dev.rewind.job.query.QuerySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The arguments of {@link QueryJob}: archive roots and one question, in the words of
 * {@code rewind query}.
 *
 * <pre>
 * --archives ROOT[,ROOT…]   folders or URIs (s3://bucket/prefix), repeatable
 * --from T --to T           ISO-8601 instants (UTC when no offset is given) or dates (--to a date: to its end)
 * [--level L,…] [--service S] [--text S]
 * [--limit N] [--order desc|asc]          records (100 newest by default)
 * [--count | --trend hour|day|week|month] an aggregate instead (a trend per level)
 * </pre>
 */
record QueryArgs(List<String> roots, QuerySpec spec) {
    static final String USAGE = "usage: --archives ROOT[,ROOT…] --from T --to T [--level L,…] [--service S] "
            + "[--text S] [--limit N] [--order desc|asc] [--count | --trend hour|day|week|month]";

    /** @throws IllegalArgumentException naming the option that is missing or wrong */
    static QueryArgs parse(String[] args) {
        List<String> roots = new ArrayList<>();
        String from = null;
        String to = null;
        List<Level> levels = new ArrayList<>();
        String service = null;
        String text = null;
        int limit = 100;
        ScanOrder order = ScanOrder.DESC;
        Aggregation aggregation = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--count")) {
                aggregation = new Aggregation.Count();
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("query: " + name + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--archives" -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .forEach(roots::add);
                case "--from" -> from = value;
                case "--to" -> to = value;
                case "--level" -> {
                    for (String l : value.split(",")) {
                        try {
                            levels.add(Level.valueOf(l.trim().toUpperCase(Locale.ROOT)));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("query: --level must be levels such as ERROR,WARN, was '"
                                    + value + "'", e);
                        }
                    }
                }
                case "--service" -> service = value;
                case "--text" -> text = value;
                case "--limit" -> limit = number(name, value);
                case "--order" -> order = switch (value.toLowerCase(Locale.ROOT)) {
                    case "desc" -> ScanOrder.DESC;
                    case "asc" -> ScanOrder.ASC;
                    default -> throw new IllegalArgumentException("query: --order must be desc or asc, was '" + value + "'");
                };
                case "--trend" -> {
                    Bucket bucket;
                    try {
                        bucket = Bucket.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("query: --trend must be hour, day, week or month, was '"
                                + value + "'", e);
                    }
                    aggregation = new Aggregation.Trend(bucket, true, false);
                }
                default -> throw new IllegalArgumentException("query: unknown option " + name + "; " + USAGE);
            }
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("query: --archives is required; " + USAGE);
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("query: --from and --to are required; " + USAGE);
        }
        Instant start = time("--from", from, false);
        Instant end = time("--to", to, true);
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("query: --to (" + to + ") is before --from (" + from + ")");
        }
        if (limit < 1 || limit > 1_000_000) {
            throw new IllegalArgumentException("query: --limit must be 1 to 1000000, was " + limit);
        }
        RecordFilter.Builder filter = RecordFilter.builder().between(start, end);
        if (!levels.isEmpty()) {
            filter.levels(levels);
        }
        if (service != null) {
            filter.services(List.of(service));
        }
        if (text != null) {
            filter.text(text);
        }
        QuerySpec spec = aggregation == null ? QuerySpec.records(filter.build(), order, limit)
                : QuerySpec.aggregate(filter.build(), aggregation);
        return new QueryArgs(List.copyOf(roots), spec);
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query: " + option + " must be a whole number, was '" + value + "'", e);
        }
    }

    /** An instant, a local date-time (UTC) or a date (its start, or for an end its last millisecond). */
    static Instant time(String option, String value, boolean end) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return end ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
                        : day.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("query: " + option + " must be an ISO-8601 time or date "
                    + "(2024-03-01, 2024-03-01T12:00:00, 2024-03-01T12:00:00Z), was '" + value + "'", e);
        }
    }
}
