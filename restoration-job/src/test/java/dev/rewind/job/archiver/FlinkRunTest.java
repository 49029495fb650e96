package dev.rewind.job.archiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.job.live.LiveProducer;
import dev.rewind.job.runner.JobJar;
import dev.rewind.job.runner.StandaloneCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flink run} of {@code rewind-job.jar} on a standalone cluster that has Flink's jars only
 * ({@link StandaloneCluster}): Flink's own command line ({@code CliFrontend}, its own process)
 * submits the archiver ({@link ArchiverJob#main}) against a real KRaft broker in this JVM, and its
 * archives hold each produced line exactly once with sidecars that count them; then the query
 * program of the same jar ({@code dev.rewind.job.cluster.QueryJob}) answers over those archives.
 * The archiver also runs through the REST API ({@code /jars/upload}, {@code /jars/:id/run}).
 */
class FlinkRunTest {
    private static final int LINES = 2000;
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static StandaloneCluster cluster;
    static Path jar;

    @BeforeAll
    static void start() throws Exception {
        jar = JobJar.locate(null, FlinkRunTest.class);
        kafka = EmbeddedKafka.start();
        cluster = StandaloneCluster.start(dir.resolve("cluster"), new StandaloneCluster.Options(1, 2, Map.of(), null));
    }

    @AfterAll
    static void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    @Test
    void flinkRunOfTheJobJarArchivesTheTopicExactlyOnceAndQueriesIt() throws Exception {
        Path target = dir.resolve("archives");
        LiveLines lines = new LiveLines(LINES, 21);
        kafka.createTopic("flinkrun", 2);
            try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers())) {
                lines.send(producer, "flinkrun", 2, 0, LINES);
            }

            StandaloneCluster.CliResult archiver = cluster.flink(CLI_TIMEOUT, "run", "-m", "localhost:" + cluster.restPort(),
                    "-c", ArchiverJob.class.getName(), jar.toString(),
                    "--kafka", kafka.bootstrapServers(), "--topic", "flinkrun", "--to", target.toString(),
                    "--roll-interval", "1s", "--checkpoint-interval", "500ms", "--source-parallelism", "2",
                    "--stop-at-end");
            assertEquals(0, archiver.exitCode(), "flink run of the archiver:\n" + archiver.output() + cluster.logs());
            ArchivedLines.read(target).assertExactlyOnce(lines.ids);

            String from = lines.times.stream().min(Instant::compareTo).orElseThrow().minus(1, ChronoUnit.HOURS).toString();
            String to = lines.times.stream().max(Instant::compareTo).orElseThrow().plus(1, ChronoUnit.HOURS).toString();
            List<JsonNode> count = query(cluster, jar, "--archives", target.toString(), "--from", from, "--to", to,
                    "--count");
            assertEquals(LINES, count.get(0).get("count").asLong(), "the count over the archives: " + count);
            assertTrue(summary(count).get("complete").asBoolean(), count.toString());

            List<JsonNode> found = query(cluster, jar, "--archives", target.toString(), "--from", from, "--to", to,
                    "--text", "request 123 took", "--limit", "10");
            assertEquals(2, found.size(), "one line and the summary: " + found);
            assertEquals(lines.times.get(123).toString(), found.get(0).get("timestamp").asText(), found.toString());
            assertTrue(found.get(0).get("message").asText().startsWith("request 123 took"), found.toString());
    }

    /** The REST API's submission: the jar uploaded once, the archiver run from it, to its end. */
    @Test
    void theArchiverRunsFromTheJarUploadedThroughTheRestApi() throws Exception {
        Path target = dir.resolve("archives-rest");
        LiveLines lines = new LiveLines(500, 22);
        kafka.createTopic("viarest", 1);
        try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers())) {
            lines.send(producer, "viarest", 1, 0, 500);
        }
        HttpClient http = HttpClient.newHttpClient();
        String boundary = "rewind-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + JobJar.FILE_NAME + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes();
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(cluster.rest().resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(jar), tail))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upload.statusCode(), upload.body());
        String uploaded = JSON.readTree(upload.body()).get("filename").asText();
        String jarId = uploaded.substring(uploaded.lastIndexOf('/') + 1);

        var run = JSON.createObjectNode();
        run.put("entryClass", ArchiverJob.class.getName());
        var args = run.putArray("programArgsList");
        for (String a : List.of("--kafka", kafka.bootstrapServers(), "--topic", "viarest", "--to", target.toString(),
                "--roll-interval", "1s", "--checkpoint-interval", "500ms", "--stop-at-end")) {
            args.add(a);
        }
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(cluster.rest().resolve("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(run.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, started.statusCode(), started.body() + cluster.logs());
        String jobId = JSON.readTree(started.body()).get("jobid").asText();

        long deadline = System.nanoTime() + CLI_TIMEOUT.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = JSON.readTree(http.send(HttpRequest.newBuilder(cluster.rest().resolve("/jobs/" + jobId)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("state").asText();
            if (state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED")) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals("FINISHED", state, cluster.logs());
        ArchivedLines.read(target).assertExactlyOnce(lines.ids);
    }

    /** {@code flink run -c dev.rewind.job.cluster.QueryJob rewind-job.jar ARGS}: its NDJSON lines. */
    private static List<JsonNode> query(StandaloneCluster cluster, Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("run", "-m", "localhost:" + cluster.restPort(),
                "-c", "dev.rewind.job.cluster.QueryJob", jar.toString()));
        command.addAll(List.of(args));
        StandaloneCluster.CliResult r = cluster.flink(CLI_TIMEOUT, command.toArray(String[]::new));
        assertEquals(0, r.exitCode(), "flink run of the query:\n" + r.output() + cluster.logs());
        List<JsonNode> rows = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.startsWith("{")) {
                rows.add(JSON.readTree(line));
            }
        }
        assertTrue(!rows.isEmpty() && rows.get(rows.size() - 1).has("summary"), "NDJSON ending in a summary:\n"
                + r.output());
        return rows;
    }

    private static JsonNode summary(List<JsonNode> rows) {
        return rows.get(rows.size() - 1).get("summary");
    }
}
