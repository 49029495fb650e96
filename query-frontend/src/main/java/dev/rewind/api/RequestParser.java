package dev.rewind.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import dev.rewind.query.BadRequestException;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.SortOrder;
import dev.rewind.query.Sources;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a query body (JSON) into a {@link QueryRequest}: one way of filling its builder, which
 * checks the values; this class checks the shape. The first problem becomes a
 * {@link BadRequestException} naming the field. Unknown fields are refused at every level (a typo,
 * {@code "filter"} for {@code "filters"}, is an error rather than a silently wider query), and so
 * is anything after the body's one JSON value.
 */
public final class RequestParser {
    private static final Set<String> TOP = Set.of("start_time", "end_time", "filters", "page_size", "cursor", "order",
            "sources", "aggregate");
    private static final Set<String> FILTERS = Set.of("level", "service", "host", "text", "regex", "fields");
    private static final Set<String> COUNT = Set.of("type");
    private static final Set<String> TREND = Set.of("type", "bucket", "by");
    private static final Set<String> PATTERNS = Set.of("type", "limit");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RequestParser() {
    }

    /** Parses a body's bytes: not JSON, or more than one JSON value, is a 400 naming {@code body}. */
    public static QueryRequest parse(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body", "is not one valid JSON object: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return parse(node);
    }

    public static QueryRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("body", "must be a JSON object");
        }
        rejectUnknown(body, TOP, "");
        QueryRequest.Builder b = QueryRequest.builder();
        Instant start = QueryTimes.start("start_time", text(body, "start_time"));
        Instant end = QueryTimes.end("end_time", text(body, "end_time"));
        b.range(start, end);
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
        b.levels(levels).services(strings(filters, "service", "filters.service"))
                .hosts(strings(filters, "host", "filters.host"))
                .text(optionalText(filters, "text", "filters.text"))
                .regex(optionalText(filters, "regex", "filters.regex"));
        JsonNode fieldNode = filters.path("fields");
        if (!fieldNode.isMissingNode() && !fieldNode.isNull()) {
            if (!fieldNode.isObject()) {
                throw new BadRequestException("filters.fields", "must be an object of field name to value");
            }
            fieldNode.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new BadRequestException("filters.fields." + e.getKey(), "must be a string, number or boolean");
                }
                b.field(e.getKey(), e.getValue().asText());
            });
        }
        int pageSize = QueryRequest.DEFAULT_PAGE_SIZE;
        JsonNode size = body.path("page_size");
        if (!size.isMissingNode() && !size.isNull()) {
            if (!size.isIntegralNumber() || !size.canConvertToInt()) {
                throw new BadRequestException("page_size", "must be a whole number from 1 to " + QueryRequest.MAX_PAGE_SIZE
                        + ", was " + size);
            }
            pageSize = size.asInt();
        }
        b.page(pageSize, optionalText(body, "cursor", "cursor"));
        b.order(switch (Optional.ofNullable(optionalText(body, "order", "order")).orElse("desc").toLowerCase(Locale.ROOT)) {
            case "desc" -> SortOrder.DESC;
            case "asc" -> SortOrder.ASC;
            default -> throw new BadRequestException("order", "must be \"desc\" or \"asc\"");
        });
        try {
            b.sources(Sources.valueOf(Optional.ofNullable(optionalText(body, "sources", "sources"))
                    .orElse("auto").toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("sources", "must be \"auto\", \"archive\" or \"live\"");
        }
        b.aggregate(aggregation(body.path("aggregate")).orElse(null));
        return b.build();
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
            case "count" -> {
                rejectUnknown(node, COUNT, "aggregate.");
                yield new Aggregation.Count();
            }
            case "trend" -> {
                rejectUnknown(node, TREND, "aggregate.");
                Bucket bucket;
                try {
                    bucket = Bucket.parse(Optional.ofNullable(optionalText(node, "bucket", "aggregate.bucket")).orElse("day"));
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("aggregate.bucket", e.getMessage());
                }
                Set<String> by = strings(node, "by", "aggregate.by");
                for (String x : by) {
                    if (!x.equals("level") && !x.equals("service")) {
                        throw new BadRequestException("aggregate.by", "may hold \"level\" and \"service\", not \"" + x + "\"");
                    }
                }
                if (!node.has("by")) {
                    by = Set.of("level");
                }
                yield new Aggregation.Trend(bucket, by.contains("level"), by.contains("service"));
            }
            case "patterns" -> {
                rejectUnknown(node, PATTERNS, "aggregate.");
                JsonNode limit = node.path("limit");
                int n = 20;
                if (!limit.isMissingNode() && !limit.isNull()) {
                    if (!limit.isIntegralNumber() || !limit.canConvertToInt() || limit.asInt() < 1 || limit.asInt() > 10_000) {
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
