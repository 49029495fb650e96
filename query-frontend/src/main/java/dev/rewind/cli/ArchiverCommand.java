package dev.rewind.cli;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.job.archiver.ArchiverJob;
import dev.rewind.job.archiver.EmbeddedArchiver;
import dev.rewind.query.run.FlinkTempDir;
import dev.rewind.stats.ArchiverStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rewind archiver}: the streaming archiver on an embedded MiniCluster with checkpoints, until
 * interrupted; started again, it resumes from its newest checkpoint. Its throughput and lag are
 * served in Prometheus format. On a Flink cluster, the same job runs with {@code flink run} of the
 * job jar ({@link ArchiverJob#main}).
 */
@Command(name = "archiver", mixinStandardHelpOptions = true,
        description = "Archive the live topic into framed, indexed archives, exactly once, until interrupted.")
final class ArchiverCommand implements Callable<Integer> {
    @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT", description = "the live topic's broker")
    String kafka;

    @Option(names = "--topic", required = true, paramLabel = "T", description = "the live topic")
    String topic;

    @Option(names = "--to", required = true, paramLabel = "DIR|URI", description = "where archives go: a directory, "
            + "or a Flink file system URI with a recoverable writer: s3a://bucket/prefix (queries read it as "
            + "s3://bucket/prefix)")
    String target;

    /** {@code -D}: the S3 endpoint and keys (the file systems are plugins, from {@code plugins/} beside the jar). */
    @picocli.CommandLine.Mixin
    FlinkConfOptions flink = new FlinkConfOptions();

    @Option(names = "--roll-interval", paramLabel = "DURATION", description = "time window of an archive folder "
            + "(dt=YYYY-MM-DD/hour=HH/), dividing a day evenly (default 1h)")
    String rollInterval = "1h";

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", description = "how often archives are committed "
            + "(default: the roll interval, at most 10m)")
    String checkpointInterval;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR|URI", description = "retained checkpoints "
            + "(default: <target>/_rewind/checkpoints)")
    String checkpointDir;

    @Option(names = "--metrics-port", paramLabel = "P", description = "Prometheus metrics on http://127.0.0.1:P/metrics "
            + "(default ${DEFAULT-VALUE}, Flink's own reporter port; 0 any free port, -1 none)")
    int metricsPort = 9249;

    @Override
    public Integer call() throws Exception {
        ArchiverJob.Builder builder = ArchiverJob.builder().bootstrapServers(kafka).topic(topic).target(target)
                .rollInterval(Durations.parse("--roll-interval", rollInterval)).checkpointDir(checkpointDir);
        if (checkpointInterval != null) {
            builder.checkpointInterval(Durations.parse("--checkpoint-interval", checkpointInterval));
        }
        ArchiverJob job = builder.build();
        Storages.configure(StorageOptions.forWriting(flink)); // s3a:// (and any plugin's scheme) for the job's writes
        Path flinkTmp = FlinkTempDir.forThisProcess();
        try (EmbeddedArchiver archiver = EmbeddedArchiver.start(job, flinkTmp);
             ArchiverStats stats = new ArchiverStats(archiver)) {
            System.out.printf("Archiving       topic '%s' at %s%n", job.topic(), job.bootstrapServers());
            System.out.printf("into            %s (windows of %s, committed every %s)%n", job.layout().root(),
                    job.layout().rollInterval(), job.checkpointInterval());
            System.out.printf("resumed from    %s%n", archiver.resumedFrom().orElse("nothing: starting where the manifest says"));
            HttpServer metrics = metricsPort < 0 ? null : serveMetrics(stats, metricsPort);
            if (metrics != null) {
                System.out.printf("Prometheus      http://127.0.0.1:%d/metrics%n", metrics.getAddress().getPort());
            }
            try {
                ServeCommand.awaitShutdown();
            } finally {
                if (metrics != null) {
                    metrics.stop(0);
                }
            }
        } finally {
            FlinkTempDir.deleteTree(flinkTmp);
        }
        return 0;
    }

    /** {@code /metrics} on loopback: the archiver's counters and lag, Prometheus text format. */
    static HttpServer serveMetrics(ArchiverStats stats, int port) throws java.io.IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        stats.register(registry);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
