package dev.rewind.job.archiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.job.live.LiveProducer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The archiver against a real KRaft broker and a real MiniCluster, with lines that carry unique
 * ids: whatever happens mid-roll — the job killed and started again from its checkpoint, its
 * TaskManager lost, the broker restarted — the archives end up holding each line exactly once,
 * and every sidecar counts what its archive holds. The kill is tried in a local folder and in a
 * bucket of an S3 server in this JVM, written through {@code s3a://} with its checkpoints there.
 */
class ArchiverExactlyOnceTest {
    private static final int LINES = 3000;
    private static final int PARTITIONS = 2;

    private static EmbeddedKafka kafka;

    @TempDir
    Path target;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private ArchiverJob job(String topic) {
        return job(topic, target.toString());
    }

    private static ArchiverJob job(String topic, String to) {
        kafka.createTopic(topic, PARTITIONS);
        return ArchiverJob.builder().bootstrapServers(kafka.bootstrapServers()).topic(topic).target(to)
                .rollInterval(Duration.ofSeconds(2)).checkpointInterval(Duration.ofMillis(300)).build();
    }

    /** Where the archives go: a local folder, or a bucket of an S3 server written through {@code s3a://}. */
    enum Target { FOLDER, BUCKET }

    /**
     * In a bucket, the checkpoints go where they go by default, under the target
     * ({@code s3a://archives/killed-bucket/_rewind/checkpoints}): the restart finds them there.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void killedMidRollAndRestartedFromItsCheckpoint(Target to) throws Exception {
        if (to == Target.FOLDER) {
            killedMidRoll(job("killed"), target, true);
            return;
        }
        try (Bucket bucket = Bucket.start(target.resolve("s3"))) {
            ArchiverJob job = job("killed-bucket", bucket.uri("killed-bucket"));
            assertEquals("s3a://archives/killed-bucket/_rewind/checkpoints", job.checkpointDir());
            killedMidRoll(job, bucket.onDisk("killed-bucket"), false);
        }
    }

    private void killedMidRoll(ArchiverJob job, Path archives, boolean local) throws Exception {
        LiveLines lines = new LiveLines(LINES, 1);
        try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers());
             EmbeddedArchiver archiver = EmbeddedArchiver.start(job, null)) {
            lines.send(producer, job.topic(), PARTITIONS, 0, LINES / 2);
            awaitCommitted(archiver, 1, "a first commit");
            // Killed while lines keep arriving: an archive is open, lines are taken in but not committed.
            AtomicInteger sent = new AtomicInteger(LINES / 2);
            Thread feed = new Thread(() -> {
                for (int i = LINES / 2; i < LINES * 3 / 4; i++) {
                    lines.send(producer, job.topic(), PARTITIONS, i, i + 1);
                    sent.incrementAndGet();
                }
            });
            feed.start();
            await(() -> sent.get() > LINES * 5 / 8, "lines arriving while the job runs");
            long committedBefore = archiver.manifest().linesCommitted();
            archiver.stop();
            assertTrue(committedBefore > 0 && committedBefore < LINES * 3 / 4,
                    "killed mid-stream, with " + committedBefore + " lines committed");
            feed.join();

            archiver.resume();
            assertTrue(archiver.resumedFrom().isPresent(), "restarted from its retained checkpoint");
            assertTrue(archiver.resumedFrom().get().startsWith(job.checkpointDir()), archiver.resumedFrom().get());
            lines.send(producer, job.topic(), PARTITIONS, LINES * 3 / 4, LINES);
            awaitCommitted(archiver, LINES, "every line committed");
        }
        assertArchivedOnce(job, lines, archives, local);
    }

    @Test
    void taskManagerLostMidRoll() throws Exception {
        ArchiverJob job = job("tm-lost");
        LiveLines lines = new LiveLines(LINES, 2);
        try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers());
             EmbeddedArchiver archiver = EmbeddedArchiver.start(job, null)) {
            String jobId = archiver.jobId();
            lines.send(producer, job.topic(), PARTITIONS, 0, LINES / 2);
            awaitCommitted(archiver, 1, "a first commit");
            archiver.cluster().terminateTaskManager(); // its tasks die with it, mid-archive
            lines.send(producer, job.topic(), PARTITIONS, LINES / 2, LINES * 3 / 4);
            archiver.cluster().restore();             // a new TaskManager; Flink restarts the job from its checkpoint
            lines.send(producer, job.topic(), PARTITIONS, LINES * 3 / 4, LINES);
            awaitCommitted(archiver, LINES, "every line committed after the restart");
            assertEquals(jobId, archiver.jobId(), "the same job, restarted by Flink");
            assertEquals(JobStatus.RUNNING, archiver.status());
        }
        assertArchivedOnce(job, lines);
    }

    @Test
    void brokerRestartedMidRoll() throws Exception {
        ArchiverJob job = job("broker-restart");
        LiveLines lines = new LiveLines(LINES, 3);
        try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers());
             EmbeddedArchiver archiver = EmbeddedArchiver.start(job, null)) {
            String jobId = archiver.jobId();
            lines.send(producer, job.topic(), PARTITIONS, 0, LINES / 2);
            awaitCommitted(archiver, 1, "a first commit");
            kafka.stopBroker();
            Thread.sleep(2000); // the archiver's consumer finds no broker; checkpoints go on
            kafka.startBroker();
            lines.send(producer, job.topic(), PARTITIONS, LINES / 2, LINES);
            awaitCommitted(archiver, LINES, "every line committed after the broker came back");
            assertEquals(jobId, archiver.jobId(), "the job waited for the broker; it did not need a restart");
            assertEquals(JobStatus.RUNNING, archiver.status());
        }
        assertArchivedOnce(job, lines);
    }

    private void assertArchivedOnce(ArchiverJob job, LiveLines lines) throws Exception {
        assertArchivedOnce(job, lines, target, true);
    }

    private static void assertArchivedOnce(ArchiverJob job, LiveLines lines, Path archives, boolean local) throws Exception {
        ArchivedLines archived = ArchivedLines.read(archives, local);
        archived.assertExactlyOnce(lines.ids);
        ArchiveManifest manifest = new ManifestStore(job.layout()).read();
        assertEquals(LINES, manifest.linesCommitted(), "the manifest counts each line once");
        assertEquals(archived.archives().size(), manifest.archivesCommitted(), "and each archive once");
        assertTrue(manifest.pending().isEmpty());
        Map<Integer, Long> next = manifest.nextOffsets();
        assertEquals(LINES, next.values().stream().mapToLong(Long::longValue).sum(), "offsets cover every line: " + next);
    }

    private static void awaitCommitted(EmbeddedArchiver archiver, long lines, String what) throws Exception {
        await(() -> {
            try {
                return archiver.manifest().linesCommitted() >= lines;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, what);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
