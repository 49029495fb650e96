package dev.rewind.cli;

import static dev.rewind.cli.CliRun.rewind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.cli.CliRun.Result;
import dev.rewind.server.EmbeddedS3;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a command finds its S3 settings, as a user's shell gives them: Flink's own
 * {@code $FLINK_CONF_DIR/config.yaml}, {@code -Dkey=value} over it, and {@code AWS_ACCESS_KEY_ID} /
 * {@code AWS_SECRET_ACCESS_KEY} only where no key was given. Each run is a separate process with
 * its own environment (a JVM cannot change its own), and none prints the secret.
 */
class S3ConfigSourcesTest {
    private static final String ACCESS = "sources-access";
    private static final String SECRET = "sources-secret-90210";
    private static final String WRONG = "wrong-secret-31337";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static EmbeddedS3 s3;
    static JsonNode local;

    @BeforeAll
    static void start() throws Exception {
        Path samples = dir.resolve("local");
        Result sample = rewind("sample", "--months", "1", "--lines-per-day", "120", "--seed", "17", "--out",
                samples.toString());
        assertEquals(0, sample.code(), sample.err());
        Path bucket = dir.resolve("s3").resolve("logs").resolve("app");
        try (Stream<Path> files = Files.walk(samples)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getParent().getFileName().toString().startsWith("dt=") && !f.toString().endsWith(".idx")) {
                    Path target = bucket.resolve(samples.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
        s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, ACCESS, SECRET);
        Result here = rewind(question(samples.toString(), "local").toArray(String[]::new));
        assertEquals(0, here.code(), here.err());
        local = JSON.readTree(here.out());
        assertTrue(local.path("aggregate").toString().matches(".*[1-9].*"), "ERROR lines were counted: " + here.out());
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void theSettingsComeFromFlinksConfigFile() throws Exception {
        Path conf = confDir("all", Map.of("s3.endpoint", s3.endpoint(), "s3.path.style.access", "true",
                "s3.access-key", ACCESS, "s3.secret-key", SECRET));
        // Wrong AWS variables beside a file that names the keys: the file's keys are used.
        assertSameAsLocal(run("file", Map.of("FLINK_CONF_DIR", conf.toString(), "AWS_ACCESS_KEY_ID", "nobody",
                "AWS_SECRET_ACCESS_KEY", WRONG)));
    }

    @Test
    void theKeysFallBackToTheAwsVariables() throws Exception {
        Path conf = confDir("endpoint-only", Map.of("s3.endpoint", s3.endpoint(), "s3.path.style.access", "true"));
        assertSameAsLocal(run("aws", Map.of("FLINK_CONF_DIR", conf.toString(), "AWS_ACCESS_KEY_ID", ACCESS,
                "AWS_SECRET_ACCESS_KEY", SECRET)));
    }

    @Test
    void aDashDOptionOverridesTheConfigFile() throws Exception {
        Path conf = confDir("wrong-secret", Map.of("s3.endpoint", s3.endpoint(), "s3.path.style.access", "true",
                "s3.access-key", ACCESS, "s3.secret-key", WRONG));
        ProcessRun wrong = run("file-wrong", Map.of("FLINK_CONF_DIR", conf.toString()));
        assertTrue(wrong.code() != 0, "the file's wrong secret is refused: " + wrong.out());
        assertFalse(wrong.out().contains(WRONG), "not even a wrong secret is shown: " + wrong.out());
        assertSameAsLocal(run("override", Map.of("FLINK_CONF_DIR", conf.toString()), "-Ds3.secret-key=" + SECRET));
    }

    private void assertSameAsLocal(ProcessRun run) throws Exception {
        assertEquals(0, run.code(), run.out());
        assertFalse(run.out().contains(SECRET), "the secret key is never shown");
        String json = run.out().substring(run.out().indexOf('{'));
        JsonNode remote = JSON.readTree(json);
        assertEquals(local.get("total"), remote.get("total"), json);
        assertEquals(local.get("aggregate"), remote.get("aggregate"), json);
    }

    private static List<String> question(String root, String name) {
        return new ArrayList<>(List.of("query", "--archives", root, "--from", "2024-01-01", "--to", "2024-01-31",
                "--level", "ERROR", "--count", "--format", "json", "--no-cache",
                "--cache-dir", dir.resolve("answers-" + name).toString(),
                "--ssd-cache-dir", dir.resolve("ssd-" + name).toString(),
                "--index-dir", dir.resolve("index-" + name).toString()));
    }

    private static Path confDir(String name, Map<String, String> settings) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf-" + name));
        StringBuilder yaml = new StringBuilder();
        settings.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml.toString());
        return conf;
    }

    record ProcessRun(int code, String out) {
    }

    /** {@code rewind query} over the bucket as its own process, in {@code environment}, plus {@code extra} options. */
    private static ProcessRun run(String name, Map<String, String> environment, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", classpath(), RewindCli.class.getName()));
        command.addAll(question("s3://logs/app", name));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("FLINK_"));
        Path home = Files.createDirectories(dir.resolve("home-" + name));
        env.put("HOME", home.toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.putAll(environment);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("rewind query did not end within 2 minutes");
        }
        return new ProcessRun(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** This JVM's classpath (surefire sets {@code java.class.path} to the real one, or names it). */
    private static String classpath() {
        String cp = System.getProperty("java.class.path");
        String[] entries = cp.split(File.pathSeparator);
        if (entries.length == 1 && entries[0].contains("surefirebooter")) {
            cp = System.getProperty("surefire.test.class.path", cp);
        }
        return cp;
    }
}
