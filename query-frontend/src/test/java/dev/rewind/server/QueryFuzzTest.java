package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.query.QueryLimits;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated {@code POST /api/query} bodies, a few thousand per run (fixed seed): well-formed
 * questions, wrong values and types, unknown fields, broken JSON, random bytes, wrong content
 * types, oversized bodies. Whatever arrives, the answer is 200, 400, 413, 415 or 429, every error
 * is the JSON error, and the server is healthy after.
 */
class QueryFuzzTest {
    @TempDir
    static Path dir;

    private static final Set<Integer> ALLOWED = Set.of(200, 400, 413, 415, 429);
    private static final String[] TIMES = {"2024-01-01", "2024-01-31", "2024-01-15T10:00:00", "2024-01-15T10:00:00Z",
        "2024-01-15T10:00:00.123+02:00", "1704067200000", "2024-02-30", "yesterday", "", "2024-13-01", "-1",
        "99999999999999999999", "1000-01-01", "3000-01-01", "2024-01-15 10:00", "2024-01-15T25:00:00"};
    private static final String[] WORDS = {"ERROR", "error", "WARN", "FATAL", "INFO", "EROR", "declined", "timeout",
        "auth", "payments", "(a", ".*", "conn.*refused", "(x|y)+z{3,}", "\\", "\"", "ünïcödé", "", "a b c"};

