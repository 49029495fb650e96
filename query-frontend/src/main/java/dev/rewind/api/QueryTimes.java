package dev.rewind.api;

import dev.rewind.query.BadRequestException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Query times as DESIGN.md states them: ISO-8601 (no offset means UTC; a bare date is allowed) or
 * epoch milliseconds. An end is inclusive to the precision it is written in: {@code 2024-06-30}
 * covers the whole day, {@code 2024-06-30T23:59:59} up to 23:59:59.999999999.
 */
public final class QueryTimes {
    private static final Pattern TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?(Z|[+-]\\d{2}:?\\d{2})?");

    private QueryTimes() {
    }

    /** The first instant the text denotes. */
    public static Instant start(String field, String text) {
        return parse(field, text, false);
    }

    /** The last instant the text denotes, to its written precision. */
    public static Instant end(String field, String text) {
        return parse(field, text, true);
    }

    private static Instant parse(String field, String raw, boolean end) {
        if (raw == null || raw.isBlank()) {
            throw new BadRequestException(field, "is required (ISO-8601 time, date, or epoch milliseconds)");
        }
        String text = raw.trim();
        try {
            if (text.matches("-?\\d{1,15}")) {
                Instant t = Instant.ofEpochMilli(Long.parseLong(text));
                return end ? t.plusNanos(999_999) : t;
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                Instant t = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                return end ? t.plus(Duration.ofDays(1)).minusNanos(1) : t;
            }
            Matcher m = TIME.matcher(text);
            if (!m.matches()) {
                throw new BadRequestException(field, "'" + raw + "' is not an ISO-8601 time, a date, or epoch milliseconds");
            }
            String iso = text.replace(' ', 'T');
            Duration unit;
            if (m.group(3) == null) {
                unit = Duration.ofMinutes(1);
                iso = iso.substring(0, 16) + ":00" + iso.substring(16);
            } else if (m.group(4) == null) {
                unit = Duration.ofSeconds(1);
            } else {
                unit = Duration.ofNanos((long) Math.pow(10, 9 - m.group(4).length()));
            }
            Instant t = m.group(5) == null
                    ? LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(iso.replaceAll("([+-]\\d{2})(\\d{2})$", "$1:$2"),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return end ? t.plus(unit).minusNanos(1) : t;
        } catch (DateTimeException | NumberFormatException e) {
            throw new BadRequestException(field, "'" + raw + "' is not a valid time: " + e.getMessage());
        }
    }
}
