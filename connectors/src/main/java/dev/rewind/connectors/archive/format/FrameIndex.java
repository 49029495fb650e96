package dev.rewind.connectors.archive.format;

import java.time.Instant;

/**
 * One frame of an archive: where it is, what it holds. A query reads a frame only when its time
 * range, level counts and token bloom filter say it may hold a match.
 *
 * @param ordinal      position of the frame in the archive, from 0
 * @param offset       byte offset of the frame in the compressed file
 * @param length       compressed length in bytes
 * @param rawOffset    offset of the frame's first decoded byte in the decoded stream
 * @param rawLength    decoded length in bytes
 * @param lines        records in the frame (blank lines are not records)
 * @param minTimestamp earliest record time, or null when the frame holds no record
 * @param maxTimestamp latest record time, or null when the frame holds no record
 */
public record FrameIndex(int ordinal, long offset, long length, long rawOffset, long rawLength, long lines,
                         Instant minTimestamp, Instant maxTimestamp, LevelCounts levels) {

    /** True when the frame may hold a record in {@code [from, to]} (inclusive). */
    public boolean overlaps(Instant from, Instant to) {
        return minTimestamp != null && !maxTimestamp.isBefore(from) && !minTimestamp.isAfter(to);
    }
}
