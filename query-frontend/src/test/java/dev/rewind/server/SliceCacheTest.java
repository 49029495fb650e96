package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A question over a range that overlaps an earlier one reuses the days they share and computes
 * only the others; the answer is the same as computing it whole, for counts, trends (any bucket)
 * and pages of records; a changed archive invalidates its own days only.
 */
class SliceCacheTest {
    @TempDir
    static Path dir;
    static Path archives;
    static RewindServer server;

    @BeforeAll
    static void start() throws Exception {
        archives = dir.resolve("archives");
        new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 1, 400, 9, CodecMode.MIXED)).generate(archives, n -> { });
        server = RewindServer.start(ServerConfig.builder().archives(List.of(archives)).port(0).flinkUiPort(0)
                .cacheBytes(16L << 20).prefetch(false).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String aggregate(String from, String to, String aggregate) {
        return "{\"start_time\":\"" + from + "\",\"end_time\":\"" + to + "\",\"filters\":{\"level\":[\"ERROR\",\"WARN\"],"
                + "\"text\":\"order\"},\"aggregate\":" + aggregate + "}";
    }

    /** The same question answered whole, with every cache emptied first. */
    private static JsonNode cold(String body) throws Exception {
        TestHttp.delete(server, "/api/cache");
        return TestHttp.query(server, body);
    }

    @Test
    void countsAndTrendsFromCachedDaysEqualTheWholeAnswer() throws Exception {
        for (String aggregate : List.of("{\"type\":\"count\"}",
                "{\"type\":\"trend\",\"bucket\":\"hour\",\"by\":[\"level\"]}",
                "{\"type\":\"trend\",\"bucket\":\"day\",\"by\":[\"level\",\"service\"]}",
                "{\"type\":\"trend\",\"bucket\":\"week\",\"by\":[\"service\"]}",
                "{\"type\":\"trend\",\"bucket\":\"month\"}")) {
            String overlapping = aggregate("2024-01-10T06:30:00", "2024-01-25T12:00:00", aggregate);
            JsonNode whole = cold(overlapping).get("aggregate");
            TestHttp.delete(server, "/api/cache");
            TestHttp.query(server, aggregate("2024-01-05T00:00:00", "2024-01-20T23:59:59", aggregate));
            JsonNode reused = TestHttp.query(server, overlapping);
            JsonNode cache = reused.get("stats").get("cache");
            assertEquals(10, cache.get("slices_hit").asInt(), aggregate + ": 2024-01-11 .. 01-20 are whole days held");
            assertEquals(16, cache.get("slices_looked_up").asInt(), aggregate);
            assertFalse(cache.get("hit").asBoolean(), "the other six days were computed");
            assertEquals(whole, reused.get("aggregate"), aggregate);
            assertTrue(whole.path("count").asLong() > 0 || whole.path("series").size() > 0, "a non-trivial answer: " + whole);
        }
    }

    private static String records(String from, String to, int pageSize) {
        return "{\"start_time\":\"" + from + "\",\"end_time\":\"" + to + "\",\"filters\":{\"level\":\"ERROR\"},"
                + "\"page_size\":" + pageSize + "}";
    }

    private static List<String> allIds(String body) throws Exception {
        List<String> ids = new ArrayList<>();
        JsonNode page = TestHttp.query(server, body);
        while (true) {
            page.get("results").forEach(r -> ids.add(r.get("timestamp").asText() + " " + r.get("id").asText()));
            JsonNode cursor = page.get("page").get("next_cursor");
            if (cursor == null || cursor.isNull()) {
                return ids;
            }
            page = TestHttp.query(server, body.substring(0, body.length() - 1) + ",\"cursor\":\"" + cursor.asText() + "\"}");
        }
    }

    @Test
    void pagesOfRecordsFromCachedDaysEqualTheWholeAnswer() throws Exception {
        String later = records("2024-01-08", "2024-01-20", 15);
        String earlier = records("2024-01-03", "2024-01-16", 15);
        TestHttp.delete(server, "/api/cache");
        List<String> wholeEarlier = allIds(earlier);
        TestHttp.delete(server, "/api/cache");
        TestHttp.query(server, records("2024-01-08", "2024-01-20", 2000)); // every ERROR line of those days
        JsonNode first = TestHttp.query(server, earlier);
        assertTrue(first.get("stats").get("cache").get("slices_hit").asInt() >= 9, first.get("stats").toString());
        List<String> reused = allIds(earlier);
        assertEquals(wholeEarlier, reused);
        assertTrue(reused.size() > 30, "several pages: " + reused.size());
        assertEquals(reused.stream().sorted(java.util.Comparator.reverseOrder()).toList(), reused, "newest first");
        TestHttp.delete(server, "/api/cache");
        assertEquals(allIds(later), allIds(later), "a second, cached walk gives the same pages");

        // Oldest first: the days are walked from the start of the range.
        String earlierAsc = earlier.replace("\"page_size\"", "\"order\":\"asc\",\"page_size\"");
        TestHttp.delete(server, "/api/cache");
        List<String> wholeAsc = allIds(earlierAsc);
        TestHttp.delete(server, "/api/cache");
        TestHttp.query(server, records("2024-01-01", "2024-01-10", 2000).replace("\"page_size\"", "\"order\":\"asc\",\"page_size\""));
        JsonNode asc = TestHttp.query(server, earlierAsc);
        assertTrue(asc.get("stats").get("cache").get("slices_hit").asInt() >= 1, asc.get("stats").toString());
        List<String> reusedAsc = allIds(earlierAsc);
        assertEquals(wholeAsc, reusedAsc);
        assertEquals(reused.stream().sorted().toList(), reusedAsc, "the same rows, oldest first");
    }

    @Test
    void aNewArchiveInvalidatesOnlyItsOwnDays() throws Exception {
        String body = aggregate("2024-01-26", "2024-01-31T23:59:59", "{\"type\":\"count\"}");
        TestHttp.delete(server, "/api/cache");
        long before = TestHttp.query(server, body).get("aggregate").get("count").asLong();
        Path day = archives.resolve("dt=2024-01-28");
        Files.writeString(day.resolve("late.ndjson"), "{\"timestamp\":\"2024-01-28T10:00:00Z\",\"level\":\"ERROR\","
                + "\"service\":\"late\",\"message\":\"order o-1 arrived late\"}\n");
        server.catalog().refresh();
        JsonNode after = TestHttp.query(server, body);
        assertEquals(before + 1, after.get("aggregate").get("count").asLong());
        assertEquals(5, after.get("stats").get("cache").get("slices_hit").asInt(), "the other five days were reused");
        JsonNode tiers = TestHttp.get(server, "/api/stats").get("cache").get("tiers");
        assertTrue(tiers.get("slices").get("hits").asLong() >= 5, tiers.toString());
    }
}
