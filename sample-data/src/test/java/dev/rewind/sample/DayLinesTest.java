package dev.rewind.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.connectors.pattern.MessageTemplates;
import dev.rewind.connectors.pattern.TypeMiner;
import dev.rewind.connectors.record.Level;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lines of one day, as a person reading the raw NDJSON would check them. */
class DayLinesTest {
    static final SampleSpec SPEC = new SampleSpec(LocalDate.of(2024, 1, 1), 1, 20_000, 42, CodecMode.MIXED);
    /** A Wednesday well before any incident can be. */
    static final LocalDate DAY = LocalDate.of(2024, 1, 3);
    static final ObjectMapper JSON = new ObjectMapper();

    static String raw;
    static DayTruth truth;

    @BeforeAll
    static void write() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        truth = new SampleGenerator(SPEC).writeDay(DAY, out);
        raw = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesAreTimeOrderedJsonObjectsOfTheDayWithTheRecordFields() throws IOException {
        assertTrue(raw.endsWith("\n"));
        String[] lines = raw.split("\n");
        assertEquals(truth.lines(), lines.length);
        Instant previous = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant next = DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<Level, Long> levels = new EnumMap<>(Level.class);
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            String ts = node.get("timestamp").asText();
            assertEquals(24, ts.length(), "millisecond precision, UTC: " + ts);
            Instant t = Instant.parse(ts);
            assertTrue(!t.isBefore(previous) && t.isBefore(next), "out of order or off the day: " + line);
            previous = t;
            levels.merge(Level.parseStrict(node.get("level").asText()), 1L, Long::sum);
            assertTrue(node.get("trace_id").asText().matches("[0-9a-f]{16}"), line);
            assertTrue(node.get("host").asText().startsWith(node.get("service").asText() + "-"), line);
            assertTrue(!node.get("message").asText().isBlank(), line);
        }
        for (Level level : Catalog.LEVELS) {
            assertEquals(truth.count(level), levels.getOrDefault(level, 0L), level.name());
        }
    }

    @Test
    void levelsHaveRealisticShares() {
        double n = truth.lines();
        assertShare(0.15, truth.count(Level.DEBUG) / n, 0.01, "DEBUG");
        assertShare(0.70, truth.count(Level.INFO) / n, 0.01, "INFO");
        assertShare(0.10, truth.count(Level.WARN) / n, 0.01, "WARN");
        assertShare(0.045, truth.count(Level.ERROR) / n, 0.006, "ERROR");
        assertShare(0.005, truth.count(Level.FATAL) / n, 0.002, "FATAL");
    }

    private static void assertShare(double expected, double actual, double tolerance, String what) {
        assertTrue(Math.abs(expected - actual) <= tolerance, what + " share " + actual + ", expected " + expected);
    }

    @Test
    void sevenServicesOnTwoToFourHostsEach() throws IOException {
        Map<String, Set<String>> hosts = new HashMap<>();
        for (String line : raw.split("\n")) {
            JsonNode node = JSON.readTree(line);
            hosts.computeIfAbsent(node.get("service").asText(), s -> new HashSet<>()).add(node.get("host").asText());
        }
        assertEquals(Set.of("api-gateway", "auth", "payments", "orders", "inventory", "search", "notifications"),
                hosts.keySet());
        hosts.forEach((service, h) -> assertTrue(h.size() >= 2 && h.size() <= 4, service + " hosts " + h));
    }

    @Test
    void trafficPeaksInTheAfternoonAndIsLowAtNight() throws IOException {
        long[] perHour = new long[24];
        for (String line : raw.split("\n")) {
            perHour[Instant.parse(JSON.readTree(line).get("timestamp").asText()).atZone(ZoneOffset.UTC).getHour()]++;
        }
        long night = perHour[2] + perHour[3] + perHour[4];
        long afternoon = perHour[14] + perHour[15] + perHour[16];
        assertTrue(afternoon > 2.5 * night, "afternoon " + afternoon + " vs night " + night);
    }

    @Test
    void weekendsAreQuieterThanWeekdays() throws IOException {
        SampleGenerator generator = new SampleGenerator(SPEC);
        long saturday = generator.writeDay(LocalDate.of(2024, 1, 6), OutputStream.nullOutputStream()).lines();
        assertTrue(saturday < 0.85 * truth.lines(), "Saturday " + saturday + " vs Wednesday " + truth.lines());
        assertTrue(truth.lines() > 0.9 * SPEC.linesPerDay() && truth.lines() < 1.25 * SPEC.linesPerDay(),
                "a weekday is about linesPerDay: " + truth.lines());
    }

    @Test
    void messagesMineBackToTheTemplatesOfTheGroundTruth() throws IOException {
        TypeMiner miner = new TypeMiner();
        for (String line : raw.split("\n")) {
            JsonNode node = JSON.readTree(line);
            if (Level.parseStrict(node.get("level").asText()).isWarnOrAbove()) {
                miner.add(MessageTemplates.of(node.get("message").asText()), 1);
            }
        }
        Map<String, Long> mined = new HashMap<>();
        miner.mine().types().forEach(t -> mined.put(t.text(), t.count()));
        assertEquals(truth.errorTemplates(), mined, "each template one type, word-valued variables included");
        assertTrue(mined.containsKey("Connection timeout to <*> after <*> ms"));
        long errorTemplates = truth.errorTemplates().keySet().stream()
                .filter(t -> Catalog.STANDARD.templates().stream()
                        .anyMatch(m -> m.text().equals(t) && m.level() == Level.ERROR))
                .count();
        assertTrue(errorTemplates >= 5 && errorTemplates <= 10, "ERROR templates on a normal day: " + errorTemplates);
    }
}
