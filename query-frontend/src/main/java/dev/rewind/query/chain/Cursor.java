package dev.rewind.query.chain;

import java.time.Instant;

/**
 * The position {@code next_cursor} stands for: the query's fingerprint and the (timestamp, id) of
 * the last row served, so the next page resumes exactly after it, in the same order, whatever
 * arrived since. Sealed against editing by {@link CursorCodec}.
 */
public record Cursor(String fingerprint, Instant timestamp, String id) {
}
