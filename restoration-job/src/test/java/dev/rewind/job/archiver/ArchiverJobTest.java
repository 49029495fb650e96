package dev.rewind.job.archiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.read.ArchiveReader;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.job.live.LiveProducer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archiver job as {@code flink run} starts it ({@link ArchiverJob#main}) and its builder, which
 * names the setting that is wrong.
 */
class ArchiverJobTest {
    @TempDir
    Path target;

    @Test
    void builderNamesTheBadSetting() {
        assertRefused("--kafka", ArchiverJob.builder().topic("logs").target("/tmp/x"));
        assertRefused("--kafka", ArchiverJob.builder().bootstrapServers("localhost").topic("logs").target("/tmp/x"));
        assertRefused("--topic", ArchiverJob.builder().bootstrapServers("h:1").topic("no spaces").target("/tmp/x"));
        assertRefused("--to", ArchiverJob.builder().bootstrapServers("h:1").topic("logs"));
        assertRefused("--roll-interval", ArchiverJob.builder().bootstrapServers("h:1").topic("logs").target("/tmp/x")
                .rollInterval(Duration.ofMinutes(7)));
        assertRefused("--checkpoint-interval", ArchiverJob.builder().bootstrapServers("h:1").topic("logs").target("/tmp/x")
                .checkpointInterval(Duration.ofMillis(5)));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ArchiverJob.fromArgs(new String[] {"--kafka", "h:1", "--topc", "logs"}));
        assertTrue(unknown.getMessage().contains("--topc"), unknown.getMessage());
        IllegalArgumentException duration = assertThrows(IllegalArgumentException.class,
                () -> ArchiverJob.fromArgs(new String[] {"--roll-interval", "soon"}));
        assertTrue(duration.getMessage().contains("--roll-interval"), duration.getMessage());
    }

    @Test
    void defaultsCommitEveryRollUpToTenMinutesAndKeepStateUnderTheTarget() {
        ArchiverJob hourly = ArchiverJob.builder().bootstrapServers("h:1").topic("logs").target(target.toString()).build();
        assertEquals(Duration.ofMinutes(10), hourly.checkpointInterval());
        assertEquals(target.toUri().getPath().replaceAll("/$", "") + "/_rewind/checkpoints",
                new org.apache.flink.core.fs.Path(hourly.checkpointDir()).toUri().getPath());
        ArchiverJob fast = ArchiverJob.builder().bootstrapServers("h:1").topic("logs").target(target.toString())
                .rollInterval(Duration.ofSeconds(30)).build();
        assertEquals(Duration.ofSeconds(30), fast.checkpointInterval());
        assertEquals("dt=2024-06-01/hour=13", fast.layout().folderOf(Instant.parse("2024-06-01T13:30:00Z")
                .toEpochMilli()).replaceAll("^.*/(dt=)", "$1"));
    }

    /** {@code flink run ... --stop-at-end}: what the topic holds is archived, committed, and the job ends. */
    @Test
    void mainArchivesTheTopicOnceAndEndsWhenAskedTo() throws Exception {
        LiveLines lines = new LiveLines(600, 9);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers())) {
            kafka.createTopic("main", 1);
            lines.send(producer, "main", 1, 0, 600);
            ArchiverJob.main(new String[] {"--kafka", kafka.bootstrapServers(), "--topic", "main", "--to", target.toString(),
                    "--roll-interval", "1s", "--checkpoint-interval", "200ms", "--stop-at-end"});
        }
        ArchivedLines.read(target).assertExactlyOnce(lines.ids);
    }

    /**
     * A line older than the window being written goes into the archive open then, the next one,
     * and its sidecar says when it is: a query planning by time (frame min/max) finds it there.
     */
    @Test
    void aLateLineGoesToTheNextArchiveAndIsFoundByItsTime() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minusSeconds(3600);
        String late = "{\"timestamp\":\"" + t0.plusMillis(500) + "\",\"level\":\"ERROR\",\"id\":\"late\",\"message\":\"late\"}";
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers())) {
            kafka.createTopic("late", 1);
            for (int i = 0; i < 4; i++) { // windows of 1 s: t0, t0+1s, t0+2s, t0+3s
                Instant t = t0.plusMillis(i * 1000L + 100);
                producer.send("late", t, "{\"timestamp\":\"" + t + "\",\"level\":\"INFO\",\"id\":\"on-time-" + i
                        + "\",\"message\":\"m\"}");
            }
            producer.send("late", t0.plusMillis(500), late); // 3 windows late
            ArchiverJob.main(new String[] {"--kafka", kafka.bootstrapServers(), "--topic", "late", "--to", target.toString(),
                    "--roll-interval", "1s", "--checkpoint-interval", "10s", "--stop-at-end"});
        }
        ArchivedLines archived = ArchivedLines.read(target);
        archived.assertExactlyOnce(List.of("on-time-0", "on-time-1", "on-time-2", "on-time-3", "late"));
        Path holder = null;
        for (Path archive : archived.archives()) {
            if (new String(ArchiveReader.openFrames(archive, index(archive), 0, 1).readAllBytes(),
                    StandardCharsets.UTF_8).contains("\"id\":\"late\"")) {
                holder = archive;
            }
        }
        assertTrue(holder != null && holder.getFileName().toString().contains(
                DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC)
                        .format(t0.plusSeconds(3))), "in the archive of the window being written (t0+3s): " + holder);
        SidecarIndex index = index(holder);
        assertTrue(!index.summary().minTimestamp().isAfter(t0.plusMillis(500)), "its sidecar says it holds t0+0.5s");
        assertTrue(index.frames().stream().anyMatch(f -> !f.minTimestamp().isAfter(t0.plusMillis(500))
                && !f.maxTimestamp().isBefore(t0.plusMillis(500))), "a frame whose time range a query by time selects");
    }

    private static SidecarIndex index(Path archive) throws Exception {
        return ArchiveFiles.readSidecar(archive,
                ArchiveFiles.sidecarBeside(archive));
    }

    private static void assertRefused(String setting, ArchiverJob.Builder builder) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains(setting), "names " + setting + ": " + e.getMessage());
    }
}
