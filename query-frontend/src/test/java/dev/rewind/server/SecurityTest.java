package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.query.QueryLimits;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import dev.rewind.server.access.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker on the same machine or network meets, over real sockets: no code runs through
 * the Flink UI, every socket is on loopback, tokens guard every call but health, no cross-site
 * request runs, input is strict, limits answer 429 rather than falling over, and the disk and the
 * temp directory stay bounded.
 */
class SecurityTest {
    @TempDir
    static Path dir;

    static Path archives;
    static RewindServer open;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String QUERY_TOKEN = "q-token-0123456789abcdef";
    static final String ADMIN_TOKEN = "a-token-0123456789abcdef";

    @BeforeAll
    static void start() throws Exception {
        archives = dir.resolve("archives");
        new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 1, 400, 9, CodecMode.MIXED)).generate(archives, n -> { });
        // A busier month, long enough to scan that a query over it can be stopped mid-way.
        new SampleGenerator(new SampleSpec(LocalDate.of(2023, 6, 1), 1, 10_000, 6, CodecMode.ZSTD))
                .generate(archives.resolve("busy"), n -> { });
        QueryLimits d = QueryLimits.defaults();
        open = RewindServer.start(ServerConfig.builder().archives(List.of(archives)).port(0).flinkUiPort(0)
                .cacheDir(dir.resolve("cache")).prefetch(false)
                .limits(new QueryLimits(d.maxRange(), d.maxBytes(), d.timeout(), 2, 6, d.indexWait())).build());
    }

    @AfterAll
    static void stop() throws Exception {
        open.close();
    }

    private static RawHttp.Response call(RewindServer server, String method, String path, String token, String body,
                                         String contentType) throws IOException {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return RawHttp.send(server.port(), method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static RawHttp.Response query(RewindServer server, String token, String body) throws IOException {
        return call(server, "POST", "/api/query", token, body, "application/json");
    }

    private static void assertJsonError(RawHttp.Response r, int status, String error, String field) throws IOException {
        assertEquals(status, r.status(), r.body());
        JsonNode e = JSON.readTree(r.body());
        assertEquals(error, e.get("error").asText(), r.body());
        if (field != null) {
            assertEquals(field, e.get("field").asText(), r.body());
        }
        assertTrue(e.has("message"), r.body());
    }

    @Test
    void theFlinkUiRunsNoCodeAndEverySocketOfTheProcessIsOnLoopback() throws Exception {
        int ui = java.net.URI.create(open.flinkUi()).getPort();
        byte[] jar = multipartJar();
        RawHttp.Response upload = RawHttp.send(ui, "POST", "/jars/upload",
                Map.of("Content-Type", "multipart/form-data; boundary=XyZ"), jar);
        assertNotEquals(200, upload.status(), "no jar can be uploaded: " + upload.body());
        assertNotEquals(200, RawHttp.send(ui, "GET", "/jars", Map.of(), null).status(), "there is no jar API at all");
        RawHttp.Response overview = RawHttp.send(ui, "GET", "/overview", Map.of(), null);
        assertEquals(200, overview.status(), "the UI still shows the cluster");
        assertNull(overview.header("Access-Control-Allow-Origin") == null ? null
                : overview.header("Access-Control-Allow-Origin").equals("*") ? "*" : null, "no CORS wildcard");
        // A long query; the Flink REST API cannot cancel it (Rewind can).
        Future<RawHttp.Response> running = Executors.newSingleThreadExecutor().submit(() -> query(open, null,
                "{\"start_time\":\"2023-06-01\",\"end_time\":\"2023-06-30\",\"filters\":{\"regex\":\"(x|y)+zq{4,}\"},\"page_size\":5}"));
        String jobId = awaitRunningJob(ui);
        RawHttp.Response cancel = RawHttp.send(ui, "PATCH", "/jobs/" + jobId + "?mode=cancel", Map.of(), new byte[0]);
        assertEquals(405, cancel.status(), "the REST API cannot cancel jobs: " + cancel.body());
        assertEquals(405, RawHttp.send(ui, "DELETE", "/cluster", Map.of(), null).status(), "nor stop the cluster");
        assertEquals(405, RawHttp.send(ui, "POST", "/jobs/" + jobId + "/savepoints", Map.of("Content-Type",
                "application/json"), "{}".getBytes(StandardCharsets.UTF_8)).status(), "nor take savepoints");
        assertEquals(200, running.get().status(), "the query ran to its end");

        Set<String> listening = listeningAddressesOfThisProcess();
        assertFalse(listening.isEmpty());
        for (String address : listening) {
            assertTrue(address.startsWith("127.") || address.equals("::1") || address.equals("::ffff:127.0.0.1"),
                    "every listening socket on loopback: " + listening);
        }
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RewindServer.start(
                ServerConfig.builder().archives(List.of(archives)).host("0.0.0.0").port(0).flinkUiPort(0).build()));
        assertTrue(refused.getMessage().contains("without tokens"), refused.getMessage());
    }

    private static String awaitRunningJob(int ui) throws Exception {
        for (int i = 0; i < 200; i++) {
            JsonNode jobs = JSON.readTree(RawHttp.send(ui, "GET", "/jobs/overview", Map.of(), null).body()).get("jobs");
            for (JsonNode job : jobs) {
                if (job.get("state").asText().equals("RUNNING")) {
                    return job.get("jid").asText();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no job ran");
    }

    /** A jar with a Main-Class, as an attacker would upload (multipart, boundary XyZ). */
    private static byte[] multipartJar() throws IOException {
        java.io.ByteArrayOutputStream jar = new java.io.ByteArrayOutputStream();
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "Evil");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(jar, manifest)) {
            out.putNextEntry(new java.util.zip.ZipEntry("Evil.class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--XyZ\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"evil.jar\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        body.write(jar.toByteArray());
        body.write("\r\n--XyZ--\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return body.toByteArray();
    }

    /** What {@code ss -ltnp} would show for this process: the local address of each listening TCP socket. */
    static Set<String> listeningAddressesOfThisProcess() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Set<String> out = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A: LISTEN
                    out.add(address(f[1].substring(0, f[1].indexOf(':'))));
                }
            }
        }
        return out;
    }

    private static String address(String hex) throws IOException {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        // /proc writes each 32-bit word in host (little-endian) order
        for (int w = 0; w < b.length; w += 4) {
            byte t0 = b[w];
            byte t1 = b[w + 1];
            b[w] = b[w + 3];
            b[w + 1] = b[w + 2];
            b[w + 2] = t1;
            b[w + 3] = t0;
        }
        String s = java.net.InetAddress.getByAddress(b).getHostAddress();
        return s.equals("0:0:0:0:0:0:0:1") ? "::1" : s.startsWith("0:0:0:0:0:ffff:") ? "::ffff:" + s.substring(15) : s;
    }

    @Test
    void withTokensEveryCallButHealthNeedsOneAndAQueryTokenCannotClearTheCache() throws Exception {
        try (RewindServer guarded = RewindServer.start(ServerConfig.builder().archives(List.of(archives)).port(0)
                .flinkUiPort(0).prefetch(false).tokens(Tokens.of(QUERY_TOKEN, ADMIN_TOKEN, true))
                .corsOrigins(List.of("http://dash.example")).build())) {
            String body = "{\"start_time\":\"2024-01-02\",\"end_time\":\"2024-01-02\",\"aggregate\":{\"type\":\"count\"}}";
            assertEquals(200, call(guarded, "GET", "/api/health", null, null, null).status());
            for (String[] c : List.of(new String[] {"GET", "/api/stats"}, new String[] {"GET", "/api/archives"},
                    new String[] {"GET", "/api/analysis/errors?start_time=2024-01-01&end_time=2024-01-31"},
                    new String[] {"DELETE", "/api/cache"}, new String[] {"DELETE", "/api/query/x"},
                    new String[] {"GET", "/metrics"}, new String[] {"POST", "/api/demo/create-sample-archives"},
                    new String[] {"POST", "/api/admin/refresh"})) {
                RawHttp.Response r = call(guarded, c[0], c[1], null, null, null);
                assertJsonError(r, 401, "unauthorized", "Authorization");
                assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), c[1]);
                assertEquals(401, call(guarded, c[0], c[1], "wrong-token-0123456789", null, null).status(), c[1]);
            }
            assertJsonError(query(guarded, null, body), 401, "unauthorized", "Authorization");
            assertEquals(200, query(guarded, QUERY_TOKEN, body).status());
            assertEquals(200, call(guarded, "GET", "/api/stats", QUERY_TOKEN, null, null).status());
            assertJsonError(call(guarded, "DELETE", "/api/cache", QUERY_TOKEN, null, null), 403, "forbidden", "Authorization");
            assertEquals(403, call(guarded, "GET", "/metrics", QUERY_TOKEN, null, null).status(), "metrics are the admin's here");
            assertEquals(200, call(guarded, "DELETE", "/api/cache", ADMIN_TOKEN, null, null).status());
            assertJsonError(call(guarded, "POST", "/api/admin/refresh", QUERY_TOKEN, null, null), 403, "forbidden",
                    "Authorization");
            RawHttp.Response refreshed = call(guarded, "POST", "/api/admin/refresh", ADMIN_TOKEN, null, null);
            assertEquals(200, refreshed.status(), refreshed.body());
            assertTrue(refreshed.body().contains("\"count\""), refreshed.body());
            assertEquals(200, call(guarded, "GET", "/metrics", ADMIN_TOKEN, null, null).status());
            assertEquals(200, call(guarded, "GET", "/", null, null, null).status(), "the dashboard page loads (it asks for the token)");
            // The configured origin may call from its pages; no other.
            RawHttp.Response preflight = RawHttp.send(guarded.port(), "OPTIONS", "/api/query",
                    Map.of("Origin", "http://dash.example", "Access-Control-Request-Method", "POST"), null);
            assertEquals(204, preflight.status());
            assertEquals("http://dash.example", preflight.header("Access-Control-Allow-Origin"));
            RawHttp.Response evil = RawHttp.send(guarded.port(), "OPTIONS", "/api/query",
                    Map.of("Origin", "http://evil.example", "Access-Control-Request-Method", "POST"), null);
            assertEquals(403, evil.status());
            assertNull(evil.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void onLoopbackWithoutTokensOnlyLocalNamesAreAnsweredAndNoCrossSiteRequestRuns() throws Exception {
        String body = "{\"start_time\":\"2024-01-02\",\"end_time\":\"2024-01-02\",\"aggregate\":{\"type\":\"count\"}}";
        for (String host : List.of("evil.example", "evil.example:" + open.port(), "10.1.2.3")) {
            RawHttp.Response r = RawHttp.send(open.port(), "POST", "/api/query",
                    Map.of("Host", host, "Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
            assertJsonError(r, 403, "forbidden", "Host");
        }
        for (String host : List.of("localhost:" + open.port(), "127.0.0.1:" + open.port(), "[::1]:" + open.port(), "localhost")) {
            assertEquals(200, RawHttp.send(open.port(), "POST", "/api/query", Map.of("Host", host, "Content-Type",
                    "application/json"), body.getBytes(StandardCharsets.UTF_8)).status(), host);
        }
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            assertJsonError(call(open, "POST", "/api/query", null, body, type), 415, "unsupported_media_type", "Content-Type");
        }
        assertJsonError(call(open, "POST", "/api/query", null, body, null), 415, "unsupported_media_type", "Content-Type");
        RawHttp.Response crossSite = RawHttp.send(open.port(), "POST", "/api/query",
                Map.of("Content-Type", "application/json", "Origin", "http://evil.example"), body.getBytes(StandardCharsets.UTF_8));
        assertJsonError(crossSite, 403, "forbidden", "Origin");
        RawHttp.Response read = RawHttp.send(open.port(), "GET", "/api/stats", Map.of("Origin", "http://evil.example"), null);
        assertNull(read.header("Access-Control-Allow-Origin"), "no CORS unless configured");
        RawHttp.Response clear = RawHttp.send(open.port(), "DELETE", "/api/cache", Map.of("Origin", "http://evil.example"), null);
        assertEquals(403, clear.status());
        // The seed's own curl commands, verbatim in spirit: no Origin, a JSON body or none.
        assertEquals(200, call(open, "GET", "/api/stats", null, null, null).status());
    }

    @Test
    void inputIsStrictAndEveryErrorIsTheJsonError() throws Exception {
        String base = "{\"start_time\":\"2024-01-02\",\"end_time\":\"2024-01-03\"";
        assertJsonError(query(open, null, base + "} {\"more\":1}"), 400, "bad_request", "body");
        assertJsonError(query(open, null, base + "} trailing"), 400, "bad_request", "body");
        assertJsonError(query(open, null, base + ",\"aggregate\":{\"type\":\"count\",\"by\":[\"level\"]}}"), 400,
                "bad_request", "aggregate.by");
        assertJsonError(query(open, null, base + ",\"filters\":{\"text\":\"" + "x".repeat(10 << 20) + "\"}}"), 413,
                "payload_too_large", "body");
        assertJsonError(call(open, "GET", "/api/nothing-here", null, null, null), 404, "not_found", null);

        JsonNode first = JSON.readTree(query(open, null, base + ",\"page_size\":3}").body());
        String cursor = first.get("page").get("next_cursor").asText();
        assertEquals(200, query(open, null, base + ",\"page_size\":3,\"cursor\":\"" + cursor + "\"}").status());
        // Move the cursor's time back a day, keep its signature: an edited cursor is refused.
        String payload = new String(Base64.getUrlDecoder().decode(cursor.substring(0, cursor.indexOf('.'))),
                StandardCharsets.UTF_8);
        ObjectNode edited = (ObjectNode) JSON.readTree(payload);
        edited.put("t", "2024-01-02T12:00:00Z");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(edited.toString().getBytes(StandardCharsets.UTF_8))
                + cursor.substring(cursor.indexOf('.'));
        assertJsonError(query(open, null, base + ",\"page_size\":3,\"cursor\":\"" + forged + "\"}"), 400, "bad_request", "cursor");
    }

    @Test
    void twoHundredConcurrentDistinctQueriesAreAnsweredOrToldToComeBackLater() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(200);
        List<Future<RawHttp.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String body = "{\"start_time\":\"2023-06-0" + (1 + i % 9) + "T00:" + String.format("%02d", i % 60)
                    + ":" + String.format("%02d", i / 60) + "\",\"end_time\":\"2023-06-20\",\"filters\":{\"text\":\"declined\"},\"page_size\":5}";
            answers.add(pool.submit(() -> query(open, null, body)));
        }
        int ok = 0;
        int busy = 0;
        for (Future<RawHttp.Response> f : answers) {
            RawHttp.Response r = f.get();
            assertTrue(r.status() == 200 || r.status() == 429, r.status() + " " + r.body());
            if (r.status() == 429) {
                busy++;
                assertJsonError(r, 429, "too_many_requests", null);
                assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
            } else {
                ok++;
            }
        }
        pool.shutdown();
        assertTrue(ok >= 2 && busy > 0, ok + " answered, " + busy + " told to come back");
        assertEquals(200, call(open, "GET", "/api/health", null, null, null).status(), "and the server is healthy");
        assertTrue(JSON.readTree(call(open, "GET", "/api/stats", null, null, null).body()).get("queries").get("rejected")
                .asLong() >= busy);
    }

    @Test
    void aQueryWhoseClientHangsUpIsStoppedEvenWithoutAStream() throws Exception {
        String body = "{\"start_time\":\"2023-06-01\",\"end_time\":\"2023-06-30\",\"filters\":{\"regex\":\"(x|y)+zq{5,}\"},"
                + "\"page_size\":10}";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", open.port())) {
            socket.getOutputStream().write(("POST /api/query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (open.engine().gate().running() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, open.engine().gate().running(), "its job runs");
        } // the client hangs up
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (open.engine().gate().running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, open.engine().gate().running(), "the server noticed and stopped the job");
    }

    @Test
    void wideRequestsLeaveAFewCacheFilesAndClearingSaysWhatItRemoved() throws Exception {
        Path cache = dir.resolve("cache");
        for (String body : List.of(
                "{\"start_time\":\"2023-06-01\",\"end_time\":\"2024-01-31\",\"filters\":{\"level\":\"ERROR\"},\"aggregate\":{\"type\":\"trend\",\"bucket\":\"hour\"}}",
                "{\"start_time\":\"2023-06-01T00:30:00\",\"end_time\":\"2024-01-31T22:10:00\",\"filters\":{\"text\":\"declined\"},\"page_size\":2000}")) {
            assertEquals(200, query(open, null, body).status());
        }
        long files;
        try (Stream<Path> walk = Files.walk(cache)) {
            files = walk.filter(Files::isRegularFile).count();
        }
        assertTrue(files < 20, files + " files for two wide questions (slices of one question are stored together)");
        JsonNode cleared = JSON.readTree(call(open, "DELETE", "/api/cache", null, null, null).body());
        assertTrue(cleared.get("cleared").asBoolean(), cleared.toString());
        assertTrue(cleared.get("files_removed").asInt() > 0, cleared.toString());
        assertEquals(0, cleared.get("files_failed").asInt());
        try (Stream<Path> walk = Files.walk(cache)) {
            assertEquals(0, walk.filter(p -> p.toString().endsWith(".pack")).count(), "every answer file is gone");
        }
    }

    @Test
    void aStopLeavesNothingInTheTempDirectoryAndAKilledProcessLeftoversGoAtTheNextStart() throws Exception {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "rewind-flink");
        Path stale = root.resolve("2147483000-1"); // a process that is not running
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("flink-rpc-akka_x.jar"), "left by a killed process");
        Set<Path> before;
        try (Stream<Path> list = Files.list(root)) {
            before = new HashSet<>(list.toList());
        }
        RewindServer server = RewindServer.start(ServerConfig.builder().archives(List.of(archives)).port(0)
                .flinkUiPort(0).prefetch(false).build());
        assertFalse(Files.exists(stale), "cleaned at start");
        Set<Path> mine;
        try (Stream<Path> list = Files.list(root)) {
            mine = new HashSet<>(list.toList());
        }
        mine.removeAll(before);
        assertEquals(1, mine.size(), "a folder of its own: " + mine);
        server.close();
        assertFalse(Files.exists(mine.iterator().next()), "deleted at a clean stop");
    }
}
