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
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While idle, the server prepares the periods before and after a query; a new archive is picked up and indexed. */
class PrefetchTest {
    @TempDir
    Path dir;

    private static String body(String from, String to) {
        return "{\"start_time\":\"" + from + "\",\"end_time\":\"" + to + "\",\"filters\":{\"text\":\"declined\"},"
                + "\"page_size\":20}";
    }

    @Test
    void adjacentPeriodsArePreparedAndNewArchivesAreIndexedInTheBackground() throws Exception {
        Path archives = dir.resolve("archives");
        new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 1, 300, 4, CodecMode.MIXED)).generate(archives, n -> { });
        try (RewindServer server = RewindServer.start(ServerConfig.builder().archives(List.of(archives)).port(0)
                .flinkUiPort(0).cacheBytes(16L << 20).prefetch(true).build())) {
            assertFalse(TestHttp.query(server, body("2024-01-10", "2024-01-15")).get("stats").get("cache").get("hit").asBoolean());
            server.engine().prefetch().awaitIdle(Duration.ofSeconds(30));
            assertEquals(2, server.engine().prefetch().prefetched());
            assertTrue(TestHttp.query(server, body("2024-01-04", "2024-01-09")).get("stats").get("cache").get("hit").asBoolean(),
                    "the period before was prepared");
            assertTrue(TestHttp.query(server, body("2024-01-16", "2024-01-21")).get("stats").get("cache").get("hit").asBoolean(),
                    "the period after was prepared");

            // A foreign archive copied in (no sidecar): indexed in the background, then queried.
            Path foreign = dir.resolve("foreign").resolve("dt=2023-12-31").resolve("app.ndjson");
            Files.createDirectories(foreign.getParent());
            Files.writeString(foreign, "{\"timestamp\":\"2023-12-31T10:00:00Z\",\"level\":\"ERROR\",\"service\":\"legacy\","
                    + "\"message\":\"payment declined for order o1\"}\n");
            Path copy = archives.resolve("dt=2023-12-31");
            Files.createDirectories(copy);
            Files.copy(foreign, copy.resolve("app.ndjson"));
            server.catalog().refresh();
            // A question over its day waits for it to be indexed (first in line), and the answer is whole.
            JsonNode old = TestHttp.query(server, body("2023-12-31", "2023-12-31"));
            assertEquals(1, old.get("results").size());
            assertEquals("legacy", old.get("results").get(0).get("service").asText());
            assertTrue(old.get("total").get("exact").asBoolean(), old.toString());
            assertEquals(0, old.get("warnings").size(), old.toString());
            try (Stream<Path> sidecars = Files.list(copy)) {
                assertEquals(1, sidecars.filter(p -> p.toString().endsWith(".idx")).count(), "indexed");
            }
        }
    }
}
