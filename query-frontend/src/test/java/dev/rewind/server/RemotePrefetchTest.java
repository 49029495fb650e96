package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefetch fills the SSD tier: after a question over one day of a bucket, the server, idle, asks
 * it over the days before and after, so a different question a person then asks about the next
 * day reads that day's frames from the local disk cache, not from object storage.
 */
class RemotePrefetchTest {
    @TempDir
    static Path dir;
    /** Lines per level of the day after the question. */
    static final java.util.Map<Level, Long> levels = new java.util.EnumMap<>(Level.class);
    static EmbeddedS3 s3;
    static RewindServer server;

    @BeforeAll
    static void start() throws Exception {
        // Three days, one archive each of about 2 MB (several frames and SSD regions: opening an
        // archive reads only its first and last 64 KiB), written with sidecars straight into the
        // folder S3Proxy serves as bucket "logs".
        java.util.Random random = new java.util.Random(23);
        for (int day = 14; day <= 16; day++) {
            Path archive = dir.resolve("s3/logs/app/dt=2024-01-" + day + "/app.ndjson.zst");
            java.nio.file.Files.createDirectories(archive.getParent());
            StringBuilder text = new StringBuilder();
            java.time.Instant t = java.time.Instant.parse("2024-01-" + day + "T00:00:00Z");
            for (int i = 0; i < 40_000; i++) {
                Level level = i % 10 == 0 ? Level.ERROR : i % 10 == 1 ? Level.WARN : Level.INFO;
                if (day == 16) {
                    levels.merge(level, 1L, Long::sum);
                }
                text.append("{\"timestamp\":\"").append(t.plusMillis(2160L * i)).append("\",\"level\":\"")
                        .append(level).append("\",\"service\":\"api\",\"message\":\"request ")
                        .append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
                        .append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
                        .append(" done\"}\n");
            }
            try (var w = dev.rewind.connectors.archive.write.ArchiveWriter.builder().open(archive)) {
                w.write(new java.io.ByteArrayInputStream(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, "prefetch-access", "prefetch-secret");
        StorageSettings storage = new StorageSettings(s3.flinkConfig(), Path.of("target", "plugins").toAbsolutePath(),
                dir.resolve("ssd"), 64L << 20, StorageSettings.DEFAULT_REGION_BYTES, StorageSettings.DEFAULT_PARALLEL_GETS,
                StorageSettings.DEFAULT_MAX_GET_BYTES);
        server = RewindServer.start(ServerConfig.builder().roots(List.of(StoragePath.of("s3://logs/app")))
                .storage(storage).cacheDir(dir.resolve("answers")).port(0).flinkUiPort(0).prefetch(true).build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void theDayAfterAQuestionIsInTheSsdTierBeforeAnyoneAsksAboutIt() throws Exception {
        assertTrue(cachedShare("dt=2024-01-16") < 0.7, "opening the bucket read only the ends of each archive");
        JsonNode first = TestHttp.query(server, "{\"start_time\":\"2024-01-15\",\"end_time\":\"2024-01-15\","
                + "\"filters\":{\"level\":\"ERROR\"},\"page_size\":1000}");
        assertEquals(1000, first.get("results").size(), first.get("stats").toString());
        assertTrue(first.get("stats").get("storage").get("remote_bytes").asLong() > 0, "the day was fetched: "
                + first.get("stats"));

        long prefetched = 0;
        for (int i = 0; i < 600 && prefetched < 2; i++) {
            prefetched = TestHttp.get(server, "/api/stats").get("cache").path("prefetched").asLong();
            Thread.sleep(100);
        }
        assertEquals(2, prefetched, "the day before and the day after were prepared");

        // Another question about the next day (WARN lines: not the cached answer), read from the SSD tier.
        JsonNode next = TestHttp.query(server, "{\"start_time\":\"2024-01-16\",\"end_time\":\"2024-01-16\","
                + "\"filters\":{\"level\":\"WARN\"},\"page_size\":1000}");
        assertEquals(1000, next.get("results").size(), next.get("stats").toString());
        assertEquals(levels.get(Level.WARN), next.get("total").get("value").asLong(), next.get("total").toString());
        JsonNode storage = next.get("stats").get("storage");
        assertEquals(0, storage.get("remote_bytes").asLong(), "nothing of the day after came from the bucket: " + storage);
        assertTrue(storage.get("ssd_hit_bytes").asLong() > 0, storage.toString());
    }

    /** The share of the archive whose path contains {@code part} that the SSD tier holds. */
    private static double cachedShare(String part) throws Exception {
        for (int i = 0; i < 300; i++) {
            JsonNode catalog = TestHttp.get(server, "/api/archives");
            for (JsonNode a : catalog.get("archives")) {
                if (a.get("archive").asText().contains(part)) {
                    return a.get("cached_share").asDouble();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no archive " + part + " in the catalog");
    }
}
