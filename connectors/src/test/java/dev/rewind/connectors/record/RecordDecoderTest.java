package dev.rewind.connectors.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordDecoderTest {
    private static final Instant FALLBACK = Instant.parse("2024-01-31T00:00:00Z");

    private static LogRecord decode(RecordDecoder decoder, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return decoder.decode(bytes, 0, bytes.length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"timestamp\":\"2024-03-01T10:00:00.123Z\",\"level\":\"error\",\"message\":\"m\"}|2024-03-01T10:00:00.123Z|ERROR",
            "{\"@timestamp\":\"2024-03-01T12:00:00+02:00\",\"severity\":\"WARNING\",\"msg\":\"m\"}|2024-03-01T10:00:00Z|WARN",
            "{\"ts\":1709287200,\"lvl\":\"info\",\"msg\":\"m\"}|2024-03-01T10:00:00Z|INFO",
            "{\"time\":1709287200123,\"level\":\"DEBUG\",\"message\":\"m\"}|2024-03-01T10:00:00.123Z|DEBUG",
            "{\"ts\":\"2024-03-01 10:00:00\",\"level\":\"FATAL\",\"message\":\"m\"}|2024-03-01T10:00:00Z|FATAL",
            "{\"ts\":\"1709287200.5\",\"level\":\"crit\",\"message\":\"m\"}|2024-03-01T10:00:00.500Z|FATAL"})
    void ndjsonDefaults(String line, String ts, Level level) {
        LogRecord record = decode(new RecordDecoder(LineFormat.ndjson(), 2024, FALLBACK), line);
        assertEquals(Instant.parse(ts), record.timestamp());
        assertEquals(level, record.level());
        assertEquals("m", record.message());
    }

    @Test
    void ndjsonKeepsEveryOtherFieldAndAnExplicitId() {
        LogRecord record = decode(new RecordDecoder(LineFormat.ndjson(), 2024, FALLBACK),
                "{\"timestamp\":\"2024-03-01T10:00:00Z\",\"level\":\"INFO\",\"service\":\"auth\",\"host\":\"h1\","
                        + "\"message\":\"login\",\"id\":\"evt-1\",\"user\":\"u42\",\"ctx\":{\"a\":[1,2]},\"ok\":true}");
        assertEquals("evt-1", record.id());
        assertEquals("auth", record.service());
        assertEquals("h1", record.host());
        assertEquals(Map.of("user", "u42", "ctx", "{\"a\":[1,2]}", "ok", "true"), record.fields());
    }

    @Test
    void ndjsonFieldNamesCanBeOverridden() {
        LineFormat format = new LineFormat.Ndjson(List.of("when"), List.of("sev"), List.of("text"), List.of("svc"),
                List.of("node"), List.of("uuid"));
        LogRecord record = decode(new RecordDecoder(format, 2024, FALLBACK),
                "{\"when\":\"2024-03-01T10:00:00Z\",\"sev\":\"E\",\"text\":\"boom\",\"svc\":\"db\",\"node\":\"n1\",\"level\":\"x\"}");
        assertEquals("boom", record.message());
        assertEquals("db", record.service());
        assertEquals(Map.of("level", "x"), record.fields());
        assertEquals(Level.UNKNOWN, record.level(), "'E' is not a level spelling we accept");
    }

    @Test
    void unparsableLinesAreKeptAsUnknownWithTheTimeOfTheLineBefore() {
        RecordDecoder decoder = new RecordDecoder(LineFormat.ndjson(), 2024, FALLBACK);
        LogRecord orphan = decode(decoder, "garbage before any timestamp");
        assertEquals(FALLBACK, orphan.timestamp(), "takes the archive's fallback time");
        decode(decoder, "{\"timestamp\":\"2024-03-01T10:00:00Z\",\"level\":\"ERROR\",\"message\":\"NPE\"}");
        LogRecord trace = decode(decoder, "\tat com.example.Foo.bar(Foo.java:42)");
        assertEquals(Level.UNKNOWN, trace.level());
        assertEquals("\tat com.example.Foo.bar(Foo.java:42)", trace.message());
        assertEquals(Instant.parse("2024-03-01T10:00:00Z"), trace.timestamp(), "a stack trace line stays with its error");
        assertEquals(2, decoder.unparsed());
        LogRecord again = decode(decoder, "\tat com.example.Foo.bar(Foo.java:42)");
        assertEquals(trace.id(), again.id(), "the id of a line without one is a hash of the line: stable");
        assertEquals(16, trace.id().length());
    }

    @Test
    void textPatternWithYearlessSyslogTimestamps() {
        RecordDecoder decoder = new RecordDecoder(KnownFormats.byName("syslog"), 2023, FALLBACK);
        LogRecord record = decode(decoder, "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186");
        assertEquals(Instant.parse("2023-12-10T06:55:46Z"), record.timestamp());
        assertEquals("LabSZ", record.host());
        assertEquals("sshd", record.service());
        assertEquals("Invalid user webmaster from 173.234.31.186", record.message());
        assertEquals(Map.of("pid", "24200"), record.fields());
        LogRecord padded = decode(decoder, "Jan  2 00:00:01 LabSZ cron: ok");
        assertEquals(Instant.parse("2023-01-02T00:00:01Z"), padded.timestamp());
    }

    @Test
    void customPatternAndBadPatternsAreNamed() {
        LineFormat format = new LineFormat.Text("(?<ts>\\S+) \\[(?<level>\\w+)\\] (?<msg>.*)", "epoch_ms", "UTC");
        LogRecord record = decode(new RecordDecoder(format, 2024, FALLBACK), "1709287200123 [warn] disk 91% full");
        assertEquals(Instant.parse("2024-03-01T10:00:00.123Z"), record.timestamp());
        assertEquals(Level.WARN, record.level());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LineFormat.Text("(?<ts>[", "iso", "UTC"));
        assertTrue(e.getMessage().startsWith("invalid line pattern"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new RecordDecoder(new LineFormat.Text("(?<ts>.*)", "yyyy-qq-bogus{", "UTC"), 2024, FALLBACK));
        assertTrue(e2.getMessage().contains("invalid timestamp format"), e2.getMessage());
    }

    @Test
    void levelsAreStrictForUsersAndLenientForLogs() {
        assertEquals(Level.ERROR, Level.fromText("severe"));
        assertEquals(Level.UNKNOWN, Level.fromText("chatty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Level.parseStrict("EROR"));
        assertTrue(e.getMessage().contains("EROR") && e.getMessage().contains("ERROR"));
    }
}
