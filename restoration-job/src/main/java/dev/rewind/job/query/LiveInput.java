package dev.rewind.job.query;

import dev.rewind.connectors.record.LineFormat;
import java.io.Serializable;
import java.time.Instant;

/**
 * The live part of a query: the Kafka topic past the archive watermark. Archives answer
 * {@code [start, W]}; the topic answers {@code (W, end]}, so a record exactly at W comes once.
 *
 * @param watermark the archive watermark W (the newest archived timestamp)
 */
public record LiveInput(String bootstrapServers, String topic, Instant watermark, LineFormat format)
        implements Serializable {
}
