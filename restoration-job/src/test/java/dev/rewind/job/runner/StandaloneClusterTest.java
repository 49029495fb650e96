package dev.rewind.job.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.source.enumerator.ScanOrder;
import dev.rewind.connectors.source.plan.ScanPlan;
import dev.rewind.connectors.source.plan.ScanPlanner;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.StorageSettings;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import dev.rewind.job.query.QuerySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone Flink session cluster — a JobManager and two TaskManagers, each its own JVM,
 * with Flink's jars only and the S3 file system as a plugin ({@link StandaloneCluster}) — answers
 * the standard questions over {@code s3://} archives (S3Proxy in this JVM) exactly as the embedded
 * MiniCluster does over the same objects, with {@code rewind-job.jar} shipped with each job (what
 * {@code serve --flink} does). No {@code MiniClusterExtension} here: it makes creating a remote
 * environment throw.
 */
class StandaloneClusterTest {
    private static final String ROOT = "s3://rewind/archives";

    @TempDir
    static Path dir;

    static TestS3 s3;
    static StandaloneCluster cluster;
    static EmbeddedJobRunner embedded;
    static QueryExecutor embeddedExecutor;
    static QueryExecutor remoteExecutor;
    static ArchiveFixture fixture;
    static List<IndexedArchive> archives;
    static Path jobJar;

    @BeforeAll
    static void start() throws Exception {
        jobJar = JobJar.locate(null, StandaloneClusterTest.class);
        Path built = Path.of("target", "plugins").toAbsolutePath();
        assertTrue(Files.isDirectory(built.resolve("s3-fs-presto")), "the S3 plugin is copied to " + built);
        // The cluster gets presto's plugin alone: with Hadoop's beside it (the archiver's tests use it),
        // two plugins would claim s3:// there.
        Path plugins = Files.createDirectories(dir.resolve("cluster-plugins"));
        Files.createSymbolicLink(plugins.resolve("s3-fs-presto"), built.resolve("s3-fs-presto"));
        s3 = TestS3.start(dir.resolve("s3"));
        // The cluster comes up (~10 s) while this JVM writes the archives.
        Thread starting = new Thread(() -> {
            try {
                cluster = StandaloneCluster.start(dir.resolve("cluster"),
                        new StandaloneCluster.Options(2, 1, s3.flinkConfig(), plugins));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        starting.start();
        try {
            fixture = new ArchiveFixture(dir.resolve("local"), 6, 3000);
            // The same archives and sidecars, as objects of bucket "rewind".
            for (IndexedArchive a : fixture.archives) {
                Path archive = a.archive().toLocalPath();
                Path relative = dir.resolve("local").relativize(archive);
                for (Path file : List.of(archive, ArchiveFiles.sidecarBeside(archive))) {
                    Path object = dir.resolve("s3").resolve("rewind").resolve("archives")
                            .resolve(relative.getParent()).resolve(file.getFileName());
                    Files.createDirectories(object.getParent());
                    Files.copy(file, object);
                }
            }
            Storages.configure(new StorageSettings(s3.flinkConfig(), plugins, null, 0,
                    StorageSettings.DEFAULT_REGION_BYTES, StorageSettings.DEFAULT_PARALLEL_GETS,
                    StorageSettings.DEFAULT_MAX_GET_BYTES));
            archives = new ArrayList<>();
            for (IndexedArchive a : fixture.archives) {
                String relative = dir.resolve("local").relativize(a.archive().toLocalPath()).toString();
                StoragePath remote = StoragePath.of(ROOT + "/" + relative);
                StoragePath sidecar = ArchiveFiles.sidecarBeside(remote);
                archives.add(new IndexedArchive(remote, sidecar, ArchiveFiles.readSidecar(remote, sidecar)));
            }
            embedded = EmbeddedJobRunner.start(0, 2);
            embeddedExecutor = new QueryExecutor(embedded);
        } finally {
            starting.join();
        }
        assertTrue(cluster != null, "the standalone cluster started (see the log above)");
        assertFalse(cluster.classpath().contains("zstd-jni") || cluster.classpath().contains("/connectors/")
                || cluster.classpath().contains("restoration-job") || cluster.classpath().contains("kafka-clients"),
                "the cluster has Flink's jars only: " + cluster.classpath());
        remoteExecutor = new QueryExecutor(new RemoteJobRunner(cluster.rest(), 2, jobJar.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (embedded != null) {
                embedded.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            if (s3 != null) {
                s3.close();
            }
            Storages.configure(StorageSettings.localOnly());
        }
    }

    @Test
    void errorsNewestFirstWithALimitAreTheSameOnBothClusters() throws Exception {
        RecordFilter filter = RecordFilter.builder().between(fixture.first(), fixture.last())
                .levels(List.of(Level.ERROR)).build();
        QuerySpec spec = QuerySpec.records(filter, ScanOrder.DESC, 150);

        QueryResult local = run(embeddedExecutor, "records-embedded", spec);
        QueryResult remote = run(remoteExecutor, "records-standalone", spec);

        List<Map.Entry<Instant, String>> expected = keys(local);
        assertEquals(150, expected.size(), "the embedded run found the limit's worth of ERROR records");
        assertEquals(expected, keys(remote), "same records in the same order" + cluster.logs());
        assertTrue(remote.rows().stream().allMatch(r -> r.record().level() == Level.ERROR));
        assertTrue(remote.rows().get(0).origin().archive().startsWith(ROOT), "read from the bucket: "
                + remote.rows().get(0).origin());
        long newestError = fixture.lines.stream().filter(l -> l.level().equals("ERROR"))
                .map(ArchiveFixture.Line::ts).mapToLong(Instant::toEpochMilli).max().orElseThrow();
        assertEquals(newestError, remote.rows().get(0).record().timestamp().toEpochMilli(), "newest first");
    }

    @Test
    void dailyTrendByLevelIsTheSameOnBothClusters() throws Exception {
        RecordFilter filter = RecordFilter.builder().between(fixture.first(), fixture.last())
                .levels(List.of(Level.ERROR, Level.WARN)).build();
        QuerySpec spec = QuerySpec.aggregate(filter, new Aggregation.Trend(Bucket.DAY, true, false));

        QueryResult local = run(embeddedExecutor, "trend-embedded", spec);
        QueryResult remote = run(remoteExecutor, "trend-standalone", spec);

        assertEquals(12, local.aggregates().size(), "6 days x {ERROR, WARN}: " + local.aggregates());
        assertEquals(local.aggregates(), remote.aggregates(), "same aggregate rows" + cluster.logs());
        assertTrue(remote.complete(), remote.splitsDone() + " of " + remote.splitsTotal() + " splits" + cluster.logs());
        long expectedTotal = fixture.lines.stream()
                .filter(l -> l.level().equals("ERROR") || l.level().equals("WARN")).count();
        assertEquals(expectedTotal, remote.aggregates().stream().mapToLong(r -> r.count()).sum());
    }

    @Test
    void aCountIsTheSameOnBothClusters() throws Exception {
        QuerySpec spec = QuerySpec.aggregate(RecordFilter.builder().between(fixture.first(), fixture.last()).build(),
                new Aggregation.Count());

        QueryResult local = run(embeddedExecutor, "count-embedded", spec);
        QueryResult remote = run(remoteExecutor, "count-standalone", spec);

        assertEquals(local.aggregates(), remote.aggregates(), cluster.logs());
        assertEquals(fixture.lines.size(), remote.aggregates().stream().mapToLong(r -> r.count()).sum());
        assertTrue(remote.complete());
    }

    @Test
    void aTextSearchIsTheSameOnBothClusters() throws Exception {
        RecordFilter filter = RecordFilter.builder().between(fixture.first(), fixture.last())
                .text(ArchiveFixture.NEEDLE).build();
        QuerySpec spec = QuerySpec.records(filter, ScanOrder.ASC, 100);

        QueryResult local = run(embeddedExecutor, "text-embedded", spec);
        QueryResult remote = run(remoteExecutor, "text-standalone", spec);

        List<Instant> expected = fixture.lines.stream().filter(l -> l.message().contains(ArchiveFixture.NEEDLE))
                .map(ArchiveFixture.Line::ts).sorted().toList();
        assertFalse(expected.isEmpty());
        assertEquals(expected, remote.rows().stream().map(r -> r.record().timestamp()).toList(), cluster.logs());
        assertEquals(keys(local), keys(remote));
        assertTrue(remote.complete());
    }

    /** The cluster really has none of Rewind's classes: without the job jar, a job cannot run there. */
    @Test
    void withoutTheJobJarTheClusterCannotRunTheJob() {
        QueryExecutor bare = new QueryExecutor(new RemoteJobRunner(cluster.rest(), 2));
        QuerySpec spec = QuerySpec.aggregate(RecordFilter.builder().between(fixture.first(), fixture.last()).build(),
                new Aggregation.Count());
        Throwable failure = assertThrows(Throwable.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> run(bare, "count-without-jar", spec)));
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            chain.append(t).append('\n');
        }
        // The JobManager cannot even read the job: its functions are lambdas of classes it does not have
        // (a ClassNotFoundException, or the ClassCastException of a SerializedLambda left unresolved).
        assertTrue(chain.toString().contains("Could not deserialize") || chain.toString().contains("ClassNotFoundException"),
                "the job failed for want of Rewind's classes:\n" + chain);
    }

    private static QueryResult run(QueryExecutor executor, String name, QuerySpec spec) throws Exception {
        // Small splits, so both TaskManagers read and the records query can stop early.
        ScanPlan plan = ScanPlanner.plan(archives, spec.filter(), spec.order(), ScanPlanner.Blooms.FROM_SIDECARS,
                64 * 1024);
        assertTrue(plan.splits().size() > 4 || spec.filter().text() != null, plan.splits().size() + " splits");
        try {
            return new QueryCollector(spec, plan.splits().size())
                    .drain(executor.start(name, plan, spec, Optional.empty()));
        } catch (Exception | AssertionError e) {
            throw new AssertionError(name + " failed: " + e + cluster.logs(), e);
        }
    }

    private static List<Map.Entry<Instant, String>> keys(QueryResult result) {
        return result.rows().stream().map(r -> Map.entry(r.record().timestamp(), r.record().id())).toList();
    }
}
