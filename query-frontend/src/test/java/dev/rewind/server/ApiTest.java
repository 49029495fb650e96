package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.GroundTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API over a real socket: real server, MiniCluster, KRaft broker, sample archives. */
class ApiTest {
    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static RewindServer server;
    static GroundTruth truth;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        Path archives = dir.resolve("archives");
        truth = new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 1, 600, 5, CodecMode.MIXED))
                .generate(archives, n -> { });
        // A busier month, long enough to scan that a query over it can be cancelled mid-way.
        new SampleGenerator(new SampleSpec(LocalDate.of(2023, 6, 1), 1, 10_000, 6, CodecMode.ZSTD))
                .generate(archives.resolve("busy"), n -> { });
        kafka = EmbeddedKafka.start();
        kafka.createTopic("logs", 1);
        server = RewindServer.start(ServerConfig.builder().archives(List.of(archives))
                .live(kafka.bootstrapServers(), "logs").port(0).flinkUiPort(0).cacheBytes(64L << 20).prefetch(false).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        kafka.close();
    }

    static HttpResponse<String> post(String path, String body, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode query(String body) throws Exception {
        HttpResponse<String> r = post("/api/query", body, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static long errorsInJanuary() {
        return truth.days().stream().mapToLong(d -> d.levels().get(dev.rewind.connectors.record.Level.ERROR)).sum();
    }

    @Test
    void pagesResumeExactlyAfterTheCursorWithNoRepeatsAndNoGaps() throws Exception {
        String base = "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-31\",\"filters\":{\"level\":\"ERROR\"}";
        JsonNode all = query(base + ",\"page_size\":10000}");
        List<String> expected = new ArrayList<>();
        all.get("results").forEach(r -> expected.add(r.get("id").asText()));
        assertEquals(errorsInJanuary(), expected.size());
        assertEquals(errorsInJanuary(), all.get("total").get("value").asLong());
        assertFalse(all.get("page").get("has_more").asBoolean());

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = query(base + ",\"page_size\":97" + (cursor == null ? "" : ",\"cursor\":\"" + cursor + "\"") + "}");
            page.get("results").forEach(r -> paged.add(r.get("id").asText()));
            cursor = page.get("page").get("next_cursor").isNull() ? null : page.get("page").get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 1000);
        assertEquals(expected, paged, "same rows, same order, across " + pages + " pages");
        assertEquals(new HashSet<>(paged).size(), paged.size(), "no repeats");
    }

    @Test
    void aRepeatedQueryIsACacheHitAndStatsSayIt() throws Exception {
        String body = "{\"start_time\":\"2024-01-10\",\"end_time\":\"2024-01-20\",\"filters\":{\"level\":[\"WARN\",\"ERROR\"],"
                + "\"text\":\"payment\"},\"page_size\":50}";
        JsonNode first = query(body);
        assertFalse(first.get("stats").get("cache").get("hit").asBoolean());
        JsonNode second = query(body);
        assertTrue(second.get("stats").get("cache").get("hit").asBoolean());
        assertEquals(first.get("results"), second.get("results"));
        JsonNode stats = JSON.readTree(get("/api/stats").body());
        assertTrue(stats.get("cache").get("hit_rate").asDouble() > 0);
        assertTrue(stats.get("cache").get("tiers").get("memory").get("hits").asLong() >= 1);
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/api/cache"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertFalse(query(body).get("stats").get("cache").get("hit").asBoolean(), "DELETE /api/cache emptied it");
    }

    @Test
    void countsAndTrendsOverWholeHoursComeFromTheSidecars() throws Exception {
        JsonNode count = query("{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-31\",\"filters\":{\"level\":\"ERROR\"},"
                + "\"aggregate\":{\"type\":\"count\"}}");
        assertEquals(errorsInJanuary(), count.get("aggregate").get("count").asLong());
        assertEquals("metadata", count.get("plan").get("sources").get(0).asText());
        JsonNode trend = query("{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-31\",\"filters\":{\"level\":\"ERROR\"},"
                + "\"aggregate\":{\"type\":\"trend\",\"bucket\":\"day\",\"by\":[\"level\"]}}");
        JsonNode points = trend.get("aggregate").get("series").get(0).get("points");
        assertEquals(31, points.size());
        assertEquals(truth.days().get(9).levels().get(dev.rewind.connectors.record.Level.ERROR).longValue(),
                points.get(9).get("count").asLong());
        JsonNode scanned = query("{\"start_time\":\"2024-01-01T00:30:00\",\"end_time\":\"2024-01-31\",\"filters\":{\"level\":\"ERROR\"},"
                + "\"aggregate\":{\"type\":\"count\"}}");
        assertEquals("archive", scanned.get("plan").get("sources").get(0).asText(), "not on an hour: scanned");
    }

    @Test
    void errorAnalysisFindsTheIncidentSpikesAndTheirTypes() throws Exception {
        HttpResponse<String> r = get("/api/analysis/errors?start_time=2024-01-01&end_time=2024-01-31&bucket=day");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode report = JSON.readTree(r.body());
        assertEquals(31, report.get("buckets").size());
        Set<String> spikeDays = new HashSet<>();
        report.get("spikes").forEach(s -> spikeDays.add(s.get("bucket").asText().substring(0, 10)));
        for (var incident : truth.incidents()) {
            String day = incident.day().toString();
            assertTrue(spikeDays.contains(day), "incident on " + day + " is a spike: " + spikeDays + " totals "
                    + report.get("totals") + " incidents " + truth.incidents());
            JsonNode spike = null;
            for (JsonNode s : report.get("spikes")) {
                if (s.get("bucket").asText().startsWith(day)) {
                    spike = s;
                }
            }
            assertEquals(incident.template(), spike.get("drivers").get(0).get("template").asText(),
                    "the incident's own error type drove the spike on " + day);
        }
        assertTrue(spikeDays.size() <= truth.incidents().size() + 1, "few false spikes: " + spikeDays);
        JsonNode top = report.get("types").get(0);
        assertTrue(top.has("series") && top.get("series").size() == 31 && top.has("new") && top.has("first_seen"));
        long errorsFromTrend = 0;
        for (JsonNode n : report.get("trend").get("ERROR")) {
            errorsFromTrend += n.asLong();
        }
        assertEquals(errorsInJanuary(), errorsFromTrend);
        assertEquals(400, get("/api/analysis/errors?start_time=2024-01-01&end_time=2024-01-31&bucket=year").statusCode());
    }

    @Test
    void theGeneratorsErrorTemplatesAreTheTopTypesWithExactCounts() throws Exception {
        java.util.Map<String, Long> generated = new java.util.HashMap<>();
        truth.days().stream().filter(d -> d.day().getMonthValue() == 1)
                .forEach(d -> d.errorTemplates().forEach((t, n) -> generated.merge(t, n, Long::sum)));
        HttpResponse<String> r = get("/api/analysis/errors?start_time=2024-01-01&end_time=2024-01-31&bucket=day"
                + "&level=WARN,ERROR,FATAL&top=100");
        assertEquals(200, r.statusCode(), r.body());
        java.util.Map<String, Long> found = new java.util.LinkedHashMap<>();
        JSON.readTree(r.body()).get("types").forEach(t -> found.put(t.get("template").asText(), t.get("count").asLong()));
        assertTrue(generated.size() > 10, "the sample has many templates: " + generated.size());
        assertEquals(generated, found, "every generated WARN+ template, with its exact count, and nothing else");
        List<Long> counts = new java.util.ArrayList<>(found.values());
        assertEquals(counts.stream().sorted(java.util.Comparator.reverseOrder()).toList(), counts, "ranked by count");
    }

    @Test
    void ndjsonStreamsProgressRowsAndDone() throws Exception {
        HttpResponse<String> r = post("/api/query", "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-31\","
                + "\"filters\":{\"level\":\"FATAL\"},\"page_size\":20,\"order\":\"asc\"}", "application/x-ndjson");
        assertEquals(200, r.statusCode());
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            events.add(JSON.readTree(line));
        }
        Set<String> types = new HashSet<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        assertTrue(types.containsAll(Set.of("progress", "rows", "done")), types.toString());
        JsonNode done = events.get(events.size() - 1);
        assertEquals("done", done.get("type").asText());
        assertEquals(20, done.get("answer").get("results").size());
        assertTrue(events.stream().anyMatch(e -> e.has("progress") && e.get("progress").get("splits_total").asInt() > 0));
    }

    @Test
    void catalogHealthMetricsAndManyConcurrentStats() throws Exception {
        JsonNode archives = JSON.readTree(get("/api/archives").body());
        assertEquals(31 + 30, archives.get("count").asInt());
        JsonNode first = archives.get("archives").get(0);
        assertTrue(first.has("codec") && first.has("ratio") && first.has("min_ts") && first.has("levels"), first.toString());
        HttpResponse<String> health = get("/api/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(JSON.readTree(health.body()).get("parts").get("kafka").get("ready").asBoolean(), health.body());
        assertTrue(get("/metrics").body().contains("rewind_query_latency"));
        long t0 = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/api/stats"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get().statusCode());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 5, "50 concurrent stats within 5 s");
        assertEquals(404, post("/api/demo/create-sample-archives", "", null).statusCode(), "not in demo mode");
    }

    @Test
    void aClientThatGoesAwayStopsItsJob() throws Exception {
        // The dashboard's cancel: it closes its stream and sends DELETE at once; either way the job stops.
        String body = "{\"start_time\":\"2023-06-01\",\"end_time\":\"2023-06-30\",\"filters\":{\"regex\":"
                + "\"(x|y)+zq{3,}\"},\"page_size\":10}";
        java.net.Socket socket = new java.net.Socket("localhost", server.port());
        socket.getOutputStream().write(("POST /api/query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Accept: application/x-ndjson\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        String queryId = null;
        for (String line; queryId == null && (line = in.readLine()) != null; ) {
            int at = line.indexOf("\"job_id\":\"");
            if (at >= 0) {
                int id = line.indexOf("\"query_id\":\"") + 12;
                queryId = line.substring(id, line.indexOf('"', id));
            }
        }
        assertTrue(queryId != null, "the stream named the query and its job");
        socket.close(); // the client goes away mid-scan
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (server.engine().gate().running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, server.engine().gate().running(), "the server noticed and let the job go");
        HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                + "/api/query/" + queryId)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, cancel.statusCode(), "a DELETE just after the stream closed confirms the stop: " + cancel.body());
        String jobs = HTTP.send(HttpRequest.newBuilder(URI.create(server.flinkUi().replaceAll("/+$", "") + "/jobs/overview"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while ((jobs.contains("\"RUNNING\"") || jobs.contains("\"CANCELLING\"")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            jobs = HTTP.send(HttpRequest.newBuilder(URI.create(server.flinkUi().replaceAll("/+$", "") + "/jobs/overview"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        assertFalse(jobs.contains("\"RUNNING\""), "no job is left running: " + jobs);
        assertTrue(jobs.contains("\"CANCELED\""), jobs);
    }

    @Test
    void aRunningQueryCanBeCancelledByItsId() throws Exception {
        // A regex that matches nothing: the job reads every frame, long enough to be cancelled.
        String body = "{\"start_time\":\"2023-06-01\",\"end_time\":\"2023-06-30\",\"filters\":{\"regex\":"
                + "\"(x|y)+zq{2,}\"},\"page_size\":10}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/api/query"))
                .header("Content-Type", "application/json").header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<java.util.stream.Stream<String>> stream = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        java.util.Iterator<String> lines = stream.body().iterator();
        String queryId = null;
        while (queryId == null && lines.hasNext()) {
            JsonNode event = JSON.readTree(lines.next());
            if (event.get("type").asText().equals("progress") && !event.get("progress").get("job_id").isNull()) {
                queryId = event.get("progress").get("query_id").asText();
            }
        }
        assertTrue(queryId != null, "a progress event names the query and its job");
        HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                + "/api/query/" + queryId)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode done = null;
        while (lines.hasNext()) {
            JsonNode event = JSON.readTree(lines.next());
            if (event.get("type").asText().equals("done")) {
                done = event.get("answer");
            }
        }
        assertEquals(200, cancel.statusCode(), cancel.body());
        assertFalse(done.get("total").get("exact").asBoolean(), "a cancelled answer is partial");
        assertTrue(done.get("warnings").toString().contains("cancelled"), done.get("warnings").toString());
        assertTrue(done.get("stats").get("splits_done").asInt() < done.get("stats").get("splits_total").asInt());
        assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                + "/api/query/no-such-query")).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"start_time\":\"2024-02-01\",\"end_time\":\"2024-01-01\"}|end_time",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"filters\":{\"level\":\"LOUD\"}}|filters.level",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"page_size\":0}|page_size",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"page_size\":100000}|page_size",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"cursor\":\"not-a-cursor\"}|cursor",
            "{\"start_time\":\"2024-01-01\", \"end_time\":|body",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"filters\":{\"regex\":\"([a-z\"}}|filters.regex"})
    void badRequestsAre400sNamingTheField(String body, String field) throws Exception {
        HttpResponse<String> r = post("/api/query", body, null);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = JSON.readTree(r.body());
        assertEquals(field, error.get("field").asText());
        assertEquals("bad_request", error.get("error").asText());
        assertFalse(error.get("message").asText().isBlank());
    }

    @Test
    void aBodyOverOneMebibyteIsRefused() throws Exception {
        String padding = "x".repeat((1 << 20) + 10);
        HttpResponse<String> r = post("/api/query", "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\","
                + "\"filters\":{\"text\":\"" + padding + "\"}}", null);
        assertEquals(413, r.statusCode(), "payload too large, and said in the API's own JSON error");
        JsonNode error = JSON.readTree(r.body());
        assertEquals("payload_too_large", error.get("error").asText());
        assertEquals("body", error.get("field").asText());
    }
}