    @Test
    void whateverIsPostedTheAnswerIsOneOfTheStatusesItShouldBeAndTheServerStaysHealthy() throws Exception {
        Path archives = dir.resolve("archives");
        new SampleGenerator(new SampleSpec(LocalDate.of(2024, 1, 1), 1, 300, 13, CodecMode.MIXED)).generate(archives, n -> { });
        QueryLimits d = QueryLimits.defaults();
        try (RewindServer server = RewindServer.start(ServerConfig.builder().archives(List.of(archives)).port(0)
                .flinkUiPort(0).prefetch(false).limits(new QueryLimits(d.maxRange(), d.maxBytes(), Duration.ofSeconds(30),
                        2, 8, d.indexWait())).build())) {
            Random random = new Random(20261202);
            int n = 3000;
            List<Map.Entry<String, String>> cases = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String type = random.nextInt(40) == 0 ? pick(random, "text/plain", "application/x-www-form-urlencoded")
                        : "application/json";
                cases.add(Map.entry(type, body(random)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            Map<Integer, AtomicInteger> statuses = new TreeMap<>();
            List<Future<String>> outcomes = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (Map.Entry<String, String> c : cases) {
                outcomes.add(pool.submit(() -> {
                    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/query", Map.of("Content-Type", c.getKey()),
                            c.getValue().getBytes(StandardCharsets.UTF_8));
                    synchronized (statuses) {
                        statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                    }
                    if (!ALLOWED.contains(r.status())) {
                        return r.status() + " for " + abbreviate(c.getValue()) + ": " + abbreviate(r.body());
                    }
                    if (r.status() != 200) {
                        JsonNode error = json.readTree(r.body());
                        if (!error.has("error") || !error.has("message")) {
                            return "not the JSON error: " + r.body();
                        }
                    }
                    return null;
                }));
            }
            List<String> wrong = new ArrayList<>();
            for (Future<String> f : outcomes) {
                String problem = f.get();
                if (problem != null) {
                    wrong.add(problem);
                }
            }
            pool.shutdown();
            assertTrue(wrong.isEmpty(), wrong.size() + " wrong answers, e.g. " + wrong.subList(0, Math.min(5, wrong.size())));
            assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() > 100, "some questions were real: " + statuses);
            assertTrue(statuses.getOrDefault(400, new AtomicInteger()).get() > 500, "many were wrong: " + statuses);
            assertEquals(200, RawHttp.send(server.port(), "GET", "/api/health", Map.of(), null).status());
            assertEquals(200, RawHttp.send(server.port(), "POST", "/api/query", Map.of("Content-Type", "application/json"),
                    "{\"start_time\":\"2024-01-02\",\"end_time\":\"2024-01-03\"}".getBytes(StandardCharsets.UTF_8)).status(),
                    "and it still answers: " + statuses);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static String body(Random r) {
        int kind = r.nextInt(20);
        if (kind == 0) {
            byte[] bytes = new byte[r.nextInt(200)];
            r.nextBytes(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (kind == 1) {
            return "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"filters\":{\"text\":\""
                    + "y".repeat((1 << 20) + r.nextInt(1000)) + "\"}}";
        }
        String valid = question(r);
        if (kind < 8) {
            return mutate(valid, r);
        }
        return valid;
    }

    /** A body built from the API's fields, each value right or wrong at random. */
    private static String question(Random r) {
        StringBuilder b = new StringBuilder("{");
        List<String> parts = new ArrayList<>();
        if (r.nextInt(10) > 0) {
            parts.add("\"start_time\":" + value(r, "\"" + pick(r, "2024-01-01", "2024-01-05", "2024-01-10T06:00:00") + "\""));
        }
        if (r.nextInt(10) > 0) {
            parts.add("\"end_time\":" + value(r, "\"" + pick(r, "2024-01-31", "2024-01-12", "2024-01-10T18:30:00Z") + "\""));
        }
        if (r.nextBoolean()) {
            List<String> f = new ArrayList<>();
            if (r.nextBoolean()) {
                f.add("\"level\":" + (r.nextBoolean() ? "\"" + pick(r, WORDS) + "\"" : "[\"ERROR\",\"" + pick(r, WORDS) + "\"]"));
            }
            if (r.nextInt(3) == 0) {
                f.add("\"service\":" + value(r, "\"" + pick(r, "auth", "payments", "orders") + "\""));
            }
            if (r.nextInt(3) == 0) {
                f.add("\"text\":" + value(r, json(pick(r, WORDS))));
            }
            if (r.nextInt(4) == 0) {
                f.add("\"regex\":" + value(r, json(pick(r, WORDS))));
            }
            if (r.nextInt(6) == 0) {
                f.add("\"fields\":" + pick(r, "{\"k\":\"v\"}", "{\"k\":1}", "{\"k\":{}}", "[]", "\"x\""));
            }
            if (r.nextInt(15) == 0) {
                f.add("\"levels\":\"ERROR\"");
            }
            parts.add("\"filters\":{" + String.join(",", f) + "}");
        }
        if (r.nextBoolean()) {
            parts.add("\"page_size\":" + pick(r, "1", "10", "100", "10000", "0", "-5", "10001", "1.5", "\"10\"", "9e99"));
        }
        if (r.nextInt(5) == 0) {
            parts.add("\"order\":" + pick(r, "\"asc\"", "\"desc\"", "\"up\"", "1"));
        }
        if (r.nextInt(5) == 0) {
            parts.add("\"sources\":" + pick(r, "\"auto\"", "\"archive\"", "\"live\"", "\"both\""));
        }
        if (r.nextInt(6) == 0) {
            parts.add("\"cursor\":" + pick(r, "\"abc\"", "\"eyJmIjoiMSJ9.AAAA\"", "null", "5"));
        }
        if (r.nextInt(3) == 0) {
            parts.add("\"aggregate\":" + pick(r, "{\"type\":\"count\"}", "{\"type\":\"trend\",\"bucket\":\"day\"}",
                    "{\"type\":\"trend\",\"bucket\":\"hour\",\"by\":[\"level\",\"service\"]}",
                    "{\"type\":\"patterns\",\"limit\":5}", "{\"type\":\"sum\"}", "{\"type\":\"trend\",\"bucket\":\"year\"}",
                    "{\"type\":\"count\",\"extra\":1}", "{}", "null", "\"count\""));
        }
        if (r.nextInt(25) == 0) {
            parts.add("\"unknown\":1");
        }
        java.util.Collections.shuffle(parts, r);
        b.append(String.join(",", parts)).append("}");
        return b.toString();
    }

    private static String value(Random r, String good) {
        return r.nextInt(6) > 0 ? good : pick(r, "null", "1", "[]", "{}", "true", json(pick(r, TIMES)));
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static final String NOISE = "{}[]\",:0a \\";

    /** A few characters of a body changed, inserted or removed. */
    private static String mutate(String s, Random r) {
        StringBuilder b = new StringBuilder(s);
        for (int k = 1 + r.nextInt(3); k > 0 && b.length() > 0; k--) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(3)) {
                case 0 -> b.setCharAt(at, NOISE.charAt(r.nextInt(NOISE.length())));
                case 1 -> b.insert(at, NOISE.charAt(r.nextInt(NOISE.length())));
                default -> b.deleteCharAt(at);
            }
        }
        return b.toString();
    }
}
