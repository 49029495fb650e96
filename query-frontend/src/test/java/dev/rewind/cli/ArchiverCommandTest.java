package dev.rewind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.job.archiver.ArchiverJob;
import dev.rewind.job.archiver.EmbeddedArchiver;
import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.job.live.LiveProducer;
import dev.rewind.stats.ArchiverStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rewind archiver}: its options, and its throughput and lag as Prometheus metrics. */
class ArchiverCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBadSettingIsNamedAndNothingStarts() {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = RewindCli.run("archiver", "--kafka", "localhost:1", "--topic", "logs", "--to", dir.toString(),
                    "--roll-interval", "7m");
        } finally {
            System.setErr(oldErr);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, message);
        assertTrue(message.contains("--roll-interval") && message.contains("divide a day"), message);
    }

    /**
     * Presto's S3 file system (what queries read {@code s3://} with) has no recoverable writer: the
     * archiver refuses it before anything starts, naming the scheme and the {@code s3a://} URI that
     * writes the same objects; a scheme no plugin serves is named too.
     */
    @Test
    void aTargetThatCannotBeWrittenExactlyOnceIsRefusedAtStart() {
        try {
            for (String scheme : List.of("s3", "s3p")) {
                String message = refused("--to", scheme + "://logs/live", "-Ds3.endpoint=http://127.0.0.1:1",
                        "-Ds3.access-key=refused-access", "-Ds3.secret-key=refused-secret-5d1e");
                assertTrue(message.contains("'" + scheme + "'") && message.contains("no recoverable writer")
                        && message.contains("s3a://logs/live") && message.contains("s3://logs/live"), message);
                assertFalse(message.contains("refused-secret-5d1e"), message);
            }
            String unknown = refused("--to", "nosuchfs://logs/live");
            assertTrue(unknown.contains("no file system for scheme 'nosuchfs'"), unknown);
        } finally {
            try {
                Storages.configure(StorageSettings.localOnly());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static String refused(String... more) {
        List<String> args = new ArrayList<>(List.of("archiver", "--kafka", "localhost:1", "--topic", "logs",
                "--metrics-port", "-1"));
        args.addAll(List.of(more));
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = RewindCli.run(args.toArray(String[]::new));
        } finally {
            System.setErr(oldErr);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, message);
        return message;
    }

    @Test
    void prometheusMetricsShowWhatIsCommittedAndTheLag() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers())) {
            kafka.createTopic("logs", 1);
            send(producer, t, 0, 200);
            ArchiverJob job = ArchiverJob.builder().bootstrapServers(kafka.bootstrapServers()).topic("logs")
                    .target(dir.toString()).rollInterval(Duration.ofSeconds(1)).checkpointInterval(Duration.ofMillis(200)).build();
            try (EmbeddedArchiver archiver = EmbeddedArchiver.start(job, null); ArchiverStats stats = new ArchiverStats(archiver)) {
                HttpServer server = ArchiverCommand.serveMetrics(stats, 0);
                try {
                    URI metrics = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
                    awaitMetrics(metrics, m -> m.contains("rewind_archiver_lines_committed_total 200.0")
                            && m.contains("rewind_archiver_lag_lines 0.0") && m.contains("rewind_archiver_lines_in_total 200.0"));
                    archiver.stop(); // nothing archived from now on: the lag grows with every line sent
                    send(producer, t, 200, 250);
                    String text = awaitMetrics(metrics, m -> m.contains("rewind_archiver_lag_lines 50.0"));
                    assertTrue(text.contains("rewind_archiver_archives_committed_total"), text);
                    assertTrue(text.contains("rewind_archiver_last_commit_seconds"), text);
                } finally {
                    server.stop(0);
                }
            }
        }
    }

    private static void send(LiveProducer producer, Instant t, int from, int to) {
        for (int i = from; i < to; i++) {
            Instant at = t.plusMillis(i * 10L);
            producer.send("logs", at, "{\"timestamp\":\"" + at + "\",\"level\":\"INFO\",\"message\":\"line " + i + "\"}");
        }
    }

    private static String awaitMetrics(URI uri, Predicate<String> condition) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            text = r.body();
            if (condition.test(text)) {
                return text;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("metrics never showed what was expected:\n" + text);
    }
}
