package dev.rewind.job.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded KRaft broker, the producer and the reachability check against a real broker. */
class EmbeddedKafkaTest {
    private static EmbeddedKafka kafka;
    private static long startMillis;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        kafka = EmbeddedKafka.start();
        startMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void brokerStartsQuicklyOnALocalPort() {
        assertTrue(kafka.bootstrapServers().matches("localhost:\\d+"), kafka.bootstrapServers());
        assertTrue(startMillis < 15_000, "embedded Kafka took " + startMillis + " ms to start");
    }

    @Test
    void producedLinesComeBackWithTheirTimestamps() {
        kafka.createTopic("round-trip", 2);
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        List<String> sent = List.of("{\"msg\":\"a\"}", "{\"msg\":\"b\"}", "plain text line");
        try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers())) {
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata written = producer.send("round-trip", 1, base.plusMillis(i), sent.get(i));
                assertEquals(1, written.partition());
                assertEquals(i, written.offset());
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = readAll("round-trip", 1, sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i), new String(read.get(i).value(), StandardCharsets.UTF_8));
            assertEquals(base.plusMillis(i).toEpochMilli(), read.get(i).timestamp());
        }
    }

    @Test
    void creatingAnExistingTopicNamesIt() {
        kafka.createTopic("twice", 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kafka.createTopic("twice", 1));
        assertTrue(e.getMessage().contains("'twice'"), e.getMessage());
    }

    @Test
    void farFutureTimestampIsRejectedWithTheTopicAndTimeNamed() {
        kafka.createTopic("future", 1);
        Instant farFuture = Instant.now().plus(Duration.ofHours(3));
        try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers())) {
            KafkaException e = assertThrows(KafkaException.class,
                    () -> producer.send("future", farFuture, "{\"msg\":\"too early\"}"));
            assertTrue(e.getMessage().contains("'future'") && e.getMessage().contains(farFuture.toString()),
                    e.getMessage());
        }
    }

    @Test
    void reachableBrokerWithTheTopicGivesNoWarning() {
        kafka.createTopic("present", 1);
        assertEquals(Optional.empty(), LiveReachability.check(kafka.bootstrapServers(), "present", Duration.ofSeconds(5)));
    }

    @Test
    void missingTopicIsNamed() {
        Optional<String> warning = LiveReachability.check(kafka.bootstrapServers(), "no-such-topic", Duration.ofSeconds(5));
        assertTrue(warning.isPresent());
        assertTrue(warning.get().contains("'no-such-topic'") && warning.get().contains("does not exist"), warning.get());
        assertTrue(warning.get().contains(kafka.bootstrapServers()), warning.get());
    }

    @Test
    void silentPortGivesAWarningWithinTheTimeout() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }
        long t0 = System.nanoTime();
        Optional<String> warning = LiveReachability.check("localhost:" + port, "logs", Duration.ofSeconds(1));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Optional.of("live source skipped: Kafka at localhost:" + port + " did not answer within 1 s"),
                warning);
        assertTrue(ms < 2_500, "the check took " + ms + " ms for a 1 s timeout");
    }

    @Test
    void unresolvableHostGivesAWarning() {
        Optional<String> warning = LiveReachability.check("no-such-host.invalid:9092", "logs", Duration.ofSeconds(1));
        assertTrue(warning.isPresent());
        assertTrue(warning.get().startsWith("live source skipped: Kafka at no-such-host.invalid:9092"), warning.get());
    }

    @Test
    void fixedPortServesClients() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EmbeddedKafka fixed = EmbeddedKafka.start(port)) {
            assertEquals("localhost:" + port, fixed.bootstrapServers());
            fixed.createTopic("on-fixed-port", 1);
            assertEquals(Optional.empty(),
                    LiveReachability.check("localhost:" + port, "on-fixed-port", Duration.ofSeconds(5)));
            try (LiveProducer producer = LiveProducer.connect("localhost:" + port)) {
                assertEquals(0, producer.send("on-fixed-port", Instant.now(), "{\"msg\":\"x\"}").offset());
            }
        }
    }

    @Test
    void fixedPortInUseIsNamed() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedKafka.start(taken.getLocalPort()));
            assertTrue(e.getMessage().contains("localhost:" + taken.getLocalPort()), e.getMessage());
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int partition, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (read.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        assertEquals(expected, read.size(), "records read back from " + topic + "-" + partition);
        return read;
    }
}
