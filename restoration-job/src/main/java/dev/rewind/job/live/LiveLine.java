package dev.rewind.job.live;

import java.time.Instant;

/**
 * One raw line read from the live Kafka topic, with where it came from: the {@code source} of a
 * live result in the HTTP answer is {@code {kind: "live", partition, offset}}. Decoding the bytes
 * into a {@link dev.rewind.connectors.record.LogRecord} is the job's next step, with the same
 * {@link dev.rewind.connectors.record.RecordDecoder} that archives use.
 *
 * <p>Flink handles this record with its POJO serializer (Flink 1.19+ supports Java records), not
 * Kryo. Like every record with an array component, {@code equals} and {@code hashCode} compare the
 * array by identity; compare {@link #value()} with {@link java.util.Arrays#equals(byte[], byte[])}.
 *
 * @param value          the Kafka record's value: one log line, without a terminator
 * @param partition      the Kafka partition
 * @param offset         the offset within that partition
 * @param kafkaTimestamp the Kafka record timestamp, epoch milliseconds (Kafka's own unit)
 */
public record LiveLine(byte[] value, int partition, long offset, long kafkaTimestamp) {

    /** {@link #kafkaTimestamp()} as an instant. */
    public Instant kafkaInstant() {
        return Instant.ofEpochMilli(kafkaTimestamp);
    }
}
