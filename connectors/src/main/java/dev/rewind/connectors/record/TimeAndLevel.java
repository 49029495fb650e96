package dev.rewind.connectors.record;

import java.time.Instant;

/**
 * A line's time and level only: what a count needs, read without building the rest of the record.
 *
 * @param timestamp null when the line has none (the decoder then gives it the previous line's)
 */
public record TimeAndLevel(Instant timestamp, Level level) {
}
