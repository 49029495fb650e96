package dev.rewind.connectors.record;

import java.time.Instant;
import java.util.Map;

/**
 * What a {@link LineParser} could read from one line; {@link RecordDecoder} fills the gaps (id,
 * inherited timestamp) to make a {@link LogRecord}.
 *
 * @param timestamp null when the line has none
 * @param explicitId null when the line carries no id field
 */
public record ParsedLine(Instant timestamp, Level level, String service, String host, String message,
                         Map<String, String> fields, String explicitId) {
}
