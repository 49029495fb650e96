package dev.rewind.cli;

import static dev.rewind.cli.CliRun.rewind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.cli.CliRun.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user types them: archive, index, inspect, sample. */
class CliTest {
    @TempDir
    Path dir;

    private static Path loghub(String set) {
        return Path.of(System.getProperty("rewind.shared", "../../shared"), "loghub", set, set + "_2k.log");
    }

    @Test
    void archiveThenInspectJson() throws Exception {
        Result archived = rewind("archive", "--codec", "zstd", "--format", "zookeeper", "--frame-size", "65536",
                "--out", dir.toString(), loghub("Zookeeper").toString());
        assertEquals(0, archived.code(), archived.err());
        Path archive = dir.resolve("Zookeeper_2k.log.zst");
        assertTrue(Files.exists(archive) && Files.exists(dir.resolve("Zookeeper_2k.log.zst.idx")));

        Result inspected = rewind("inspect", "--json", archive.toString());
        assertEquals(0, inspected.code(), inspected.err());
        JsonNode json = new ObjectMapper().readTree(inspected.out());
        assertEquals("zstd", json.get("codec").asText());
        assertEquals(2000, json.get("lines").asLong());
        assertTrue(json.get("frames").asInt() > 1, inspected.out());
        assertEquals(Files.size(archive), json.get("compressed_bytes").asLong());
        assertEquals(Files.size(loghub("Zookeeper")), json.get("raw_bytes").asLong());
        assertEquals("2015-07-29T17:41:44.747Z", json.get("min_ts").asText());
        long levelSum = 0;
        for (JsonNode count : json.get("levels")) {
            levelSum += count.asLong();
        }
        assertEquals(2000, levelSum);
        assertTrue(json.get("levels").get("WARN").asLong() > 0);
    }

    @Test
    void indexingACutArchiveKeepsWhatIsReadableAndSaysWhere() throws Exception {
        Path store = dir.resolve("cut-store");
        Files.createDirectories(store);
        Path gz = store.resolve("apache.log.gz");
        Process gzip = new ProcessBuilder("gzip", "-c").redirectInput(loghub("Apache").toFile())
                .redirectOutput(gz.toFile()).start();
        assertEquals(0, gzip.waitFor());
        byte[] whole = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
        Result indexed = rewind("index", "--index-dir", dir.resolve("cut-idx").toString(), store.toString());
        assertEquals(0, indexed.code(), "indexed with what is readable: " + indexed.err());
        assertTrue(indexed.err().contains(gz + ": damaged at byte "), indexed.err());
        assertTrue(indexed.out().contains("indexed 1, already current 0, failed 0, damaged 1"), indexed.out());
        Result inspected = rewind("inspect", "--json", "--index-dir", dir.resolve("cut-idx").toString(), gz.toString());
        long lines = new ObjectMapper().readTree(inspected.out()).get("lines").asLong();
        assertTrue(lines > 0 && lines < 2000, "the lines before the cut: " + lines);
    }

    @Test
    void indexForeignArchivesIntoAnIndexDirThenInspectThem() throws Exception {
        Path store = dir.resolve("store").resolve("dt=2005-12-04");
        Files.createDirectories(store);
        Path gz = store.resolve("apache.log.gz");
        Process gzip = new ProcessBuilder("gzip", "-c").redirectInput(loghub("Apache").toFile())
                .redirectOutput(gz.toFile()).start();
        assertEquals(0, gzip.waitFor());
        Path indexDir = dir.resolve("idx");

        // A query's first look at the store leaves the lean sidecar (no token index); `rewind index` completes it.
        Result counted = rewind("query", "--archives", store.toString(), "--index-dir", indexDir.toString(), "--cache-dir",
                dir.resolve("cache").toString(), "--from", "2005-12-01", "--to", "2005-12-31", "--count");
        assertEquals(0, counted.code(), counted.err());
        Result lean = rewind("inspect", "--json", "--index-dir", indexDir.toString(), gz.toString());
        assertFalse(new ObjectMapper().readTree(lean.out()).get("tokens_indexed").asBoolean(), lean.out());
        Result indexed = rewind("index", "--index-dir", indexDir.toString(), dir.resolve("store").toString());
        assertEquals(0, indexed.code(), indexed.err());
        assertTrue(indexed.out().contains("indexed 1, already current 0, failed 0"), indexed.out());
        Result again = rewind("index", "--index-dir", indexDir.toString(), dir.resolve("store").toString());
        assertTrue(again.out().contains("indexed 0, already current 1"), "a current sidecar is not redone: " + again.out());

        Result inspected = rewind("inspect", "--json", "--index-dir", indexDir.toString(), gz.toString());
        assertEquals(0, inspected.code(), inspected.err());
        JsonNode json = new ObjectMapper().readTree(inspected.out());
        assertTrue(json.get("tokens_indexed").asBoolean(), inspected.out());
        assertEquals("gzip", json.get("codec").asText());
        assertEquals("2005-12-04", json.get("path_date").asText());
        assertEquals(2000, json.get("lines").asLong());
        assertEquals(0, json.get("unparsed").asLong());
    }

