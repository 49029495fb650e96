package dev.rewind.cli;

import static dev.rewind.cli.CliRun.rewind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.cli.CliRun.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.server.EmbeddedS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewind query --archives s3://…} against an S3-compatible server in this JVM (S3Proxy,
 * filesystem store) gives the answers the same files give on local disk, with the S3 file system
 * loaded as a Flink plugin from {@code target/plugins} and the credentials nowhere in what the
 * user sees.
 */
class S3QueryTest {
    private static final String ACCESS = "rewind-test-access";
    private static final String SECRET = "rewind-test-secret-9f3c";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static EmbeddedS3 s3;
    static Path local;

    @BeforeAll
    static void start() throws Exception {
        local = dir.resolve("local");
        Result sample = rewind("sample", "--months", "2", "--lines-per-day", "300", "--seed", "11", "--out",
                local.toString());
        assertEquals(0, sample.code(), sample.err());
        // The bucket holds the same archives, without their sidecars: reading them from S3 indexes them there.
        Path bucket = dir.resolve("s3").resolve("logs").resolve("archive");
        try (Stream<Path> files = Files.walk(local)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".idx") || name.endsWith(".json")) {
                    continue;
                }
                Path target = bucket.resolve(local.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, ACCESS, SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    /** {@code rewind query} over {@code root} with the embedded server's configuration as -D options. */
    private static Result query(String root, String cache, String... rest) {
        List<String> args = new ArrayList<>(List.of("query", "--archives", root, "--cache-dir", cache,
                "--ssd-cache-dir", dir.resolve("ssd").toString(), "--no-cache", "--format", "json",
                "-Ds3.endpoint=" + s3.endpoint(), "-Ds3.path.style.access=true",
                "-Ds3.access-key=" + ACCESS, "-Ds3.secret-key=" + SECRET));
        args.addAll(List.of(rest));
        Result r = rewind(args.toArray(String[]::new));
        assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), "the secret key is never shown");
        return r;
    }

    /** The rows of an answer without where they were read from (a path here, a URI there). */
    private static List<String> rows(JsonNode answer) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : answer.get("results")) {
            rows.add(row.get("id").asText() + " " + row.get("timestamp").asText() + " " + row.get("level").asText()
                    + " " + row.get("service").asText() + " " + row.get("message").asText());
        }
        return rows;
    }

    @Test
    void theSameQuestionsOverS3AnswerAsOverTheSameFilesOnLocalDisk() throws IOException {
        String remote = "s3://logs/archive";
        String[][] questions = {
            {"--from", "2024-01-01", "--to", "2024-02-29", "--level", "ERROR", "--count"},
            {"--from", "2024-01-01", "--to", "2024-02-29", "--level", "ERROR", "--limit", "1000"},
            {"--from", "2024-01-10", "--to", "2024-01-12T12:00:00", "--text", "timeout", "--limit", "200",
                "--order", "asc"},
            {"--from", "2024-02-01", "--to", "2024-02-29", "--level", "WARN,ERROR", "--trend", "day"},
        };
        for (String[] q : questions) {
            Result here = query(local.toString(), dir.resolve("cache-local").toString(), q);
            Result there = query(remote, dir.resolve("cache-s3").toString(), q);
            assertEquals(0, here.code(), here.err());
            assertEquals(0, there.code(), there.err());
            JsonNode a = JSON.readTree(here.out());
            JsonNode b = JSON.readTree(there.out());
            assertEquals(0, b.get("warnings").size(), there.out());
            if (a.has("results") && a.get("results").size() > 0) {
                assertEquals(rows(a), rows(b), String.join(" ", q));
                assertTrue(b.get("results").get(0).get("source").toString().contains("s3://logs/archive/"),
                        "rows say they came from the bucket: " + b.get("results").get(0));
            } else {
                assertEquals(a.get("aggregate"), b.get("aggregate"), String.join(" ", q));
            }
            assertEquals(a.get("total"), b.get("total"), String.join(" ", q));
        }
        // Indexed from the bucket, the sidecars were written beside the objects (the store is writable).
        try (Stream<Path> files = Files.walk(dir.resolve("s3").resolve("logs"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".idx")), "sidecars in the bucket");
        }
    }

    @Test
    void aWrongSecretIsAnErrorThatDoesNotShowIt() {
        String wrong = "not-the-secret-4711";
        Result r = rewind("query", "--archives", "s3://logs/archive", "--cache-dir", dir.resolve("c2").toString(),
                "--ssd-cache-mb", "0", "--from", "2024-01-01", "--to", "2024-01-02", "--count",
                "-Ds3.endpoint=" + s3.endpoint(), "-Ds3.path.style.access=true", "-Ds3.access-key=" + ACCESS,
                "-Ds3.secret-key=" + wrong);
        assertEquals(1, r.code(), r.out() + r.err());
        assertFalse(r.out().contains(wrong) || r.err().contains(wrong), r.err());
        assertTrue(r.err().contains("s3://logs/archive"), "names the root: " + r.err());
    }
}
