package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.runner.EmbeddedJobRunner;
import dev.rewind.query.QueryLimits;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers over archives other tools wrote are never falsely exact: archives still being indexed,
 * unreadable ones, copies of one another, ones changed in the middle, a lost TaskManager. Each
 * case over a real server and socket, on the generator's logs cut into files by the CLI tools.
 */
class HonestAnswersTest {
    @TempDir
    static Path dir;

    static GroundTruth truth;
    static Path samples;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void corpus() throws Exception {
        samples = dir.resolve("samples");
        truth = new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 1, 400, 11, CodecMode.MIXED))
                .generate(samples, n -> { });
    }

    /** A fresh copy of the month as foreign archives (3 files a day, by the CLI tools, no sidecars). */
    private static Path foreign(String name) throws Exception {
        Path store = dir.resolve(name);
        ForeignCorpus.write(samples, store, 3);
        return store;
    }

    private static long errorsOf(LocalDate from, LocalDate to) {
        return truth.days().stream().filter(d -> !d.day().isBefore(from) && !d.day().isAfter(to))
                .mapToLong(d -> d.count(Level.ERROR)).sum();
    }

    private static RewindServer start(Path store, QueryLimits limits, CatalogHolder.Options catalog) throws Exception {
        return RewindServer.start(ServerConfig.builder().archives(List.of(store)).port(0).flinkUiPort(0)
                .prefetch(false).limits(limits).catalog(catalog).build());
    }

    private static QueryLimits waitingUpTo(Duration indexWait) {
        QueryLimits d = QueryLimits.defaults();
        return new QueryLimits(d.maxRange(), d.maxBytes(), d.timeout(), d.maxJobs(), d.maxQueued(), indexWait);
    }

    static HttpResponse<String> post(RewindServer server, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/api/query"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode count(RewindServer server, String from, String to) throws Exception {
        return TestHttp.query(server, "{\"start_time\":\"" + from + "\",\"end_time\":\"" + to + "\","
                + "\"filters\":{\"level\":\"ERROR\"},\"aggregate\":{\"type\":\"count\"}}");
    }

    @Test
    void aQuestionAskedWhileArchivesAreStillBeingIndexedSaysItIsIncompleteAndIsNotKept() throws Exception {
        Path store = foreign("indexing");
        // Nothing indexed until a question waits for it, and questions do not wait: the first answer
        // is asked while every archive is still pending.
        CatalogHolder.Options lazy = new CatalogHolder.Options(Duration.ofHours(1), 1, false, false, false, Duration.ofHours(1),
                dev.rewind.catalog.ListingScope.ALL);
        try (RewindServer server = start(store, waitingUpTo(Duration.ZERO), lazy)) {
            JsonNode early = count(server, "2024-01-01", "2024-01-31");
            assertFalse(early.get("aggregate").get("exact").asBoolean(), early.toString());
            assertTrue(early.get("plan").get("pending_archives").asInt() > 0, early.toString());
            assertEquals(1, early.get("warnings").size(), early.toString());
            assertTrue(early.get("warnings").get(0).asText().contains("still being indexed"), early.toString());
            assertTrue(early.get("aggregate").get("count").asLong() < errorsOf(LocalDate.of(2024, 1, 1),
                    LocalDate.of(2024, 1, 31)), "it holds what was indexed, and says it is not all");

            server.catalog().awaitIndexed(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"),
                    Duration.ofMinutes(2));
            JsonNode later = count(server, "2024-01-01", "2024-01-31");
            assertTrue(later.get("aggregate").get("exact").asBoolean(), later.toString());
            assertEquals(0, later.get("warnings").size(), later.toString());
            assertEquals(errorsOf(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)),
                    later.get("aggregate").get("count").asLong(), "the incomplete answer was not kept as the answer");
        }
    }

    @Test
    void anUnreadableArchiveIsWarnedAboutOnceByTheQuestionsWhoseRangeItMayHold() throws Exception {
        Path store = foreign("unreadable");
        Path broken = store.resolve("dt=2024-01-15").resolve("broken.ndjson.gz");
        byte[] garbage = new byte[4096];
        new java.util.Random(5).nextBytes(garbage);
        garbage[0] = 0x1f; // a gzip header, then nothing a decoder can read
        garbage[1] = (byte) 0x8b;
        garbage[2] = 8;
        Files.write(broken, garbage);
        try (RewindServer server = start(store, waitingUpTo(Duration.ofMinutes(1)), CatalogHolder.Options.server())) {
            for (int round = 0; round < 3; round++) { // computed, then from the caches: the same warnings
                JsonNode mid = count(server, "2024-01-10", "2024-01-20");
                assertFalse(mid.get("aggregate").get("exact").asBoolean(), mid.toString());
                assertEquals(1, mid.get("warnings").size(), "once: " + mid.get("warnings"));
                assertTrue(mid.get("warnings").get(0).asText().startsWith(broken.toString()), mid.get("warnings").toString());
                assertEquals(errorsOf(LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 20)),
                        mid.get("aggregate").get("count").asLong(), "the readable archives are all counted");
            }
            JsonNode early = count(server, "2024-01-01", "2024-01-05");
            assertEquals(0, early.get("warnings").size(), "a range it cannot hold is not warned about: " + early);
            assertTrue(early.get("aggregate").get("exact").asBoolean());
            JsonNode archives = TestHttp.get(server, "/api/archives");
            assertTrue(archives.get("problems").toString().contains("broken.ndjson.gz"), archives.get("problems").toString());
        }
    }

    @Test
    void aCutArchiveKeepsWhatIsReadableAndEveryAnswerSaysWhereItWasCut() throws Exception {
        Path store = foreign("cut");
        Path cut = store.resolve("dt=2024-01-12").resolve("part-00.ndjson.gz");
        byte[] whole = Files.readAllBytes(cut);
        long inFile;
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(whole))) {
            inFile = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("\"level\":\"ERROR\"")).count();
        }
        int at = whole.length / 2;
        Files.write(cut, java.util.Arrays.copyOf(whole, at)); // as a copy interrupted half-way leaves it
        long day = errorsOf(LocalDate.of(2024, 1, 12), LocalDate.of(2024, 1, 12));
        try (RewindServer server = start(store, waitingUpTo(Duration.ofMinutes(1)), CatalogHolder.Options.server())) {
            long first = -1;
            for (int round = 0; round < 3; round++) { // computed, then from the caches: the same answer and warning
                JsonNode a = count(server, "2024-01-11", "2024-01-13");
                long n = a.get("aggregate").get("count").asLong();
                long others = errorsOf(LocalDate.of(2024, 1, 11), LocalDate.of(2024, 1, 13)) - inFile;
                assertTrue(n > others && n < others + inFile, "the lines before the cut are kept, not the rest: " + n
                        + " of " + others + " + " + inFile);
                assertTrue(first < 0 || first == n, "the same count each time");
                first = n;
                assertFalse(a.get("aggregate").get("exact").asBoolean(), a.toString());
                assertEquals(1, a.get("warnings").size(), "once: " + a.get("warnings"));
                String warning = a.get("warnings").get(0).asText();
                assertTrue(warning.startsWith(cut.toString()) && warning.contains("damaged at byte "), warning);
                long offset = Long.parseLong(warning.replaceAll(".*damaged at byte (\\d+).*", "$1"));
                assertTrue(offset > 0 && offset <= at, "the real offset, within the bytes left: " + warning);
            }
            // The lines a records query returns are those the count counted, with the same warning.
            JsonNode records = TestHttp.query(server, "{\"start_time\":\"2024-01-12\",\"end_time\":\"2024-01-12\","
                    + "\"filters\":{\"level\":\"ERROR\"},\"page_size\":10000}");
            JsonNode dayCount = count(server, "2024-01-12", "2024-01-12");
            assertEquals(dayCount.get("aggregate").get("count").asLong(), records.get("results").size(), records.get("warnings").toString());
            assertTrue(records.get("results").size() < day);
            assertFalse(records.get("total").get("exact").asBoolean());
            assertEquals(1, records.get("warnings").size(), records.get("warnings").toString());
            JsonNode quiet = count(server, "2024-01-01", "2024-01-05");
            assertEquals(0, quiet.get("warnings").size(), "a range it cannot hold is not warned about: " + quiet);
        }
    }

    @Test
    void twoCopiesOfAnArchiveAreCountedOnce() throws Exception {
        Path store = foreign("copies");
        Path day = store.resolve("dt=2024-01-07");
        Path copy = store.resolve("restored-from-backup").resolve("dt=2024-01-07");
        Files.createDirectories(copy);
        try (var files = Files.list(day)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        try (RewindServer server = start(store, waitingUpTo(Duration.ofMinutes(1)), CatalogHolder.Options.server())) {
            JsonNode week = count(server, "2024-01-05", "2024-01-09");
            assertEquals(errorsOf(LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 9)), week.get("aggregate").get("count").asLong());
            assertTrue(week.get("aggregate").get("exact").asBoolean());
            JsonNode records = TestHttp.query(server, "{\"start_time\":\"2024-01-07\",\"end_time\":\"2024-01-07\","
                    + "\"filters\":{\"level\":\"ERROR\",\"text\":\"declined\"},\"page_size\":10000}");
            List<String> ids = new ArrayList<>();
            records.get("results").forEach(r -> ids.add(r.get("id").asText()));
            assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "every line once");
            assertEquals(records.get("total").get("value").asLong(), ids.size());
            JsonNode archives = TestHttp.get(server, "/api/archives");
            assertEquals(3, archives.get("duplicates").size(), archives.get("duplicates").toString());
            assertTrue(archives.get("duplicates").get(0).get("duplicate_of").asText().contains("dt=2024-01-07"));
        }
    }

    @Test
    void anArchiveChangedInTheMiddleIsIndexedAgain() throws Exception {
        Path store = dir.resolve("changed");
        Path plain = store.resolve("dt=2024-02-01").resolve("app.ndjson");
        Files.createDirectories(plain.getParent());
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 6000; i++) { // ~600 KB: the change below lies far from both ends
            lines.append("{\"timestamp\":\"2024-02-01T0").append(i / 1000).append(":00:").append(String.format("%02d", i % 60))
                    .append(".000Z\",\"level\":\"").append(i == 3000 ? "ERROR" : "INFO").append("\",\"service\":\"api\","
                    + "\"message\":\"request number ").append(String.format("%05d", i)).append(" served\"}\n");
        }
        Files.writeString(plain, lines);
        try (RewindServer server = start(store, waitingUpTo(Duration.ofMinutes(1)), CatalogHolder.Options.server())) {
            assertEquals(1, count(server, "2024-02-01", "2024-02-01").get("aggregate").get("count").asLong());
            // The same length, one word changed in the middle: what the first and last 64 KiB never show.
            String changed = lines.toString().replace("\"level\":\"ERROR\"", "\"level\":\"FATAL\"");
            assertEquals(lines.length(), changed.length());
            Files.writeString(plain, changed);
            Files.setLastModifiedTime(plain, FileTime.from(Instant.now().plusSeconds(2)));
            server.catalog().refresh();
            JsonNode after = count(server, "2024-02-01", "2024-02-01");
            assertEquals(0, after.get("aggregate").get("count").asLong(), after.toString());
            assertTrue(after.get("aggregate").get("exact").asBoolean(), after.toString());
        }
    }

    @Test
    void aLostTaskManagerIsReportedRestoredAndItsQueriesStillAnswer() throws Exception {
        try (RewindServer server = start(samples, waitingUpTo(Duration.ofMinutes(1)), CatalogHolder.Options.server())) {
            EmbeddedJobRunner runner = (EmbeddedJobRunner) server.engine().jobs().started().orElseThrow();
            runner.terminateTaskManager();
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                    + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), health.body());
            assertFalse(JSON.readTree(health.body()).get("parts").get("flink").get("ready").asBoolean(), health.body());
            // A question now needs a job: it waits for the TaskManager to be brought back, and answers.
            JsonNode answer = TestHttp.query(server, "{\"start_time\":\"2024-01-03T00:30:00\",\"end_time\":\"2024-01-05T23:10:00\","
                    + "\"filters\":{\"regex\":\"ERROR|WARN|INFO\"},\"page_size\":5}");
            assertTrue(answer.get("results").size() > 0, answer.toString());
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                    + "/api/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void aMillenniumIsALimitNotAnOutageAndACacheLargerThanItsShareIsRefusedAtStart() throws Exception {
        try (RewindServer server = start(samples, waitingUpTo(Duration.ofMinutes(1)), CatalogHolder.Options.server())) {
            HttpResponse<String> r = post(server, "{\"start_time\":\"1000-01-01\",\"end_time\":\"3000-01-01\","
                    + "\"filters\":{\"level\":\"ERROR\"}}");
            assertEquals(400, r.statusCode(), r.body());
            JsonNode error = JSON.readTree(r.body());
            assertEquals("limit_exceeded", error.get("error").asText());
            assertEquals("end_time", error.get("field").asText());
            assertTrue(error.get("message").asText().contains("max range"), r.body());
            assertEquals(200, post(server, "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-31\"}").statusCode(),
                    "and the server goes on");
        }
        long heap = Runtime.getRuntime().maxMemory();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RewindServer.start(
                ServerConfig.builder().archives(List.of(samples)).port(0).flinkUiPort(0).cacheBytes(heap / 2).build()));
        assertTrue(refused.getMessage().contains("--cache-mb"), refused.getMessage());
    }

    static String read(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
