package dev.rewind.connectors.record;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Turns the timestamp text of a log line into an {@link Instant}. One instance per archive: the
 * year for year-less formats (syslog's {@code Dec 10 06:55:46}) comes from the archive's path date
 * or modification time. Not thread-safe only in the sense that it is cheap to make one per reader.
 */
final class TimestampParser {
    private enum Mode { ISO, EPOCH_AUTO, EPOCH_SECONDS, EPOCH_MILLIS, PATTERN }

    private final Mode mode;
    private final DateTimeFormatter formatter;
    private final ZoneId zone;

    private TimestampParser(Mode mode, DateTimeFormatter formatter, ZoneId zone) {
        this.mode = mode;
        this.formatter = formatter;
        this.zone = zone;
    }

    /** ISO-8601 text or epoch numbers, zone UTC where none is written: the NDJSON default. */
    public static TimestampParser flexible() {
        return new TimestampParser(Mode.ISO, null, ZoneOffset.UTC);
    }

    /**
     * @param format      see {@link LineFormat.Text#timestampFormat()}
     * @param zone        zone for times written without an offset
     * @param defaultYear year for patterns that have none
     * @throws IllegalArgumentException when the pattern is not a valid DateTimeFormatter pattern
     */
    public static TimestampParser of(String format, String zone, int defaultYear) {
        ZoneId zoneId = ZoneId.of(zone);
        switch (format.toLowerCase(Locale.ROOT)) {
            case "iso":
                return new TimestampParser(Mode.ISO, null, zoneId);
            case "epoch":
                return new TimestampParser(Mode.EPOCH_AUTO, null, zoneId);
            case "epoch_s":
                return new TimestampParser(Mode.EPOCH_SECONDS, null, zoneId);
            case "epoch_ms":
                return new TimestampParser(Mode.EPOCH_MILLIS, null, zoneId);
            default:
                DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
                try {
                    builder.appendPattern(format);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid timestamp format '" + format + "': " + e.getMessage(), e);
                }
                if (!hasYear(format)) {
                    builder.parseDefaulting(ChronoField.YEAR, defaultYear);
                }
                return new TimestampParser(Mode.PATTERN,
                        builder.toFormatter(Locale.ENGLISH).withZone(zoneId), zoneId);
        }
    }

    private static boolean hasYear(String pattern) {
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == 'y' || c == 'u' || c == 'Y')) {
                return true;
            }
        }
        return false;
    }

    /** The instant, or null when the text is not a timestamp in this format. */
    public Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return switch (mode) {
                case ISO -> isNumeric(s) ? epoch(s) : iso(s, zone);
                case EPOCH_AUTO -> epoch(s);
                case EPOCH_SECONDS -> Instant.ofEpochMilli(Math.round(Double.parseDouble(s) * 1000));
                case EPOCH_MILLIS -> Instant.ofEpochMilli(Long.parseLong(s));
                case PATTERN -> Instant.from(formatter.parse(s));
            };
        } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * {@link #parse} of the ASCII text {@code b[from, to)}, writing {epoch second, nano} into
     * {@code out} instead of making an Instant; false when the text is no timestamp. The common ISO
     * shape is read from the bytes; anything else goes through {@link #parse}, so the answers are
     * the same.
     */
    boolean readAscii(byte[] b, int from, int to, long[] out, FastIso.Minute minute) {
        // FastIso's shape is never numeric, and with no space at either end trim() changes nothing
        if (mode == Mode.ISO && to > from && b[from] > ' ' && b[to - 1] > ' ' && FastIso.read(b, from, to, out, minute)) {
            return true;
        }
        Instant t = parse(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
        if (t == null) {
            return false;
        }
        out[0] = t.getEpochSecond();
        out[1] = t.getNano();
        return true;
    }

    /** Epoch number whose unit follows from its magnitude (s, ms, µs, ns): how exporters write it. */
    public static Instant epoch(double value) {
        double abs = Math.abs(value);
        if (abs < 1e11) {
            return Instant.ofEpochMilli(Math.round(value * 1000));
        } else if (abs < 1e14) {
            return Instant.ofEpochMilli(Math.round(value));
        } else if (abs < 1e17) {
            long micros = Math.round(value);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        }
        long nanos = (long) value;
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static Instant epoch(String s) {
        return epoch(Double.parseDouble(s));
    }

    private static boolean isNumeric(String s) {
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    /**
     * ISO-8601 as people write it: a {@code T} or a space between date and time, optional fraction,
     * optional offset or {@code Z}; a bare date is its first instant.
     */
    public static Instant iso(String s, ZoneId zone) {
        Instant fast = FastIso.parse(s);
        if (fast != null) {
            return fast;
        }
        String normalised = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        if (normalised.length() == 10) {
            return LocalDate.parse(normalised).atStartOfDay(zone).toInstant();
        }
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(normalised, ZonedDateTime::from, LocalDateTime::from);
        if (parsed instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        return ((LocalDateTime) parsed).atZone(zone).toInstant();
    }
}
