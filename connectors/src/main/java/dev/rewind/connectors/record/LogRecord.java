package dev.rewind.connectors.record;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One log line, parsed. Immutable; {@code fields} holds every input field that is not one of the
 * named ones, values as text (nested JSON kept as its JSON text).
 *
 * @param id        stable for the same line: the line's own id field, else a hash of the raw line
 * @param timestamp UTC instant; a line without one inherits the previous line's (stack traces)
 * @param level     {@link Level#UNKNOWN} when the line has none or did not parse
 * @param service   empty when unknown, never null
 * @param host      empty when unknown, never null
 * @param message   the message; for an unparsed line, the raw line
 * @param fields    other fields; never null
 */
public record LogRecord(String id, Instant timestamp, Level level, String service, String host,
                        String message, Map<String, String> fields) {

    public LogRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(level, "level");
        service = service == null ? "" : service;
        host = host == null ? "" : host;
        message = message == null ? "" : message;
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