    @Test
    void errorsNameWhatIsWrong() {
        Result badCodec = rewind("archive", "--codec", "brotli", "--out", dir.toString(), loghub("HDFS").toString());
        assertEquals(1, badCodec.code());
        assertTrue(badCodec.err().contains("unknown codec 'brotli'"), badCodec.err());
        Result noSidecar = rewind("inspect", loghub("HDFS").toString());
        assertEquals(1, noSidecar.code());
        assertTrue(noSidecar.err().contains("no sidecar index for"), noSidecar.err());
        Result usage = rewind("archive", "--out", dir.toString());
        assertEquals(2, usage.code(), "missing required options is a usage error");
    }

    @Test
    void queryPrintsTheHttpAnswerShapeAndAgreesWithTheGroundTruth() throws Exception {
        Path data = dir.resolve("data");
        assertEquals(0, rewind("sample", "--months", "1", "--lines-per-day", "400", "--seed", "3", "--out",
                data.toString()).code());
        JsonNode truth = new ObjectMapper().readTree(data.resolve("ground-truth.json").toFile());
        long errors = 0;
        for (JsonNode day : truth.get("days")) {
            errors += day.get("levels").get("ERROR").asLong();
        }
        Result count = rewind("query", "--archives", data.toString(), "--from", "2024-01-01", "--to", "2024-01-31",
                "--level", "ERROR", "--count", "--format", "json");
        assertEquals(0, count.code(), count.err());
        JsonNode answer = new ObjectMapper().readTree(count.out());
        assertEquals("count", answer.get("aggregate").get("type").asText());
        assertEquals(errors, answer.get("aggregate").get("count").asLong());

        Result records = rewind("query", "--archives", data.toString(), "--from", "2024-01-01", "--to", "2024-01-31",
                "--level", "ERROR", "--limit", "7", "--format", "json");
        assertEquals(0, records.code(), records.err());
        JsonNode page = new ObjectMapper().readTree(records.out());
        assertEquals(7, page.get("results").size());
        for (String field : List.of("query_id", "results", "page", "total", "plan", "stats", "warnings")) {
            assertTrue(page.has(field), field + " in " + records.out());
        }
        JsonNode first = page.get("results").get(0);
        for (String field : List.of("id", "timestamp", "level", "service", "host", "message", "fields", "source")) {
            assertTrue(first.has(field), field + " in " + first);
        }
        assertEquals("archive", first.get("source").get("kind").asText());
        assertTrue(page.get("page").get("has_more").asBoolean());
        assertTrue(page.get("plan").get("frames").get("total").asLong() > 0);
        assertTrue(first.get("timestamp").asText().startsWith("2024-01-31"), "newest first: " + first);

        Result bad = rewind("query", "--archives", data.toString(), "--from", "2024-02-01", "--to", "2024-01-01");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--to: is before --from"), "named as the person typed it: " + bad.err());
    }

