package dev.rewind.job.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.record.RecordDecoder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live source in a real bounded Flink job against a real broker: it starts at the watermark,
 * yields each line at or after it exactly once, ends by itself, and a later job sees later lines.
 */
class LiveSourceJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String TOPIC = "live-logs";
    private static final int PARTITIONS = 3;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        kafka.createTopic(TOPIC, PARTITIONS);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** What the job reports for each line: its decoded record and where it came from. */
    public record Seen(String id, String message, long logMillis, int partition, long offset, long kafkaTimestamp) {
    }

    /** Decodes live lines as the query job will: one {@link RecordDecoder} per parallel instance. */
    static final class Decode extends RichMapFunction<LiveLine, Seen> {
        private transient RecordDecoder decoder;

        @Override
        public void open(OpenContext context) {
            decoder = new RecordDecoder(LineFormat.ndjson(), 2024, Instant.EPOCH);
        }

        @Override
        public Seen map(LiveLine line) {
            LogRecord record = decoder.decode(line.value(), 0, line.value().length);
            return new Seen(record.id(), record.message(), record.timestamp().toEpochMilli(),
                    line.partition(), line.offset(), line.kafkaTimestamp());
        }
    }

    @Test
    void liveLineIsAFlinkPojoNotKryo() {
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(LiveLine.class));
    }

    @Test
    void boundedJobReadsExactlyTheLinesFromTheWatermarkAndEndsByItself() throws Exception {
        // Kafka 4 rejects timestamps more than an hour ahead of the broker's clock, so W is in the past.
        Instant w = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
        try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers())) {
            for (int i = 0; i < 60; i++) { // W-30s ... W+29s, spread over all partitions
                Instant ts = w.plusSeconds(i - 30);
                producer.send(TOPIC, i % PARTITIONS, ts, line(i, ts));
            }
        }

        List<Seen> first = runJob(w);
        assertEquals(30, first.size(), "lines with Kafka timestamp >= W");
        assertEquals(expectedIds(30, 60), ids(first), "each line at or after W exactly once");
        for (Seen seen : first) {
            assertTrue(seen.kafkaTimestamp() >= w.toEpochMilli(), seen + " is before W " + w);
            assertEquals(seen.kafkaTimestamp(), seen.logMillis(), "decoded timestamp of " + seen);
            assertEquals("order " + seen.id().substring("line-".length()) + " placed", seen.message());
        }
        assertEquals(Set.of(0, 1, 2), first.stream().map(Seen::partition).collect(Collectors.toSet()),
                "lines came from every partition");

        try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers())) {
            for (int i = 60; i < 70; i++) {
                Instant ts = w.plusSeconds(i - 30);
                producer.send(TOPIC, ts, line(i, ts));
            }
        }
        List<Seen> second = runJob(w);
        assertEquals(expectedIds(30, 70), ids(second), "a new job is bounded at the new end of the topic");

        List<Seen> later = runJob(w.plusSeconds(35));
        assertEquals(expectedIds(65, 70), ids(later), "starting later skips earlier lines");
    }

    @Test
    void watermarkAfterEveryLineGivesAnEmptyJobThatStillEnds() throws Exception {
        List<Seen> none = runJob(Instant.now().plus(Duration.ofMinutes(30)));
        assertEquals(List.of(), none);
    }

    @SuppressWarnings("try") // CloseableIterator.close() declares Exception, which the lambda rethrows
    private static List<Seen> runJob(Instant w) {
        KafkaSource<LiveLine> source = LiveSource.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic(TOPIC)
                .startingAt(w)
                .build();
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(PipelineOptions.GENERIC_TYPES, false); // fail if any type falls back to Kryo
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        // A bounded job must end on its own; a hang here fails the test instead of the build.
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            List<Seen> seen = new ArrayList<>();
            try (CloseableIterator<Seen> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "live")
                    .map(new Decode())
                    .executeAndCollect("live source from " + w)) {
                it.forEachRemaining(seen::add);
            }
            return seen;
        }, "the bounded live job did not finish by itself");
    }

    private static String line(int i, Instant ts) {
        return "{\"timestamp\":\"" + ts + "\",\"level\":\"INFO\",\"service\":\"checkout\","
                + "\"id\":\"line-" + i + "\",\"message\":\"order " + i + " placed\"}";
    }

    private static List<String> ids(List<Seen> seen) {
        // A list, not a set: a line seen twice must fail the comparison.
        return seen.stream().map(Seen::id).sorted().toList();
    }

    private static List<String> expectedIds(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive).mapToObj(i -> "line-" + i).sorted().toList();
    }
}
