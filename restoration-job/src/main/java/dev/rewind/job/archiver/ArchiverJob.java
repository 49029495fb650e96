package dev.rewind.job.archiver;

import dev.rewind.connectors.archive.write.ArchiveWriter;
import dev.rewind.connectors.record.LineFormat;
import dev.rewind.job.live.LiveLine;
import dev.rewind.job.live.LiveSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * The streaming archiver: the live Kafka topic into Rewind's framed, indexed archives, exactly once.
 *
 * <pre>
 * KafkaSource (group rewind-archiver-&lt;topic&gt;) ─► read line times (the queries' parsers)
 *     ─► ArchiveSink: writer (one archive open, rolled per window, closed at each checkpoint)
 *                     ─► committer (announce in the manifest, archive, sidecar, then the manifest moves)
 * </pre>
 *
 * <p>Checkpoints drive commits ({@link ArchiveSink}); the Kafka offsets of a checkpoint and the
 * archives written before it are one state, so a restart from it neither loses nor repeats a line.
 * The sink runs as one subtask, because its committer is the one writer of the manifest whose
 * offsets and pending archives readers rely on; the source and the parsing run at
 * {@link Builder#sourceParallelism}. Retained checkpoints live under the target
 * ({@code _rewind/checkpoints}) unless {@link Builder#checkpointDir} says otherwise.
 *
 * <p>Runs on an embedded MiniCluster ({@link EmbeddedArchiver}, {@code rewind archiver}) and with
 * {@code flink run} of the job jar on a cluster ({@link #main}).
 */
public final class ArchiverJob {
    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final String bootstrapServers;
    private final ArchiveLayout layout;
    private final Duration checkpointInterval;
    private final String checkpointDir;
    private final LineFormat format;
    private final int frameSize;
    private final int sourceParallelism;
    private final boolean stopAtEnd;

    private ArchiverJob(Builder b, ArchiveLayout layout, Duration checkpointInterval, String checkpointDir) {
        this.bootstrapServers = b.bootstrapServers;
        this.layout = layout;
        this.checkpointInterval = checkpointInterval;
        this.checkpointDir = checkpointDir;
        this.format = b.format;
        this.frameSize = b.frameSize;
        this.sourceParallelism = b.sourceParallelism;
        this.stopAtEnd = b.stopAtEnd;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ArchiveLayout layout() {
        return layout;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topic() {
        return layout.topic();
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public int sourceParallelism() {
        return sourceParallelism;
    }

    /** Where retained checkpoints go: {@code <dir>/<job id>/chk-<n>}. */
    public String checkpointDir() {
        return checkpointDir;
    }

    /**
     * The job configuration: streaming, exactly-once checkpoints at the interval, retained when the job is
     * cancelled (the next run restores from the newest), restarts with a growing delay for ever (a
     * broker that is away is waited for; a lost TaskManager's job restarts from its last
     * checkpoint).
     */
    public Configuration configuration() {
        Configuration conf = new Configuration();
        // streaming whatever the cluster's default (flink-conf/config.yaml says BATCH, for queries)
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, checkpointInterval.dividedBy(4));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(30));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        return conf;
    }

    /** {@link #configuration()} restoring from the checkpoint at {@code path}, which this job then owns. */
    public Configuration restoringFrom(String path) {
        Configuration conf = configuration();
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        return conf;
    }

    /**
     * Adds the archiver to {@code env}.
     *
     * @param startOffsets where a job that restores nothing starts, per partition (partitions not
     *                     named start at their beginning): {@link #prepareFreshStart()} gives them.
     *                     A job restored from a checkpoint starts at the checkpoint's offsets.
     */
    public void addTo(StreamExecutionEnvironment env, Map<Integer, Long> startOffsets) {
        lines(env, startOffsets)
                .sinkTo(new ArchiveSink(layout, frameSize)).name("archives").uid("archiver-sink").setParallelism(1);
    }

    /**
     * The archiver's input without its sink: the topic's lines with the times they are filed
     * under (the benchmark puts Flink's own {@code FileSink} behind the same stream).
     */
    public DataStream<ArchiveLine> lines(StreamExecutionEnvironment env, Map<Integer, Long> startOffsets) {
        String group = "rewind-archiver-" + layout.topic();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        startOffsets.forEach((p, o) -> offsets.put(new TopicPartition(layout.topic(), p), o));
        KafkaSourceBuilder<LiveLine> source = KafkaSource.<LiveLine>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(layout.topic())
                .setGroupId(group)
                .setClientIdPrefix(group)
                .setStartingOffsets(offsets.isEmpty() ? OffsetsInitializer.earliest()
                        : OffsetsInitializer.offsets(offsets, OffsetResetStrategy.EARLIEST))
                .setDeserializer(LiveSource.everyLine())
                // The group's committed offsets follow the archives (they are committed with each
                // checkpoint), so Kafka's own lag tools see how far behind the archives are.
                .setProperty(KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT.key(), "true");
        if (stopAtEnd) {
            source.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "live topic " + layout.topic())
                .uid("archiver-kafka-source").setParallelism(sourceParallelism)
                .map(new LineStamper(format)).name("read line times").uid("archiver-line-times")
                .setParallelism(sourceParallelism);
    }

    /**
     * Checks, before anything starts, that archives can be written to the target exactly once: its
     * file system is there and has a recoverable writer (files written in full but made visible
     * only when a checkpoint completes), and the checkpoints' file system is there. Presto's S3
     * file system ({@code s3://} as Rewind loads it, {@code s3p://}) has none; Hadoop's
     * ({@code s3a://}) has, and names the same objects: archives written to {@code s3a://b/p} are
     * read by queries as {@code s3://b/p}.
     *
     * @throws IllegalArgumentException naming the target, its scheme and what to use instead
     */
    public void checkTarget() {
        Path root = new Path(layout.root());
        String scheme = root.toUri().getScheme();
        FileSystem fs = fileSystem(root, "target (--to)");
        try {
            fs.createRecoverableWriter();
        } catch (UnsupportedOperationException | IOException e) {
            String instead = scheme.startsWith("s3")
                    ? "write to s3a://" + root.toUri().getAuthority() + root.toUri().getPath() + " instead (flink-s3-fs-hadoop, "
                    + "the s3-fs-hadoop plugin): queries read the same objects as s3://" + root.toUri().getAuthority()
                    + root.toUri().getPath()
                    : "use a local directory or a file system that has one (s3a://, hdfs://)";
            throw new IllegalArgumentException("archiver: target (--to) " + layout.root() + ": the file system of scheme '"
                    + scheme + "' has no recoverable writer, which exactly-once archiving needs; " + instead, e);
        }
        fileSystem(new Path(checkpointDir), "checkpointDir (--checkpoint-dir)");
    }

    private static FileSystem fileSystem(Path path, String setting) {
        try {
            return path.getFileSystem();
        } catch (IOException e) {
            throw new IllegalArgumentException("archiver: " + setting + " " + path + ": no file system for scheme '"
                    + path.toUri().getScheme() + "' (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Gets the target ready for a job that restores no checkpoint, and says where it starts: the
     * manifest's offsets (everything before them is archived). Archives a commit announced but did
     * not finish (a job that went down mid-commit and is not being restored) are removed: their
     * lines come after those offsets and will be archived again.
     */
    public Map<Integer, Long> prepareFreshStart() throws IOException {
        ManifestStore store = new ManifestStore(layout);
        ArchiveManifest manifest = store.read();
        if (!manifest.pending().isEmpty()) {
            FileSystem fs = new Path(layout.root()).getFileSystem();
            for (String relative : manifest.pending()) {
                Path archive = new Path(layout.root() + "/" + relative);
                fs.delete(ArchiveLayout.sidecarOf(archive), false);
                fs.delete(archive, false);
            }
            store.write(manifest.withoutPending());
        }
        return manifest.nextOffsets();
    }

    /**
     * {@code flink run rewind-job.jar --kafka H:P --topic T --to DIR|URI [--roll-interval 1h]
     * [--checkpoint-interval D] [--checkpoint-dir URI] [--source-parallelism N] [--stop-at-end]}:
     * the archiver on a cluster. A run given a checkpoint to restore ({@code -s}) resumes it;
     * otherwise it starts where the manifest says. {@code --stop-at-end} archives what the topic
     * holds when the job starts, commits it and ends (a backfill).
     */
    public static void main(String[] args) throws Exception {
        ArchiverJob job = fromArgs(args);
        job.checkTarget();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(job.configuration());
        boolean restoring = env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent();
        job.addTo(env, restoring ? Map.of() : job.prepareFreshStart());
        env.execute("rewind archiver " + job.topic() + " → " + job.layout().root());
    }

    /** The job of {@link #main}'s arguments. */
    public static ArchiverJob fromArgs(String[] args) {
        Builder b = builder();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--stop-at-end")) {
                b.stopAtEnd(true);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("archiver: " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--kafka" -> b.bootstrapServers(value);
                case "--topic" -> b.topic(value);
                case "--to" -> b.target(value);
                case "--roll-interval" -> b.rollInterval(duration(name, value));
                case "--checkpoint-interval" -> b.checkpointInterval(duration(name, value));
                case "--checkpoint-dir" -> b.checkpointDir(value);
                case "--source-parallelism" -> b.sourceParallelism(number(name, value));
                default -> throw new IllegalArgumentException("archiver: unknown option " + name + " (options: --kafka, "
                        + "--topic, --to, --roll-interval, --checkpoint-interval, --checkpoint-dir, --source-parallelism, "
                        + "--stop-at-end)");
            }
        }
        return b.build();
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("archiver: " + option + " must be a whole number, was '" + value + "'", e);
        }
    }

    private static Duration duration(String option, String value) {
        try {
            return TimeUtils.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("archiver: " + option + " must be a duration such as 30s, 10m or 1h, was '"
                    + value + "'", e);
        }
    }

    /** Collects the settings; {@link #build()} checks them all and names the first bad one. */
    public static final class Builder {
        private String bootstrapServers;
        private String topic;
        private String target;
        private Duration rollInterval = Duration.ofHours(1);
        private Duration checkpointInterval;
        private String checkpointDir;
        private LineFormat format = LineFormat.ndjson();
        private int frameSize = ArchiveWriter.DEFAULT_FRAME_SIZE;
        private int sourceParallelism = 1;
        private boolean stopAtEnd;

        private Builder() {
        }

        /** {@code host:port[,host:port...]} of the Kafka cluster. Required. */
        public Builder bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        /** The live topic. Required. */
        public Builder topic(String name) {
            this.topic = name;
            return this;
        }

        /** Where archives go: a local directory, or a URI of any Flink file system ({@code s3a://b/p}). Required. */
        public Builder target(String dirOrUri) {
            this.target = dirOrUri;
            return this;
        }

        /** The time window of one archive folder (1 s to 24 h, dividing a day evenly); 1 h by default. */
        public Builder rollInterval(Duration interval) {
            this.rollInterval = interval;
            return this;
        }

        /**
         * How often archives are committed (at least 100 ms); by default the roll interval, at most
         * 10 minutes: each checkpoint closes the archive being written, so this also sets how
         * many archives a window gets, and how much of the topic a restart reads again.
         */
        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        /** Where retained checkpoints go (a directory or URI); {@code <target>/_rewind/checkpoints} by default. */
        public Builder checkpointDir(String dirOrUri) {
            this.checkpointDir = dirOrUri;
            return this;
        }

        /** How lines are read for their time; NDJSON by default. */
        public Builder format(LineFormat lineFormat) {
            this.format = lineFormat;
            return this;
        }

        /** Raw bytes per archive frame, 4 KiB to 64 MiB; 1 MiB by default. */
        public Builder frameSize(int bytes) {
            this.frameSize = bytes;
            return this;
        }

        /** Subtasks reading the topic (at most its partitions are busy); 1 by default. */
        public Builder sourceParallelism(int n) {
            this.sourceParallelism = n;
            return this;
        }

        /** Stop at the end of the topic as it is when the job starts (benchmarks); runs for ever otherwise. */
        public Builder stopAtEnd(boolean stop) {
            this.stopAtEnd = stop;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting that is missing or invalid */
        public ArchiverJob build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("archiver: bootstrapServers (--kafka) is required, host:port[,host:port...]");
            }
            for (String server : bootstrapServers.split(",")) {
                String s = server.trim();
                int colon = s.lastIndexOf(':');
                if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("archiver: bootstrapServers (--kafka) must be host:port[,host:port...], "
                            + "'" + s + "' is not");
                }
            }
            if (topic == null || !TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
                throw new IllegalArgumentException("archiver: topic (--topic) must be a Kafka topic name (1-249 characters "
                        + "of a-z, A-Z, 0-9, '.', '_', '-'), was " + (topic == null ? "missing" : "'" + topic + "'"));
            }
            if (target == null || target.isBlank()) {
                throw new IllegalArgumentException("archiver: target (--to) is required: a directory or a URI (s3a://bucket/prefix)");
            }
            String root = root(target, "target (--to)");
            if (rollInterval == null || rollInterval.compareTo(Duration.ofSeconds(1)) < 0
                    || rollInterval.compareTo(Duration.ofDays(1)) > 0 || Duration.ofDays(1).toMillis() % rollInterval.toMillis() != 0) {
                throw new IllegalArgumentException("archiver: rollInterval (--roll-interval) must be between 1s and 24h and "
                        + "divide a day evenly (30s, 5m, 1h, ...), was " + rollInterval);
            }
            if (checkpointInterval != null && checkpointInterval.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("archiver: checkpointInterval (--checkpoint-interval) must be at least "
                        + "100ms, was " + checkpointInterval);
            }
            Duration commitEvery = checkpointInterval != null ? checkpointInterval
                    : rollInterval.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : rollInterval;
            if (format == null) {
                throw new IllegalArgumentException("archiver: format is required");
            }
            if (frameSize < 4096 || frameSize > (64 << 20)) {
                throw new IllegalArgumentException("archiver: frameSize must be between 4 KiB and 64 MiB, was " + frameSize);
            }
            if (sourceParallelism < 1 || sourceParallelism > 1024) {
                throw new IllegalArgumentException("archiver: sourceParallelism must be 1 to 1024, was " + sourceParallelism);
            }
            ArchiveLayout layout = new ArchiveLayout(root, topic, rollInterval);
            String checkpointsAt = checkpointDir == null ? layout.checkpoints().toString()
                    : root(checkpointDir, "checkpointDir (--checkpoint-dir)");
            return new ArchiverJob(this, layout, commitEvery, checkpointsAt);
        }

        /** A directory or URI as a normalised Flink path string: a bare path becomes an absolute {@code file:} one. */
        private static String root(String dirOrUri, String setting) {
            URI uri;
            try {
                uri = dirOrUri.contains("://") ? URI.create(dirOrUri) : Paths.get(dirOrUri).toAbsolutePath().normalize().toUri();
            } catch (IllegalArgumentException e) { // InvalidPathException too
                throw new IllegalArgumentException("archiver: " + setting + " '" + dirOrUri + "' is neither a path nor a URI", e);
            }
            if (uri.getScheme() == null) {
                throw new IllegalArgumentException("archiver: " + setting + " '" + dirOrUri + "' names no file system");
            }
            String normalised = new Path(uri).toString();
            while (normalised.endsWith("/") && normalised.length() > 1) {
                normalised = normalised.substring(0, normalised.length() - 1);
            }
            return normalised;
        }
    }
}
