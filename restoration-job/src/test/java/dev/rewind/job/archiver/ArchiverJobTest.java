package dev.rewind.job.archiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.job.live.LiveProducer;
import java.nio.file.Path;
import java.time.Duration;
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
        assertEquals("dt=2024-06-01/hour=13", fast.layout().folderOf(java.time.Instant.parse("2024-06-01T13:30:00Z")
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

    private static void assertRefused(String setting, ArchiverJob.Builder builder) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains(setting), "names " + setting + ": " + e.getMessage());
    }
}
