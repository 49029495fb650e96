package dev.rewind.connectors.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The indexer's lean read of NDJSON lines must give, line by line, what the full decode gives:
 * time (with inheritance), level, service and message, and the same count of unparsed lines.
 */
class NdjsonSummaryScannerTest {
    private static final String[] KEYS = {"timestamp", "@timestamp", "ts", "time", "level", "severity", "lvl",
        "message", "msg", "service", "app", "application", "host", "trace_id", "status", "duration_ms", "ctx",
        "lev\\u0065l", "l\u00e9vel"};
    private static final String[] VALUES = {"\"ERROR\"", "\"error\"", "\" Warn \"", "\"INFO\"", "\"FATAL\"", "\"\"",
        "\"2024-01-02T03:04:05.678Z\"", "\"2024-01-02T03:04:59Z\"", "\"2024-01-02T03:04:05+02:00\"",
        "\"2024-02-30T03:04:05Z\"", "\" 2024-01-02T03:04:05Z\"", "\"2024-01-02 03:04:05\"", "\"1704164645\"",
        "1704164645", "1704164645123", "-1.5e3", "0", "012", "1.", "-", "1e", "true", "false", "null", "nul", "tru",
        "{\"level\":\"ERROR\"}", "[1,\"]\"]", "\"api-gateway\"", "\"payments\"", "\"with \\\"escape\\\"\"",
        "\"caf\u00e9\"", "\"tab\there\"", "\"GET /api/v1/users/488209 returned 500 in 4 ms\"",
        "\"Payment declined for order ord-5200826 code 54\"", "\"\\u0045RROR\""};

    /** Mostly a value that suits the key (as real lines have), sometimes anything. */
    private static String valueFor(String key, Random random) {
        if (random.nextInt(5) == 0) {
            return VALUES[random.nextInt(VALUES.length)];
        }
        return switch (key) {
            case "timestamp", "@timestamp", "ts", "time" -> "\"2024-01-0" + (1 + random.nextInt(9)) + "T0"
                    + random.nextInt(10) + ":1" + random.nextInt(10) + ":" + (10 + random.nextInt(50)) + "."
                    + random.nextInt(1000) + "Z\"";
            case "level", "severity", "lvl" -> new String[] {"\"INFO\"", "\"ERROR\"", "\"warn\"", "\"FATAL\""}[random.nextInt(4)];
            case "status", "duration_ms" -> Integer.toString(random.nextInt(1000));
            default -> "\"v" + random.nextInt(100_000) + "\"";
        };
    }

    @Test
    void summariesEqualTheFullDecodeOnGeneratedLines() {
        Random random = new Random(23);
        LineFormat format = LineFormat.ndjson();
        RecordDecoder full = new RecordDecoder(format, 2024, Instant.EPOCH);
        RecordDecoder lean = new RecordDecoder(format, 2024, Instant.EPOCH);
        LineSummary summary = new LineSummary();
        LineParser counting = LineParsers.create(format, 2024);
        LineSummary scratch = new LineSummary();
        // A few line shapes repeated with other values (what the scanner learns and matches), mixed
        // with freely generated ones (what it must read field by field, or hand to the parser).
        String[][] shapes = new String[12][];
        for (int s = 0; s < shapes.length; s++) {
            shapes[s] = new String[2 + random.nextInt(7)];
            for (int k = 0; k < shapes[s].length; k++) {
                shapes[s][k] = KEYS[random.nextInt(KEYS.length)];
            }
        }
        int parsedFast = 0;
        for (int i = 0; i < 100_000; i++) {
            String[] keys;
            if (random.nextInt(4) > 0) {
                keys = shapes[random.nextInt(shapes.length)];
            } else {
                keys = new String[random.nextInt(8)];
                for (int k = 0; k < keys.length; k++) {
                    keys[k] = KEYS[random.nextInt(KEYS.length)];
                }
            }
            StringBuilder line = new StringBuilder(random.nextInt(30) == 0 ? " \t{" : "{");
            for (int k = 0; k < keys.length; k++) {
                String space = random.nextInt(20) == 0 ? " " : "";
                line.append(k == 0 ? space : "," + space).append('"').append(keys[k]).append('"').append(space)
                        .append(':').append(space).append(valueFor(keys[k], random));
            }
            line.append(random.nextInt(40) == 0 ? " }" : "}");
            int damage = random.nextInt(60);
            if (damage == 0) {
                line.setLength(random.nextInt(line.length() + 1));
            } else if (damage == 1) {
                line.append(random.nextBoolean() ? " x" : " {}");
            } else if (damage == 2) {
                line.append(" \t\r");
            } else if (damage == 3) {
                line.insert(random.nextInt(line.length() + 1), (char) random.nextInt(0x20));
            }
            String text = line.toString();
            byte[] bytes = ("#" + text + "#").getBytes(StandardCharsets.UTF_8);
            int length = bytes.length - 2;
            LogRecord record = full.decode(bytes, 1, length, false);
            lean.summarize(bytes, 1, length, summary);
            assertEquals(record.timestamp(), summary.timestamp(), () -> "time of: " + text);
            assertEquals(record.level(), summary.level(), () -> "level of: " + text);
            assertEquals(record.service(), summary.service(), () -> "service of: " + text);
            assertEquals(record.message(), summary.message(), () -> "message of: " + text);
            assertEquals(full.unparsed(), lean.unparsed(), () -> "unparsed count after: " + text);
            if (counting.summarize(bytes, 1, length, scratch) >= 0) {
                parsedFast++;
            }
        }
        // Most lines must take the fast path, or the test says nothing about it.
        assertTrue(parsedFast > 20_000, "only " + parsedFast + " lines were read without the parser");
    }
    /**
     * The reader offers the scanner lines whose end is only how far its buffer goes: a buffer may
     * end anywhere in a line, at a value's first byte included (a foreign gzip file cut one there
     * and the index pass failed with an out-of-bounds read). The scanner must then say "find the
     * newline yourself" or find the right one, never read past the buffer.
     */
    @Test
    void aLineCutAnywhereByTheBufferIsNeverReadPastItsEnd() {
        LineFormat format = LineFormat.ndjson();
        String line = "{\"timestamp\":\"2024-01-23T01:02:03.456Z\",\"level\":\"ERROR\",\"service\":\"orders\","
                + "\"duration_ms\":-1234,\"status\":500,\"ok\":false,\"msg\":\"Failed to reserve stock\"}\n";
        byte[] whole = (line + line).getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut <= whole.length; cut++) {
            // A decoder that has learnt the line's layout from the first, whole line.
            RecordDecoder decoder = new RecordDecoder(format, 2024, Instant.EPOCH);
            LineSummary out = new LineSummary();
            decoder.summarize(whole, 0, line.length() - 1, out);
            byte[] buffer = java.util.Arrays.copyOf(whole, cut); // the buffer ends where the read stopped
            int from = Math.min(cut, line.length());
            int newline = decoder.summarizeToNewline(buffer, from, cut, out);
            int expected = cut == whole.length ? whole.length - 1 : -1;
            if (from == cut) {
                expected = -1;
            }
            assertTrue(newline == -1 || newline == expected, "cut at " + cut + ": newline " + newline);
        }
    }
}
