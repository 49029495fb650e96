package dev.rewind.cli;

import dev.rewind.job.archiver.ArchiverJob;
import dev.rewind.job.archiver.EmbeddedArchiver;
import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.query.run.FlinkTempDir;
import dev.rewind.stats.ArchiverStats;
import dev.rewind.job.live.LiveProducer;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.server.DemoRemote;
import dev.rewind.server.EmbeddedS3;
import dev.rewind.server.RewindServer;
import dev.rewind.server.ServerConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rewind demo}: the whole system on embedded defaults — a Flink MiniCluster with its web UI
 * (8081), a Kafka broker in KRaft mode (9092) fed by a live log generator, the streaming archiver
 * writing that topic into archives under the data directory ({@code live/}, on a MiniCluster of
 * its own), an S3-compatible server (S3Proxy, 9000) holding the older sample months, six months of
 * sample archives (created once, in the background), and the HTTP API (8000). Runs until
 * interrupted.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole system on embedded defaults with sample archives and a live stream.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "sample archives (default ${DEFAULT-VALUE})")
    Path data = Path.of("data", "archives");

    @Mixin
    ServerOptions server;

    @Option(names = "--kafka-port", paramLabel = "P", description = "Kafka port (default ${DEFAULT-VALUE})")
    int kafkaPort = 9092;

    @Option(names = "--s3-port", paramLabel = "P", description = "the embedded S3-compatible server's port, holding "
            + "the older sample months (default ${DEFAULT-VALUE})")
    int s3Port = 9000;

    @Mixin
    StorageOptions storage = new StorageOptions();

    /** The demo's bucket, and the day from which sample archives stay on local disk (older ones go to the bucket). */
    static final String BUCKET = "rewind-demo";
    static final LocalDate LOCAL_FROM = LocalDate.of(2024, 5, 1);

    @Option(names = "--roll-interval", paramLabel = "DURATION", description = "the archiver's time window, and how often "
            + "it commits archives of the live topic (default ${DEFAULT-VALUE})")
    String rollInterval = "1m";

    @Override
    public Integer call() throws Exception {
        String topic = "logs";
        java.time.Duration roll = Durations.parse("--roll-interval", rollInterval);
        // The archiver's folder belongs to this run's broker: the topic starts empty at every start
        // and the feed sends today's lines again, so last run's archives, manifest and checkpoints
        // (offsets of a topic that is gone) would only hold the same lines twice.
        Path archived = data.resolve("live");
        FlinkTempDir.deleteTree(archived);
        Path s3Dir = data.toAbsolutePath().resolveSibling("s3");
        // Keys of this run only: the embedded store listens on loopback and holds sample data.
        byte[] random = new byte[16];
        new java.security.SecureRandom().nextBytes(random);
        String secret = java.util.HexFormat.of().formatHex(random);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaPort);
             EmbeddedS3 s3 = EmbeddedS3.start(s3Dir, "127.0.0.1", s3Port, "rewind-demo", secret)) {
            kafka.createTopic(topic, 1);
            java.util.Map<String, String> flink = new java.util.LinkedHashMap<>(s3.flinkConfig());
            flink.putAll(storage.flink.values); // what the person gave wins
            storage.flink.values = flink;
            DemoRemote remote = new DemoRemote(StoragePath.of("s3://" + BUCKET), s3Dir.resolve(BUCKET), LOCAL_FROM);
            ArchiverJob archiverJob = ArchiverJob.builder().bootstrapServers(kafka.bootstrapServers()).topic(topic)
                    .target(archived.toString()).rollInterval(roll).build();
            try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers());
                 RewindServer server = RewindServer.start(this.server.apply(ServerConfig.builder()
                         .live(kafka.bootstrapServers(), topic).demo(data).demoRemote(remote)
                         .storage(storage.settings())
                         .reports(data.toAbsolutePath().resolveSibling("reports"), null)).build());
                 EmbeddedArchiver archiver = EmbeddedArchiver.start(archiverJob, FlinkTempDir.forThisProcess());
                 ArchiverStats archiverStats = new ArchiverStats(archiver)) {
                LiveDemoFeed live = new LiveDemoFeed(producer, topic);
                server.statsSection("archiver", archiverStats::view);
                server.liveStat("produced", live::produced);
                server.liveStat("produced_per_hour", live::producedPerHour);
                archiverStats.register(server.metrics());
                Thread feed = new Thread(live, "live-demo-feed");
                feed.setDaemon(true);
                feed.start();
                Thread samples = new Thread(() -> {
                    try {
                        if (server.demo().orElseThrow().ensureCreated()) {
                            System.out.println("sample archives ready in " + data);
                        }
                    } catch (Exception e) {
                        System.err.println("rewind: sample archives failed: " + e.getMessage());
                    }
                }, "demo-samples");
                samples.setDaemon(true);
                samples.start();
                System.out.printf("Rewind API      http://%s:%d/api/health%n", ServeCommand.hostForUrl(this.server.host),
                        server.port());
                System.out.printf("Flink web UI    %s (read-only, on loopback)%n", server.flinkUi());
                System.out.printf("Kafka (KRaft)   %s  topic '%s', fed live%n", kafka.bootstrapServers(), topic);
                System.out.printf("Archiver        topic '%s' into %s, windows of %s%n", topic, archived.toAbsolutePath(),
                        roll);
                System.out.printf("Sample archives %s (six months, created once; those before %s in %s/)%n",
                        data.toAbsolutePath(), LOCAL_FROM, remote.root());
                System.out.printf("Object storage  %s  (S3Proxy, bucket '%s' in %s)%n", s3.endpoint(), BUCKET, s3Dir);
                System.out.printf("try: curl -s -X POST localhost:%d/api/query -H 'Content-Type: application/json' "
                        + "-d '{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-06-30\",\"filters\":{\"level\":\"ERROR\"},"
                        + "\"page_size\":5}'%n", server.port());
                ServeCommand.awaitShutdown();
                feed.interrupt();
            }
        }
        return 0;
    }
}
