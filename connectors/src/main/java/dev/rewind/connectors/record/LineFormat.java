package dev.rewind.connectors.record;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How the lines of an archive are written: NDJSON with configurable field names, or plain text
 * matched by a regular expression with named groups. Stored in each archive's sidecar so a query
 * parses every archive with the format it was indexed with.
 */
public sealed interface LineFormat extends Serializable permits LineFormat.Ndjson, LineFormat.Text {

    /** A short, human-readable description for {@code rewind inspect}. */
    String describe();

    /** NDJSON with the default field names of DESIGN.md. */
    static Ndjson ndjson() {
        return Ndjson.DEFAULT;
    }

    /**
     * NDJSON; each list names the fields tried in order for that part of the record.
     *
     * @param timestampFields ISO-8601 text or epoch seconds/millis
     * @param idFields        an explicit line id; when absent the raw line is hashed
     */
    record Ndjson(List<String> timestampFields, List<String> levelFields, List<String> messageFields,
                  List<String> serviceFields, List<String> hostFields, List<String> idFields)
            implements LineFormat {
        static final Ndjson DEFAULT = new Ndjson(
                List.of("timestamp", "@timestamp", "ts", "time"),
                List.of("level", "severity", "lvl"),
                List.of("message", "msg"),
                List.of("service", "app", "application"),
                List.of("host", "hostname"),
                List.of("id", "event_id"));

        public Ndjson {
            timestampFields = List.copyOf(timestampFields);
            levelFields = List.copyOf(levelFields);
            messageFields = List.copyOf(messageFields);
            serviceFields = List.copyOf(serviceFields);
            hostFields = List.copyOf(hostFields);
            idFields = List.copyOf(idFields);
        }

        @Override
        public String describe() {
            return "ndjson";
        }
    }

    /**
     * Plain text lines matched by {@code pattern}, whose named groups {@code ts}, {@code level},
     * {@code service}, {@code host} and {@code msg} are all optional (no {@code msg}: the whole line
     * is the message). A line the pattern does not match becomes an UNKNOWN record.
     *
     * @param timestampFormat a {@link java.time.format.DateTimeFormatter} pattern, or {@code iso},
     *                        {@code epoch} (seconds or millis by magnitude), {@code epoch_s},
     *                        {@code epoch_ms}; a pattern without a year takes it from the archive
     * @param zone            zone of timestamps written without an offset, e.g. {@code UTC}
     */
    record Text(String pattern, String timestampFormat, String zone) implements LineFormat {
        public Text {
            Objects.requireNonNull(pattern, "pattern");
            timestampFormat = timestampFormat == null || timestampFormat.isBlank() ? "iso" : timestampFormat;
            zone = zone == null || zone.isBlank() ? "UTC" : zone;
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid line pattern: " + e.getDescription()
                        + " near index " + e.getIndex() + " of " + pattern, e);
            }
        }

        @Override
        public String describe() {
            return "text /" + pattern + "/ ts=" + timestampFormat + " zone=" + zone;
        }
    }
}
