package dev.rewind.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a query body (JSON) into a {@link QueryRequest}, checking every field; the first problem
 * becomes a {@link BadRequestException} naming the field. Unknown fields are refused too, so a
 * typo ({@code "filter"} for {@code "filters"}) is an error rather than a silently wider query.
 */
public final class RequestParser {
    private static final Set<String> TOP = Set.of("start_time", "end_time", "filters", "page_size", "cursor", "order",
            "sources", "aggregate");
    private static final Set<String> FILTERS = Set.of("level", "service", "host", "text", "regex", "fields");

    private RequestParser() {
    }

    public static QueryRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("body", "must be a JSON object");
        }
        rejectUnknown(body, TOP, "");
        Instant start = QueryTimes.start("start_time", text(body, "start_time"));
        Instant end = QueryTimes.end("end_time", text(body, "end_time"));
        if (end.isBefore(start)) {
            throw new BadRequestException("end_time", "is before start_time");
        }
        JsonNode filters = body.path("filters");
        if (!filters.isMissingNode() && !filters.isNull() && !filters.isObject()) {
            throw new BadRequestException("filters", "must be an object");
        }
        if (filters.isObject()) {
            rejectUnknown(filters, FILTERS, "filters.");
        }
        Set<Level> levels = EnumSet.noneOf(Level.class);
        for (String name : strings(filters, "level", "filters.level")) {
            try {
                levels.add(Level.parseStrict(name));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("filters.level", e.getMessage());
            }
        }
        String regex = optionalText(filters, "regex", "filters.regex");
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new BadRequestException("filters.regex", "invalid regular expression: " + e.getMessage());
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode fieldNode = filters.path("fields");
        if (!fieldNode.isMissingNode() && !fieldNode.isNull()) {
            if (!fieldNode.isObject()) {
                throw new BadRequestException("filters.fields", "must be an object of field name to value");
            }
            fieldNode.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new BadRequestException("filters.fields." + e.getKey(), "must be a string, number or boolean");
                }
                fields.put(e.getKey(), e.getValue().asText());
            });
        }
        int pageSize = QueryRequest.DEFAULT_PAGE_SIZE;
        JsonNode size = body.path("page_size");
        if (!size.isMissingNode() && !size.isNull()) {
            if (!size.isIntegralNumber() || size.asLong() < 1 || size.asLong() > QueryRequest.MAX_PAGE_SIZE) {
                throw new BadRequestException("page_size", "must be a whole number from 1 to " + QueryRequest.MAX_PAGE_SIZE
                        + ", was " + size);
            }
            pageSize = size.asInt();
        }
        String cursor = optionalText(body, "cursor", "cursor");
        ScanOrder order = switch (Optional.ofNullable(optionalText(body, "order", "order")).orElse("desc")
                .toLowerCase(Locale.ROOT)) {
            case "desc" -> ScanOrder.DESC;
            case "asc" -> ScanOrder.ASC;
            default -> throw new BadRequestException("order", "must be \"desc\" or \"asc\"");
        };
        QueryRequest.Sources sources;
        try {
            sources = QueryRequest.Sources.valueOf(Optional.ofNullable(optionalText(body, "sources", "sources"))
                    .orElse("auto").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("sources", "must be \"auto\", \"archive\" or \"live\"");
        }
        return new QueryRequest(start, end, levels, strings(filters, "service", "filters.service"),
                strings(filters, "host", "filters.host"), optionalText(filters, "text", "filters.text"), regex, fields,
                pageSize, cursor, order, sources, aggregation(body.path("aggregate")));
    }

    private static Optional<Aggregation> aggregation(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new BadRequestException("aggregate", "must be null or an object with a \"type\"");
        }
        String type = optionalText(node, "type", "aggregate.type");
        if (type == null) {
            throw new BadRequestException("aggregate.type", "is required: count, trend or patterns");
        }
        return Optional.of(switch (type) {
            case "count" -> new Aggregation.Count();
            case "trend" -> {
                Bucket bucket;
                try {
                    bucket = Bucket.parse(Optional.ofNullable(optionalText(node, "bucket", "aggregate.bucket")).orElse("day"));
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("aggregate.bucket", e.getMessage());
                }
                Set<String> by = strings(node, "by", "aggregate.by");
                for (String b : by) {
                    if (!b.equals("level") && !b.equals("service")) {
                        throw new BadRequestException("aggregate.by", "may hold \"level\" and \"service\", not \"" + b + "\"");
                    }
                }
                if (!node.has("by")) {
                    by = Set.of("level");
                }
                yield new Aggregation.Trend(bucket, by.contains("level"), by.contains("service"));
            }
            case "patterns" -> {
                JsonNode limit = node.path("limit");
                int n = 20;
                if (!limit.isMissingNode() && !limit.isNull()) {
                    if (!limit.isIntegralNumber() || limit.asInt() < 1 || limit.asInt() > 10_000) {
                        throw new BadRequestException("aggregate.limit", "must be a whole number from 1 to 10000");
                    }
                    n = limit.asInt();
                }
                yield new Aggregation.Patterns(n);
            }
            default -> throw new BadRequestException("aggregate.type", "must be count, trend or patterns, was \"" + type + "\"");
        });
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new BadRequestException(prefix + name, "is not a known field; expected one of " + known);
            }
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw new BadRequestException(name, "must be an ISO-8601 time, a date, or epoch milliseconds");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String name, String field) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException(field, "must be a string");
        }
        return value.asText().isEmpty() ? null : value.asText();
    }

    /** A string or an array of strings. */
    private static Set<String> strings(JsonNode node, String name, String field) {
        JsonNode value = node.path(name);
        Set<String> out = new LinkedHashSet<>();
        if (value.isMissingNode() || value.isNull()) {
            return out;
        }
        if (value.isTextual()) {
            out.add(value.asText());
            return out;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new BadRequestException(field, "must be a string or an array of strings");
                }
                out.add(item.asText());
            }
            return out;
        }
        throw new BadRequestException(field, "must be a string or an array of strings");
    }
}
