package dev.rewind.job.query;

import dev.rewind.connectors.record.LineFormat;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * The live part of a query: the Kafka topic past what the archives hold. Two ways to cut:
 *
 * <ul>
 *   <li>by time, at the archive watermark W (archives written by something else): archives answer
 *       {@code [start, W]}, the topic {@code (W, end]}, so a record exactly at W comes once;</li>
 *   <li>by offset, where Rewind's archiver publishes a manifest ({@link #afterArchived}): the topic
 *       is read from the first offset of each partition not in a committed archive, and every line
 *       there is kept whatever its time (a late line not archived yet is found here, an archived
 *       one only in its archive), so each line comes once however the time ranges overlap.</li>
 * </ul>
 *
 * @param watermark the live part keeps lines strictly after it: W when cut by time, the instant
 *                  before the query's start when cut by offset
 * @param offsets   per partition, the first offset not archived, when cut by offset; else null
 */
public record LiveInput(String bootstrapServers, String topic, Instant watermark, LineFormat format,
                        Map<Integer, Long> offsets) implements Serializable {

    public LiveInput {
        offsets = offsets == null ? null : Map.copyOf(offsets);
    }

    /** The live part cut by time at the archive watermark {@code watermark}. */
    public LiveInput(String bootstrapServers, String topic, Instant watermark, LineFormat format) {
        this(bootstrapServers, topic, watermark, format, null);
    }

    /** The live part cut by offset: every line not archived yet, of the query's range from {@code start}. */
    public static LiveInput afterArchived(String bootstrapServers, String topic, Map<Integer, Long> nextOffsets,
                                          Instant start, LineFormat format) {
        return new LiveInput(bootstrapServers, topic, start.minusNanos(1), format, nextOffsets);
    }

    /** Whether the cut is by offset. */
    public boolean byOffset() {
        return offsets != null;
    }
}
