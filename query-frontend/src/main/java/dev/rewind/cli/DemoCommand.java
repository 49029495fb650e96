package dev.rewind.cli;

import dev.rewind.job.archiver.ArchiverJob;
import dev.rewind.job.archiver.EmbeddedArchiver;
import dev.rewind.job.live.EmbeddedKafka;
import dev.rewind.query.run.FlinkTempDir;
import dev.rewind.stats.ArchiverStats;
import dev.rewind.job.live.LiveProducer;
import dev.rewind.server.RewindServer;
import dev.rewind.server.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rewind demo}: the whole system on embedded defaults — a Flink MiniCluster with its web UI
 * (8081), a Kafka broker in KRaft mode (9092) fed by a live log generator, the streaming archiver
 * writing that topic into archives under the data directory ({@code live/}, on a MiniCluster of
 * its own), six months of sample archives (created once, in the background), and the HTTP API
 * (8000). Runs until interrupted.
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
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaPort)) {
            kafka.createTopic(topic, 1);
            ArchiverJob archiverJob = ArchiverJob.builder().bootstrapServers(kafka.bootstrapServers()).topic(topic)
                    .target(archived.toString()).rollInterval(roll).build();
            try (LiveProducer producer = LiveProducer.connect(kafka.bootstrapServers());
                 RewindServer server = RewindServer.start(this.server.apply(ServerConfig.builder()
                         .live(kafka.bootstrapServers(), topic).demo(data)
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
                System.out.printf("Sample archives %s (six months, created once)%n", data.toAbsolutePath());
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
