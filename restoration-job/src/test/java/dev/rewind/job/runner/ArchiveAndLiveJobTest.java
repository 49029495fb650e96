package dev.rewind.job.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.connectors.source.plan.ScanPlanner;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.job.live.LiveProducer;
import dev.rewind.job.query.LiveRouting;
import dev.rewind.job.query.QuerySpec;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives up to the watermark W, the live topic after it: together, no gap and no duplicate. */
class ArchiveAndLiveJobTest {
    @TempDir
    static Path dir;

    static EmbeddedJobRunner runner;
    static EmbeddedKafka kafka;
    static ArchiveFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        runner = EmbeddedJobRunner.start(0, 2);
        kafka = EmbeddedKafka.start();
        kafka.createTopic("logs", 2);
        fixture = new ArchiveFixture(dir, 3, 2000);
    }

    @AfterAll
    static void stop() throws Exception {
        runner.close();
        kafka.close();
    }

    @Test
    void unionAroundTheWatermarkHasNoGapAndNoDuplicate() throws Exception {
        Instant w = fixture.last();
        int overlap = 50; // lines both archived and still in the topic, up to and including W
        List<ArchiveFixture.Line> tail = fixture.lines.subList(fixture.lines.size() - overlap, fixture.lines.size());
        try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers())) {
            for (ArchiveFixture.Line line : tail) {
                producer.send("logs", line.ts(), line.json());
            }
            for (int i = 1; i <= 30; i++) {
                Instant ts = w.plusSeconds(i);
                producer.send("logs", ts, "{\"timestamp\":\"" + ts + "\",\"level\":\"INFO\",\"service\":\"auth\","
                        + "\"message\":\"live line " + i + "\"}");
            }
        }
        Instant end = w.plusSeconds(3600);
        LiveRouting.Decision decision = LiveRouting.decide(kafka.bootstrapServers(), "logs", LineFormat.ndjson(), w, end,
                Duration.ofSeconds(5));
        assertTrue(decision.live().isPresent(), String.valueOf(decision.warning()));

        RecordFilter filter = RecordFilter.builder().between(fixture.first(), end).build();
        ScanPlan plan = ScanPlanner.plan(fixture.archives, filter, ScanOrder.ASC, ScanPlanner.Blooms.FROM_SIDECARS);
        QuerySpec spec = QuerySpec.records(filter, ScanOrder.ASC, 100_000);
        QueryResult result = new QueryCollector(spec, plan.splits().size())
                .drain(new QueryExecutor(runner).start("union", plan, spec, decision.live()));

        assertEquals(fixture.lines.size() + 30, result.rows().size());
        Set<String> ids = new HashSet<>();
        result.rows().forEach(r -> assertTrue(ids.add(r.record().id()), "duplicate " + r.record()));
        long atW = result.rows().stream().filter(r -> r.record().timestamp().equals(w)).count();
        assertEquals(1, atW, "the record exactly at W comes once (from the archive)");
        assertTrue(result.rows().stream().filter(r -> r.record().timestamp().equals(w)).allMatch(r -> !r.origin().live()));
        List<QueryEvent.Row> live = result.rows().stream().filter(r -> r.origin().live()).toList();
        assertEquals(30, live.size());
        assertEquals(w.plusSeconds(1), live.get(0).record().timestamp(), "no gap after W");
        assertTrue(live.get(0).origin().offset() >= 0 && live.get(0).origin().partition() >= 0);
    }

    @Test
    void anUnreachableBrokerGivesTheArchiveAnswerAndAWarning() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        Instant w = fixture.last();
        LiveRouting.Decision decision = LiveRouting.decide("localhost:" + deadPort, "logs", LineFormat.ndjson(), w,
                w.plusSeconds(3600), Duration.ofSeconds(1));
        assertTrue(decision.live().isEmpty());
        assertNotNull(decision.warning());
        assertTrue(decision.warning().contains("localhost:" + deadPort), decision.warning());

        RecordFilter filter = RecordFilter.builder().between(fixture.first(), w.plusSeconds(3600)).build();
        ScanPlan plan = ScanPlanner.plan(fixture.archives, filter, ScanOrder.DESC, ScanPlanner.Blooms.FROM_SIDECARS);
        QuerySpec spec = QuerySpec.records(filter, ScanOrder.DESC, 10);
        QueryCollector collector = new QueryCollector(spec, plan.splits().size());
        collector.warn(decision.warning());
        QueryResult result = collector.drain(new QueryExecutor(runner).start("no live", plan, spec, decision.live()));
        assertEquals(10, result.rows().size());
        assertEquals(w, result.rows().get(0).record().timestamp());
        assertEquals(List.of(decision.warning()), result.warnings());
    }
}
