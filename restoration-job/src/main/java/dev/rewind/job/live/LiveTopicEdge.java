package dev.rewind.job.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The timestamp of the oldest record still in the live topic (the first record of each partition;
 * the topic's retention decides it). A query whose range ends before it needs no live part, so
 * counts and trends over the past stay answerable from sidecars even with a live topic configured.
 * Caches the answer for a few seconds. Thread-safe.
 */
public final class LiveTopicEdge {
    private final String bootstrapServers;
    private final String topic;
    private final Duration ttl;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile Optional<Instant> earliest = Optional.empty();

    public LiveTopicEdge(String bootstrapServers, String topic, Duration ttl) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.ttl = ttl;
    }

    /**
     * The oldest record's Kafka timestamp; empty when the topic holds no record. When the broker
     * cannot be asked, {@code Instant.MIN}: then every range may need the live part (and the
     * query's own reachability check reports the problem).
     */
    public synchronized Optional<Instant> earliest() {
        Instant now = Instant.now();
        if (now.isBefore(checkedAt.plus(ttl))) {
            return earliest;
        }
        earliest = read();
        checkedAt = now;
        return earliest;
    }

    private Optional<Instant> read() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "rewind-edge-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(2));
            if (partitions == null || partitions.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            var ends = consumer.endOffsets(tps, Duration.ofSeconds(2));
            var starts = consumer.beginningOffsets(tps, Duration.ofSeconds(2));
            if (tps.stream().allMatch(tp -> ends.get(tp).equals(starts.get(tp)))) {
                return Optional.empty();
            }
            Instant min = null;
            long deadline = System.currentTimeMillis() + 2000;
            java.util.Set<TopicPartition> pending = new java.util.HashSet<>(tps);
            pending.removeIf(tp -> ends.get(tp).equals(starts.get(tp)));
            while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (pending.remove(tp)) {
                        Instant ts = Instant.ofEpochMilli(r.timestamp());
                        min = min == null || ts.isBefore(min) ? ts : min;
                        consumer.pause(List.of(tp));
                    }
                }
            }
            return pending.isEmpty() ? Optional.ofNullable(min) : Optional.of(Instant.MIN);
        } catch (KafkaException e) {
            return Optional.of(Instant.MIN);
        }
    }
}
