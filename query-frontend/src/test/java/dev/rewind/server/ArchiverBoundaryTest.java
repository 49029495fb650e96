package dev.rewind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.job.archiver.ArchiveManifest;
import dev.rewind.job.archiver.ArchiverJob;
import dev.rewind.job.archiver.EmbeddedArchiver;
import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.job.live.LiveProducer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cut between live and archived data as the streaming archiver moves it, through the real
 * server: the archiver commits every 200 ms into one of the server's archive roots while lines
 * with unique ids keep arriving, some of them late; after each batch a count and a records query
 * spanning the boundary run while the last commits of the batch land. Halfway, the archiver is
 * stopped with a batch unarchived (the boundary held inside the data: answers come from both
 * sides) and started again from its checkpoint while a query runs. Each answer holds every line
 * sent so far exactly once: the count is exact (a line in both an archive and the live part would
 * count twice; a line in neither would be missing; records are de-duplicated by id on their way
 * out, counts are not), and the records are the ids sent. In a local folder, and in a bucket of an
 * S3 server in this JVM.
 */
class ArchiverBoundaryTest {
    private static final String TOPIC = "logs";
    private static final int PARTITIONS = 2;
    private static final int BATCHES = 6;
    private static final int BATCH = 250;

    @TempDir
    Path root;

    /**
     * Where the archiver writes and the server reads: a local folder; or a bucket of an S3 server
     * in this JVM, written through {@code s3a://logs/live} (Hadoop's S3 file system, which has the
     * recoverable writer; checkpoints there too) and read by the server as {@code s3://logs}
     * (presto's, exact ranged GETs).
     */
    enum Target { FOLDER, BUCKET }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aQuerySpanningTheMovingBoundaryReturnsEveryLineOnce(Target to) throws Exception {
        if (to == Target.FOLDER) {
            spanTheMovingBoundary(root.resolve("live").toString(), List.of(StoragePath.of(root)));
            return;
        }
        Files.createDirectories(root.resolve("s3/logs"));
        try (EmbeddedS3 s3 = EmbeddedS3.start(root.resolve("s3"), "127.0.0.1", 0, "boundary-access", "boundary-secret")) {
            Storages.configure(new StorageSettings(s3.flinkConfig(), Path.of("target/plugins"), null, 0,
                    StorageSettings.DEFAULT_REGION_BYTES, StorageSettings.DEFAULT_PARALLEL_GETS,
                    StorageSettings.DEFAULT_MAX_GET_BYTES));
            spanTheMovingBoundary("s3a://logs/live", List.of(StoragePath.of("s3://logs")));
            assertTrue(Files.isRegularFile(root.resolve("s3/logs/live/_rewind/manifest.json")), "the manifest is in the bucket");
        } finally {
            Storages.configure(StorageSettings.localOnly());
        }
    }

