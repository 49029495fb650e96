package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result sets spilled to the disk tier are hits after the server restarts. */
class DiskTierRestartTest {
    @TempDir
    Path dir;

    @Test
    void diskEntriesSurviveARestart() throws Exception {
        Path archives = dir.resolve("archives");
        new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 1, 300, 9, CodecMode.MIXED)).generate(archives, n -> { });
        ServerConfig config = ServerConfig.builder().archives(List.of(archives)).cacheDir(dir.resolve("cache"))
                .port(0).flinkUiPort(0).cacheBytes(16L << 20).prefetch(false).build();
        String body = "{\"start_time\":\"2024-01-05\",\"end_time\":\"2024-01-25\",\"filters\":{\"text\":\"declined\"},"
                + "\"page_size\":25}";
        JsonNode before;
        try (RewindServer server = RewindServer.start(config)) {
            before = TestHttp.query(server, body);
            assertFalse(before.get("stats").get("cache").get("hit").asBoolean());
        }
        try (RewindServer server = RewindServer.start(config)) {
            JsonNode after = TestHttp.query(server, body);
            assertTrue(after.get("stats").get("cache").get("hit").asBoolean(), after.get("stats").toString());
            assertEquals("disk", after.get("stats").get("cache").get("tier").asText());
            assertEquals(before.get("results"), after.get("results"));
            assertEquals("memory", TestHttp.query(server, body).get("stats").get("cache").get("tier").asText(),
                    "promoted to memory");
        }
    }
}
