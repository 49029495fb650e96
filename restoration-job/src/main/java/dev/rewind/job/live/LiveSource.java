package dev.rewind.job.live;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * The live part of a query: a bounded Flink {@link KafkaSource} over the live log topic, from the
 * archive watermark W to the end of the topic as it is when the job starts.
 *
 * <pre>{@code
 * KafkaSource<LiveLine> source = LiveSource.builder()
 *         .bootstrapServers("localhost:9092").topic("logs").startingAt(watermark).build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "live " + topic);
 * }</pre>
 *
 * <p>Bounds. Each partition is read from the first offset whose Kafka timestamp is at or after W
 * ({@link OffsetsInitializer#timestamp}; a partition with none starts at its end) up to the
 * partition's latest offset, which Flink's enumerator resolves when the job starts
 * ({@link OffsetsInitializer#latest()}), so every job is bounded and ends by itself, and a later job
 * sees the lines produced since. Lines whose Kafka timestamp is before W are dropped even when they
 * sit after that first offset (producers may set timestamps out of order), so the source yields
 * exactly the lines with Kafka timestamp ≥ W, each once. Tombstones (null values) are skipped.
 *
 * <p>Consumer group. Each source gets its own random group id and commits no offsets: a query is a
 * read-only look at the topic and leaves no trace in the cluster's consumer groups.
 *
 * <p>The broker is not contacted at {@code build()}; check it first with {@link LiveReachability},
 * since a job whose broker is down waits on Kafka's client timeouts instead of failing fast.
 */
public final class LiveSource {

    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private LiveSource() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings; {@link #build()} checks them all. Not thread-safe. */
    public static final class Builder {
        private String bootstrapServers;
        private String topic;
        private Instant startingAt;
        private Map<Integer, Long> startingOffsets;

        private Builder() {
        }

        /** {@code host:port[,host:port...]} of the Kafka cluster. Required. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** The live log topic, one NDJSON or text line per Kafka record value. Required. */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** The archive watermark W: the source yields lines with Kafka timestamp ≥ W. Required. */
        public Builder startingAt(Instant startingAt) {
            this.startingAt = startingAt;
            return this;
        }

        /**
         * Instead of {@link #startingAt}: the first offset of each partition not in an archive yet,
         * from the archiver's manifest (partitions it names none for start at their beginning). The
         * source then yields every line from there, whatever its time: the cut between archived and
         * live data is by offset, so a late line not archived yet is still found here.
         */
        public Builder startingAtOffsets(Map<Integer, Long> nextOffsets) {
            this.startingOffsets = nextOffsets == null ? null : Map.copyOf(nextOffsets);
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting that is missing or invalid
         */
        public KafkaSource<LiveLine> build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(
                        "LiveSource: bootstrapServers is required (host:port[,host:port...])");
            }
            for (String server : bootstrapServers.split(",")) {
                String s = server.trim();
                int colon = s.lastIndexOf(':');
                if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("LiveSource: bootstrapServers must be host:port[,host:port...], "
                            + "'" + s + "' in '" + bootstrapServers + "' is not");
                }
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("LiveSource: topic is required");
            }
            if (!TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
                throw new IllegalArgumentException("LiveSource: topic '" + topic + "' is not a valid Kafka topic "
                        + "name (1-249 characters of a-z, A-Z, 0-9, '.', '_', '-')");
            }
            if (startingOffsets != null) {
                if (startingAt != null) {
                    throw new IllegalArgumentException("LiveSource: set startingAt or startingAtOffsets, not both");
                }
                startingOffsets.forEach((partition, offset) -> {
                    if (partition < 0 || offset < 0) {
                        throw new IllegalArgumentException("LiveSource: startingAtOffsets must map partitions to offsets, "
                                + "both >= 0; was " + partition + " -> " + offset);
                    }
                });
                Map<TopicPartition, Long> offsets = new HashMap<>();
                startingOffsets.forEach((partition, offset) -> offsets.put(new TopicPartition(topic, partition), offset));
                return source(OffsetsInitializer.offsets(offsets, OffsetResetStrategy.EARLIEST), Long.MIN_VALUE);
            }
            if (startingAt == null) {
                throw new IllegalArgumentException("LiveSource: startingAt is required (the archive watermark)");
            }
            if (startingAt.isBefore(Instant.EPOCH)) {
                throw new IllegalArgumentException("LiveSource: startingAt must not be before 1970-01-01T00:00:00Z "
                        + "(Kafka timestamps are epoch milliseconds), was " + startingAt);
            }
            long startMillis;
            try {
                startMillis = startingAt.toEpochMilli();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("LiveSource: startingAt " + startingAt
                        + " does not fit in epoch milliseconds", e);
            }
            return source(OffsetsInitializer.timestamp(startMillis), startMillis);
        }

        private KafkaSource<LiveLine> source(OffsetsInitializer start, long startMillis) {
            String groupId = "rewind-query-" + UUID.randomUUID();
            return KafkaSource.<LiveLine>builder()
                    .setBootstrapServers(bootstrapServers)
                    .setTopics(topic)
                    .setGroupId(groupId)
                    .setClientIdPrefix(groupId)
                    .setStartingOffsets(start)
                    .setBounded(OffsetsInitializer.latest())
                    .setDeserializer(new LiveLineDeserializer(startMillis))
                    .setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                    .setProperty(KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT.key(), "false")
                    .build();
        }
    }

    /** Every record of the topic as a {@link LiveLine} (tombstones skipped): what the archiver reads. */
    public static KafkaRecordDeserializationSchema<LiveLine> everyLine() {
        return new LiveLineDeserializer(Long.MIN_VALUE);
    }

    /** Kafka record → {@link LiveLine}, keeping only records at or after the watermark. */
    static final class LiveLineDeserializer implements KafkaRecordDeserializationSchema<LiveLine> {
        private static final long serialVersionUID = 1L;

        private final long startMillis;

        LiveLineDeserializer(long startMillis) {
            this.startMillis = startMillis;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<LiveLine> out) {
            if (record.value() == null || record.timestamp() < startMillis) {
                return;
            }
            out.collect(new LiveLine(record.value(), record.partition(), record.offset(), record.timestamp()));
        }

        @Override
        public TypeInformation<LiveLine> getProducedType() {
            return TypeInformation.of(LiveLine.class);
        }
    }
}
