package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's three tiers: the sample months before the cut-off are moved into an embedded
 * S3-compatible server (the demo's own S3Proxy, filesystem store), the later ones stay on local
 * disk, and the server answers over both as one — with each archive's tier and cached share in
 * {@code /api/archives}, and the SSD tier and object storage in {@code /api/stats}.
 */
class DemoTiersTest {
    private static final LocalDate CUT = LocalDate.of(2024, 3, 1);

    @TempDir
    static Path dir;
    static GroundTruth truth;
    static EmbeddedS3 s3;
    static RewindServer server;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        truth = new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 4, 200, 9, CodecMode.MIXED))
                .generate(data, n -> { });
        s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, "demo-access", "demo-secret-31337");
        StorageSettings storage = new StorageSettings(s3.flinkConfig(), Path.of("target", "plugins").toAbsolutePath(),
                dir.resolve("ssd"), 64L << 20, StorageSettings.DEFAULT_REGION_BYTES, StorageSettings.DEFAULT_PARALLEL_GETS,
                StorageSettings.DEFAULT_MAX_GET_BYTES);
        server = RewindServer.start(ServerConfig.builder().archives(List.of()).demo(data)
                .demoRemote(new DemoRemote(StoragePath.of("s3://rewind-demo"), dir.resolve("s3").resolve("rewind-demo"), CUT))
                .storage(storage).port(0).flinkUiPort(0).prefetch(false).build());
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + server.port() + "/api/demo/create-sample-archives"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, created.statusCode(), created.body());
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
    void olderMonthsAreOnObjectStorageAndAnswersSpanBothTiers() throws Exception {
        int days = truth.days().size();
        long remoteDays = truth.days().stream().filter(d -> d.day().isBefore(CUT)).count();
        assertTrue(Files.isDirectory(dir.resolve("s3/rewind-demo")), "the bucket holds the older months");
        JsonNode catalog = null;
        for (int i = 0; i < 600; i++) {
            catalog = TestHttp.get(server, "/api/archives");
            if (catalog.get("count").asInt() == days) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(days, catalog.get("count").asInt(), "remote " + dev.rewind.connectors.storage.StorageStats.remote()
                + ", roots " + server.engine().catalog().rootProblems()
                + ", catalog " + catalog.get("count"));
        Map<String, Integer> tiers = new HashMap<>();
        for (JsonNode a : catalog.get("archives")) {
            tiers.merge(a.get("tier").asText(), 1, Integer::sum);
            boolean remote = a.get("archive").asText().startsWith("s3://rewind-demo/");
            assertEquals(remote ? "remote" : "local", a.get("tier").asText(), a.toString());
        }
        assertEquals(Map.of("remote", (int) remoteDays, "local", (int) (days - remoteDays)), tiers);

        long errors = truth.totalLevels().get(Level.ERROR);
        JsonNode count = TestHttp.query(server, "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-04-30\","
                + "\"filters\":{\"level\":\"ERROR\"},\"aggregate\":{\"type\":\"count\"}}");
        assertEquals(errors, count.get("aggregate").get("count").asLong(), count.toString());

        // Records across the cut: a job reads remote frames (through the SSD tier) and local ones.
        JsonNode page = TestHttp.query(server, "{\"start_time\":\"2024-02-27\",\"end_time\":\"2024-03-02\","
                + "\"filters\":{\"level\":\"ERROR\"},\"page_size\":1000,\"order\":\"asc\"}");
        long expected = truth.days().stream().filter(d -> !d.day().isBefore(LocalDate.of(2024, 2, 27))
                && !d.day().isAfter(LocalDate.of(2024, 3, 2))).mapToLong(d -> d.levels().getOrDefault(Level.ERROR, 0L)).sum();
        assertEquals(expected, page.get("results").size(), page.get("stats").toString());
        JsonNode storage = page.get("stats").get("storage");
        assertTrue(storage.get("remote_bytes").asLong() + storage.get("ssd_hit_bytes").asLong() > 0, storage.toString());

        JsonNode stats = TestHttp.get(server, "/api/stats");
        assertEquals(remoteDays, stats.get("archives").get("by_tier").get("remote").asLong(), stats.toString());
        JsonNode ssd = stats.get("storage").get("ssd");
        assertTrue(ssd.get("enabled").asBoolean() && ssd.get("bytes").asLong() > 0, ssd.toString());
        assertTrue(stats.get("storage").get("remote").get("get_requests").asLong() > 0, stats.toString());
        assertFalse(stats.toString().contains("demo-secret-31337"), "no credential in /api/stats");

        JsonNode after = TestHttp.get(server, "/api/archives");
        boolean someCached = false;
        for (JsonNode a : after.get("archives")) {
            if (a.get("tier").asText().equals("remote") && a.get("cached_share").asDouble() > 0) {
                someCached = true;
            }
        }
        assertTrue(someCached, "the archive list shows what the SSD tier holds of remote archives");
    }
}
