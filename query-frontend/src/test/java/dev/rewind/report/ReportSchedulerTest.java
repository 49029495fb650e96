package dev.rewind.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.cli.CommandEngine;
import dev.rewind.connectors.record.Level;
import dev.rewind.query.QueryEngine;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.DayTruth;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monthly report runs when its cron time comes on a clock the test advances, and is right. */
class ReportSchedulerTest {
    @TempDir
    Path dir;

    /** A clock that moves only when told to. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theReportForTheMonthBeforeRunsOnTheFirstAtTwo() throws Exception {
        Path archives = dir.resolve("archives");
        // 2,000 lines a day: a storm is 6-15% of a day's lines and errors about 5%, so at 500 a day the
        // smallest storms stood only just above the 5-MAD line of a quiet week, and which did depended
        // on the generator's random draws (its word-valued templates shifted them and lost one).
        GroundTruth truth = new SampleGenerator(new SampleSpec(LocalDate.of(2024, 3, 1), 1, 2000, 12, CodecMode.MIXED))
                .generate(archives, n -> { });
        Path reports = dir.resolve("reports");
        ManualClock clock = new ManualClock(Instant.parse("2024-03-31T23:00:00Z"));
        try (QueryEngine engine = CommandEngine.open(CommandEngine.Archives.local(List.of(archives)), dir.resolve("cache"), null, null,
                java.time.Duration.ofMinutes(5))) {
            ReportScheduler scheduler = new ReportScheduler(ReportScheduler.DEFAULT_CRON, clock,
                    month -> MonthlyReport.write(month, engine, reports));
            assertEquals(Instant.parse("2024-04-01T02:00:00Z"), scheduler.next());
            assertNull(scheduler.tick(), "not due yet");
            clock.set(Instant.parse("2024-04-01T01:59:59Z"));
            assertNull(scheduler.tick());
            clock.set(Instant.parse("2024-04-01T02:00:30Z"));
            assertEquals(YearMonth.of(2024, 3), scheduler.tick());
            assertEquals(Instant.parse("2024-05-01T02:00:00Z"), scheduler.next());
            assertNull(scheduler.tick(), "once per month");
        }
        Path json = reports.resolve("error-trends-2024-03.json");
        assertTrue(Files.exists(json) && Files.size(reports.resolve("error-trends-2024-03.png")) > 1000);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        long reportedErrors = 0;
        for (JsonNode series : report.get("trend").get("series")) {
            if (series.get("key").get("level").asText().equals("ERROR")) {
                for (JsonNode p : series.get("points")) {
                    reportedErrors += p.get("count").asLong();
                }
            }
        }
        assertEquals(truth.days().stream().mapToLong(d -> d.levels().get(Level.ERROR)).sum(), reportedErrors);
        List<String> csv = Files.readAllLines(reports.resolve("error-trends-2024-03.csv"));
        assertEquals("day,level,count", csv.get(0));
        DayTruth fifth = truth.days().get(4);
        assertTrue(csv.contains("2024-03-05,ERROR," + fifth.levels().get(Level.ERROR)), csv.toString());
        assertTrue(report.get("top_error_types").size() > 3);
        assertEquals(truth.incidents().size(), report.get("spikes").size(), report.get("spikes").toString());
        assertThrows(IllegalArgumentException.class, () -> new ReportScheduler("61 * * * *", clock, m -> { }));
    }
}
