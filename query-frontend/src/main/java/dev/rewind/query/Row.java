package dev.rewind.query;

import dev.rewind.connectors.record.LogRecord;
import java.time.Instant;

/** One record of an answer and where it was read. */
public record Row(LogRecord record, Origin origin) {

    /** Where a record was read: an archive's frame, or the live topic's partition and offset. */
    public sealed interface Origin {
    }

    public record ArchiveOrigin(String archive, int frame) implements Origin {
    }

    public record LiveOrigin(int partition, long offset) implements Origin {
    }

    public Instant timestamp() {
        return record.timestamp();
    }

    public String id() {
        return record.id();
    }
}
