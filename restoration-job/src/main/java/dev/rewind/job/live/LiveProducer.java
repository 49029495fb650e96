package dev.rewind.job.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes log lines to the live topic, each with the Kafka record timestamp it is given (the time
 * the live source and the archive watermark compare). Used by tests and by the demo's live log
 * generator.
 *
 * <p>Every send waits for the broker's acknowledgement, because Kafka reports a rejected record
 * (for example a timestamp more than {@code log.message.timestamp.after.max.ms}, one hour by
 * default in Kafka 4, in the future) only through the send's future: a fire-and-forget send would
 * lose it silently. That caps throughput at one round trip per line, plenty for a demo generator.
 *
 * <p>Thread-safe, as {@link KafkaProducer} is; close it when done.
 */
public final class LiveProducer implements AutoCloseable {

    /** How long a send may wait for metadata or buffer space before it fails (not the whole send). */
    private static final Duration MAX_BLOCK = Duration.ofSeconds(10);
    /** The upper bound on one acknowledged send, retries included. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String bootstrapServers;

    private LiveProducer(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "rewind-live-producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Tests and the demo send a few lines a second: 4 MiB of batches in flight is plenty, and the
        // producer keeps what it once used (32 MiB by default) on the heap.
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L << 20);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.bootstrapServers = bootstrapServers;
    }

    /** A producer for the cluster at {@code bootstrapServers}; connects lazily, on the first send. */
    public static LiveProducer connect(String bootstrapServers) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is required (host:port[,host:port...])");
        }
        return new LiveProducer(bootstrapServers);
    }

    /**
     * Sends one line to a partition Kafka chooses and waits until the broker has it.
     *
     * @return where the line was written
     * @throws KafkaException naming the topic and timestamp when the broker rejects the line or does
     *                        not acknowledge it in time
     */
    public RecordMetadata send(String topic, Instant timestamp, String line) {
        return send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), null,
                line.getBytes(StandardCharsets.UTF_8)), timestamp);
    }

    /** As {@link #send(String, Instant, String)}, to the given partition. */
    public RecordMetadata send(String topic, int partition, Instant timestamp, String line) {
        return send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), null,
                line.getBytes(StandardCharsets.UTF_8)), timestamp);
    }

    private RecordMetadata send(ProducerRecord<byte[], byte[]> record, Instant timestamp) {
        String where = "topic '" + record.topic() + "'"
                + (record.partition() != null ? " partition " + record.partition() : "")
                + " at " + bootstrapServers;
        try {
            return producer.send(record).get();
        } catch (ExecutionException e) {
            throw new KafkaException("could not write a line timestamped " + timestamp + " to " + where + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing a line to " + where, e);
        } catch (KafkaException e) {
            // send() itself throws for what it finds before queuing, e.g. metadata not found in time.
            throw new KafkaException("could not write a line timestamped " + timestamp + " to " + where + ": "
                    + e.getMessage(), e);
        }
    }

    /** Flushes nothing (every send has completed) and releases the client's threads and sockets. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
