package dev.rewind.connectors.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.record.RecordDecoder;
import dev.rewind.connectors.record.TimeAndLevel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The probe must never rule out a line whose parsed level is wanted, and should rule out the rest. */
class NdjsonLevelProbeTest {
    private static final LineFormat.Ndjson FORMAT = LineFormat.ndjson();

    private static boolean mayMatch(String line, Set<Level> wanted) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return new NdjsonLevelProbe(FORMAT.levelFields(), wanted).mayMatch(bytes, 0, bytes.length);
    }

    private static Level parsedLevel(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        LogRecord r = new RecordDecoder(FORMAT, 2024, Instant.EPOCH).decode(bytes, 0, bytes.length);
        return r.level();
    }

    @Test
    void readsTheLevelFieldTheParserPicks() {
        Set<Level> errors = EnumSet.of(Level.ERROR);
        assertTrue(mayMatch("{\"timestamp\":\"2024-01-01T00:00:00Z\",\"level\":\"ERROR\",\"message\":\"x\"}", errors));
        assertTrue(mayMatch("{\"level\" : \" err \",\"message\":\"x\"}", errors));
        assertFalse(mayMatch("{\"level\":\"INFO\",\"message\":\"an error occurred: ERROR\"}", errors));
        assertFalse(mayMatch("{\"message\":\"ERROR\"}", errors), "no level field: UNKNOWN");
        assertFalse(mayMatch("{\"level\":40,\"message\":\"x\"}", errors), "a number is not a spelling");
        // "level" is preferred to "severity" wherever it stands
        assertFalse(mayMatch("{\"severity\":\"ERROR\",\"level\":\"INFO\"}", errors));
        assertTrue(mayMatch("{\"severity\":\"ERROR\",\"level\":null}", errors));
        // nested objects are skipped, not read
        assertFalse(mayMatch("{\"ctx\":{\"level\":\"ERROR\",\"a\":[1,{\"b\":\"}\"}]},\"level\":\"INFO\"}", errors));
    }

    @Test
    void neverRulesOutALineTheParserReadsAsWanted() {
        Random random = new Random(11);
        String[] keys = {"level", "severity", "lvl", "message", "msg", "timestamp", "service", "ctx", "lev\\u0065l"};
        String[] values = {"\"ERROR\"", "\"error\"", "\"Err\"", "\"INFO\"", "\"warn\"", "\" SEVERE \"", "\"FAILURE\"",
            "null", "40", "true", "{\"level\":\"ERROR\"}", "[\"ERROR\",{\"x\":\"]\"}]", "\"a \\\"level\\\":\\\"ERROR\\\"\"",
            "\"ERR\\u004fR\"", "\"fatal\""};
        int ruledOut = 0;
        int lines = 0;
        // One long-lived probe per wanted set as well, so its remembered line shape meets every
        // variation (same keys with other lengths, escapes, nesting) and must never misjudge.
        List<Set<Level>> wantedSets = List.of(EnumSet.of(Level.ERROR), EnumSet.of(Level.WARN, Level.FATAL),
                EnumSet.of(Level.INFO));
        List<NdjsonLevelProbe> kept = wantedSets.stream().map(w -> new NdjsonLevelProbe(FORMAT.levelFields(), w)).toList();
        // And the lean read a count uses: the same time and level as the full decode, line by line
        // (including the time a line without one inherits).
        RecordDecoder full = new RecordDecoder(FORMAT, 2024, Instant.EPOCH);
        RecordDecoder lean = new RecordDecoder(FORMAT, 2024, Instant.EPOCH);
        String[] times = {"\"2024-01-02T03:04:05.678Z\"", "1704164645", "\"not a time\"", "{\"t\":1}", "null"};
        for (int i = 0; i < 50_000; i++) {
            StringBuilder line = new StringBuilder(random.nextInt(20) == 0 ? " {" : "{");
            if (random.nextInt(3) == 0) { // the common shape: a timestamp, then the level
                line.append("\"timestamp\":\"2024-01-0").append(random.nextInt(10)).append(random.nextInt(4) == 0 ? "\\\"" : "x")
                        .append("\",\"level\":").append(values[random.nextInt(values.length)]).append(random.nextBoolean() ? "," : "");
            }
            int fields = random.nextInt(5);
            for (int f = 0; f < fields; f++) {
                line.append(f == 0 ? "" : random.nextBoolean() ? "," : " , ")
                        .append('"').append(keys[random.nextInt(keys.length)]).append('"')
                        .append(random.nextBoolean() ? ":" : " : ")
                        .append(values[random.nextInt(values.length)]);
            }
            line.append(random.nextInt(30) == 0 ? "" : "}");
            if (random.nextInt(30) == 0) {
                line.setLength(random.nextInt(line.length() + 1)); // a cut line
            }
            if (random.nextInt(4) == 0 && line.length() > 1 && line.charAt(line.length() - 1) == '}') {
                line.insert(line.length() - 1, (line.length() > 2 ? "," : "") + "\"ts\":" + times[random.nextInt(times.length)]);
            }
            String text = line.toString();
            Level parsed = parsedLevel(text);
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            LogRecord record = full.decode(raw, 0, raw.length);
            assertEquals(new TimeAndLevel(record.timestamp(), record.level()), lean.timeAndLevel(raw, 0, raw.length), text);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (int w = 0; w < wantedSets.size(); w++) {
                Set<Level> wanted = wantedSets.get(w);
                lines++;
                boolean may = mayMatch(text, wanted);
                boolean keptMay = kept.get(w).mayMatch(bytes, 0, bytes.length);
                assertEquals(may, keptMay, () -> "the remembered shape changed the answer for: " + text);
                if (wanted.contains(parsed)) {
                    assertTrue(may, () -> "ruled out a " + parsed + " line: " + text);
                }
                if (!may) {
                    ruledOut++;
                }
            }
        }
        // Most generated lines are not of the wanted level; a probe that answered "maybe" to all would fail here.
        assertTrue(ruledOut > lines / 2, "ruled out only " + ruledOut + " of " + lines);
    }

    @Test
    void wholeLineFilterGivesTheSameAnswerThroughTheProbe() {
        RecordFilter filter = RecordFilter.builder().between(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
                .levels(List.of(Level.ERROR)).text("timeout").build();
        RecordFilter.RawLineTest test = filter.rawTestFor(FORMAT);
        byte[] hit = "{\"level\":\"ERROR\",\"message\":\"read timeout\"}".getBytes(StandardCharsets.UTF_8);
        byte[] otherText = "{\"level\":\"ERROR\",\"message\":\"read timeouts\"}".getBytes(StandardCharsets.UTF_8);
        byte[] otherLevel = "{\"level\":\"INFO\",\"message\":\"ERROR timeout\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(true, false, false), List.of(test.mayMatch(hit, 0, hit.length),
                test.mayMatch(otherText, 0, otherText.length), test.mayMatch(otherLevel, 0, otherLevel.length)));
    }
}