    @Test
    void sampleWritesArchivesInAllThreeCodecs() throws Exception {
        Result sample = rewind("sample", "--months", "1", "--lines-per-day", "300", "--seed", "7",
                "--out", dir.toString());
        assertEquals(0, sample.code(), sample.err());
        assertTrue(Files.exists(dir.resolve("ground-truth.json")));
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            for (String ext : List.of(".gz", ".zst", ".lz4")) {
                assertTrue(names.stream().anyMatch(n -> n.endsWith(ext)), "an archive ending in " + ext);
            }
            assertEquals(31, names.stream().filter(n -> n.endsWith(".idx")).count(), "one sidecar per day of January");
        }
    }
    @Test
    void countsAndTrendsTheSidecarsHoldAreAnsweredWithoutAJobAndPatternsTakeTop() throws Exception {
        Path data = dir.resolve("months");
        assertEquals(0, rewind("sample", "--months", "2", "--lines-per-day", "300", "--seed", "8", "--out",
                data.toString()).code());
        String cache = dir.resolve("cache").toString();
        for (String[] aggregate : List.of(new String[] {"--count"}, new String[] {"--trend", "day"})) {
            List<String> args = new java.util.ArrayList<>(List.of("query", "--archives", data.toString(), "--cache-dir",
                    cache, "--from", "2024-01-01", "--to", "2024-02-29", "--level", "ERROR", "--format", "json"));
            args.addAll(List.of(aggregate));
            Result r = rewind(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            JsonNode answer = new ObjectMapper().readTree(r.out());
            assertEquals(List.of("metadata"), names(answer.get("plan").get("sources")), r.out());
            assertFalse(answer.get("stats").has("job_id"), "no Flink job ran: " + r.out());
        }
        Result top = rewind("query", "--archives", data.toString(), "--cache-dir", cache, "--from", "2024-01-01",
                "--to", "2024-02-29", "--level", "WARN,ERROR,FATAL", "--patterns", "--top", "3", "--format", "json");
        assertEquals(0, top.code(), top.err());
        JsonNode patterns = new ObjectMapper().readTree(top.out());
        assertEquals(3, patterns.get("aggregate").get("patterns").size(), top.out());
        assertEquals(List.of("metadata"), names(patterns.get("plan").get("sources")), "error types from the sidecars");
    }

    @Test
    void aNeedleSearchedTwiceOverForeignArchivesSkipsFramesByTokenTheSecondTime() throws Exception {
        Path data = dir.resolve("samples");
        assertEquals(0, rewind("sample", "--months", "1", "--lines-per-day", "300", "--seed", "5", "--codec", "zstd",
                "--out", data.toString()).code());
        Path store = dir.resolve("foreign");
        try (Stream<Path> days = Files.list(data)) {
            for (Path day : days.filter(p -> p.getFileName().toString().startsWith("dt=")).toList()) {
                Path archive;
                try (Stream<Path> files = Files.list(day)) {
                    archive = files.filter(p -> p.toString().endsWith(".zst")).findFirst().orElseThrow();
                }
                Path target = store.resolve(day.getFileName()).resolve("app.ndjson.gz");
                Files.createDirectories(target.getParent());
                Process p = new ProcessBuilder("sh", "-c", "zstd -dcq \"$0\" | gzip -c > \"$1\"", archive.toString(),
                        target.toString()).start(); // as another tool would have written it: one gzip member, no sidecar
                assertEquals(0, p.waitFor());
            }
        }
        String[] needle = {"query", "--archives", store.toString(), "--cache-dir", dir.resolve("c").toString(), "--from",
            "2024-01-01", "--to", "2024-01-31", "--text", "zq9needle", "--format", "json", "--no-cache"};
        JsonNode first = new ObjectMapper().readTree(rewind(needle).out());
        assertEquals(0, first.get("plan").get("frames").get("skipped_by").get("token").asLong(),
                "the first look has no token index yet: " + first.get("plan"));
        JsonNode second = new ObjectMapper().readTree(rewind(needle).out());
        long frames = second.get("plan").get("frames").get("total").asLong();
        // Bloom filters answer "maybe" for a few frames (5% false positives by design).
        assertTrue(second.get("plan").get("frames").get("skipped_by").get("token").asLong() >= frames * 8 / 10,
                "the first scan left every archive fully indexed: " + second.get("plan"));
        assertEquals(first.get("total"), second.get("total"));
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
