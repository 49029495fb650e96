package dev.rewind.connectors.source.reader;

import dev.rewind.connectors.record.LogRecord;

/**
 * What the archive source emits: a matching record with where it came from, or, once per split, a
 * {@link SplitDone} marker that carries the split's progress (and a warning when the split was
 * damaged) down the same stream as the rows, so the query's client sees progress as it happens.
 * Exactly one of {@code record} and {@code done} is set.
 */
public record ScanOutput(LogRecord record, RecordOrigin origin, SplitDone done) {

    public static ScanOutput row(LogRecord record, String archive, int frame) {
        return new ScanOutput(record, RecordOrigin.archive(archive, frame), null);
    }

    public static ScanOutput live(LogRecord record, int partition, long offset) {
        return new ScanOutput(record, RecordOrigin.live(partition, offset), null);
    }

    public static ScanOutput done(SplitDone done) {
        return new ScanOutput(null, null, done);
    }

    public boolean isRow() {
        return record != null;
    }

    /**
     * Where a record was read: {@code archive} and {@code frame}, or Kafka {@code partition} and
     * {@code offset} for the live source (DESIGN.md's {@code source} field).
     */
    public record RecordOrigin(boolean live, String archive, int frame, int partition, long offset) {
        public static RecordOrigin archive(String archive, int frame) {
            return new RecordOrigin(false, archive, frame, -1, -1);
        }

        public static RecordOrigin live(int partition, long offset) {
            return new RecordOrigin(true, null, -1, partition, offset);
        }
    }

    /**
     * @param bytesRead     compressed bytes the split covered
     * @param rawBytesRead  decoded bytes
     * @param lines         lines decoded
     * @param matches       matching records: emitted as rows, or only counted when {@code counted}
     * @param warning       null, or what went wrong (a damaged frame: file and byte offset)
     * @param counted       the reader counted the matches instead of emitting them (a count query)
     * @param firstMatch    the earliest matching record's time when {@code counted} and matches > 0
     * @param lastMatch     the latest, likewise
     * @param io            what reading the split cost in requests to a remote store, the bytes they
     *                      brought, and the bytes the SSD tier served instead (all 0 for a local archive)
     */
    public record SplitDone(String splitId, String archive, long bytesRead, long rawBytesRead, long lines,
                            long matches, String warning, boolean counted, java.time.Instant firstMatch,
                            java.time.Instant lastMatch, Io io) {
    }

    /** Remote requests and bytes, and SSD-tier bytes, of one split's read. */
    public record Io(long remoteRequests, long remoteBytes, long cachedBytes) implements java.io.Serializable {
        public static final Io NONE = new Io(0, 0, 0);

        public static Io of(dev.rewind.connectors.storage.IoCounts counts) {
            return new Io(counts.remoteRequests(), counts.remoteBytes(), counts.cachedBytes());
        }

        public Io plus(Io o) {
            return new Io(remoteRequests + o.remoteRequests, remoteBytes + o.remoteBytes, cachedBytes + o.cachedBytes);
        }
    }
}