    private void spanTheMovingBoundary(String target, List<StoragePath> roots) throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.MINUTES);
        String range = "\"start_time\":\"" + start.minusSeconds(60) + "\",\"end_time\":\"" + start.plus(1, ChronoUnit.HOURS) + "\"";
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(TOPIC, PARTITIONS);
            ArchiverJob job = ArchiverJob.builder().bootstrapServers(kafka.bootstrapServers()).topic(TOPIC)
                    .target(target).rollInterval(Duration.ofSeconds(2))
                    .checkpointInterval(Duration.ofMillis(200)).build();
            // the catalog looks at the roots every 100 ms, so its snapshots follow the commits closely
            CatalogHolder.Options catalog = new CatalogHolder.Options(Duration.ofMillis(100), 1, true, false, false,
                    Duration.ofMillis(100), dev.rewind.catalog.ListingScope.ALL);
            try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers());
                 EmbeddedArchiver archiver = EmbeddedArchiver.start(job, null);
                 RewindServer server = RewindServer.start(ServerConfig.builder().roots(roots).port(0)
                         .flinkUiPort(0).prefetch(false).live(kafka.bootstrapServers(), TOPIC).catalog(catalog).build())) {
                Random random = new Random(5);
                List<String> sent = new ArrayList<>();
                int boundaryInside = 0;
                Set<String> sourcesSeen = new HashSet<>();
                for (int batch = 0; batch < BATCHES; batch++) {
                    boolean held = batch == BATCHES / 2;
                    if (held) {
                        archiver.stop(); // this batch stays live until the archiver is back
                    }
                    for (int i = 0; i < BATCH; i++) {
                        int n = sent.size();
                        Instant t = start.plusMillis(n * 11L).minusSeconds(n % 40 == 39 ? 6 : 0); // every 40th late
                        String id = String.format("id-%05d", n);
                        producer.send(TOPIC, n % PARTITIONS, t, String.format("{\"timestamp\":\"%s\",\"level\":\"%s\","
                                + "\"service\":\"svc\",\"id\":\"%s\",\"message\":\"line %d\"}", t,
                                random.nextBoolean() ? "INFO" : "WARN", id, n));
                        sent.add(id);
                    }
                    ArchiveManifest now = archiver.manifest();
                    if (now.linesCommitted() > 0 && now.linesCommitted() < sent.size()) {
                        boundaryInside++; // some of these lines are archived, the rest still live
                    }
                    if (held) {
                        Thread.sleep(300); // a catalog refresh: the boundary is where the stopped archiver left it
                        Set<String> kinds = new HashSet<>();
                        assertRecords(server, range, sent, "with a batch held live", kinds);
                        assertEquals(Set.of("archive", "live"), kinds, "an answer from both sides of the cut");
                        sourcesSeen.addAll(kinds);
                        archiver.resume(); // from its checkpoint, committing the held batch while we ask
                    }
                    JsonNode count = TestHttp.query(server, "{" + range + ",\"aggregate\":{\"type\":\"count\"}}");
                    if (sent.size() != count.path("aggregate").path("count").asLong()) {
                        fail("count after batch " + batch + " (" + now.linesCommitted() + " committed when asked): expected "
                                + sent.size() + ", was " + count.path("aggregate").path("count").asLong() + "\n"
                                + diagnosis(server, count, archiver));
                    }
                    assertRecords(server, range, sent, "after batch " + batch, sourcesSeen);
                }
                assertTrue(boundaryInside > 0, "the boundary was inside the data when asked");
                assertEquals(Set.of("archive", "live"), sourcesSeen, "answers came from both sides of the cut");

                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (archiver.manifest().linesCommitted() < sent.size() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(300); // a catalog refresh after the last commit
                JsonNode all = TestHttp.query(server, "{" + range + ",\"aggregate\":{\"type\":\"count\"}}");
                assertEquals(sent.size(), all.path("aggregate").path("count").asLong(), "all archived: still each once");
            }
        }
    }

    /** What the server and the target held when a count was wrong. */
    private String diagnosis(RewindServer server, JsonNode count, EmbeddedArchiver archiver) {
        StringBuilder d = new StringBuilder();
        try {
            d.append("answer: ").append(abbreviate(count.toString())).append('\n');
            d.append("manifest: ").append(archiver.manifest()).append('\n');
            d.append("archives: ").append(abbreviate(TestHttp.get(server, "/api/archives").toString())).append('\n');
            try (java.util.stream.Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString())
                        .filter(f -> !f.contains("_rewind/checkpoints")).sorted().forEach(f -> d.append("  ").append(f).append('\n'));
            }
        } catch (Exception e) {
            d.append("(diagnosis failed: ").append(e).append(')');
        }
        return d.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 6000 ? s : s.substring(0, 6000) + "…";
    }

    /** A records query over the range holds exactly the ids sent; notes where its rows came from. */
    private static void assertRecords(RewindServer server, String range, List<String> sent, String when,
                                      Set<String> sources) throws Exception {
        JsonNode records = TestHttp.query(server, "{" + range + ",\"page_size\":10000,\"order\":\"asc\"}");
        List<String> ids = new ArrayList<>();
        records.path("results").forEach(r -> {
            ids.add(r.path("fields").path("id").asText(r.path("id").asText()));
            sources.add(r.path("source").path("kind").asText());
        });
        assertEquals(new HashSet<>(sent), new HashSet<>(ids), "the lines " + when);
        assertEquals(sent.size(), ids.size(), "each once " + when);
        assertEquals(sent.size(), records.path("total").path("value").asLong(), "total " + when);
    }
}
