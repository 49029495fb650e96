package dev.rewind.job.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** {@link LiveSource.Builder} names the bad setting; the deserializer keeps only lines at or after W. */
class LiveSourceBuilderTest {
    private static final Instant W = Instant.parse("2024-06-01T00:00:00Z");

    @Test
    void validSettingsGiveABoundedSource() {
        KafkaSource<LiveLine> source = LiveSource.builder()
                .bootstrapServers("localhost:9092").topic("logs").startingAt(W).build();
        assertEquals(Boundedness.BOUNDED, source.getBoundedness());
    }

    @Test
    void eachMissingOrBadSettingIsNamed() {
        assertNamed("bootstrapServers", LiveSource.builder().topic("logs").startingAt(W));
        assertNamed("bootstrapServers", LiveSource.builder().bootstrapServers("localhost").topic("logs").startingAt(W));
        assertNamed("topic", LiveSource.builder().bootstrapServers("localhost:9092").startingAt(W));
        assertNamed("topic 'bad topic'", LiveSource.builder().bootstrapServers("localhost:9092").topic("bad topic")
                .startingAt(W));
        assertNamed("startingAt", LiveSource.builder().bootstrapServers("localhost:9092").topic("logs"));
        assertNamed("startingAt", LiveSource.builder().bootstrapServers("localhost:9092").topic("logs")
                .startingAt(Instant.parse("1969-12-31T23:59:59Z")));
    }

    @Test
    void deserializerDropsLinesBeforeTheWatermarkAndTombstones() {
        LiveSource.LiveLineDeserializer deserializer = new LiveSource.LiveLineDeserializer(W.toEpochMilli());
        List<LiveLine> out = new ArrayList<>();
        Collector<LiveLine> collector = new Collector<>() {
            @Override
            public void collect(LiveLine record) {
                out.add(record);
            }

            @Override
            public void close() {
            }
        };
        // Out-of-order producer timestamps: a line before W may follow the first line at W.
        deserializer.deserialize(record(5, W.toEpochMilli(), "at W"), collector);
        deserializer.deserialize(record(6, W.toEpochMilli() - 1, "just before W"), collector);
        deserializer.deserialize(record(7, W.toEpochMilli() + 1, null), collector);
        assertEquals(1, out.size());
        assertEquals(5, out.get(0).offset());
        assertEquals(W, out.get(0).kafkaInstant());
        assertEquals("at W", new String(out.get(0).value(), StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, long timestamp, String value) {
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>("logs", 2, offset, timestamp, TimestampType.CREATE_TIME,
                0, bytes == null ? -1 : bytes.length, null, bytes, new RecordHeaders(), Optional.empty());
    }

    private static void assertNamed(String setting, LiveSource.Builder builder) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains(setting), "'" + e.getMessage() + "' should name " + setting);
    }
}
