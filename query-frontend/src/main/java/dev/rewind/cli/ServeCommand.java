package dev.rewind.cli;

import dev.rewind.server.RewindServer;
import dev.rewind.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rewind serve}: the HTTP API over existing archives, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the HTTP API over existing archives.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--archives", required = true, arity = "1..*", paramLabel = "DIR|URI",
            description = "archive roots: folders or URIs such as s3://bucket/prefix (local and remote mixed)")
    List<String> archives;

    @Option(names = "--index-dir", paramLabel = "D|URI", description = "sidecars for read-only archive stores "
            + "(default: beside the archives when writable, else under the user's cache dir)")
    String indexDir;

    @Mixin
    StorageOptions storage = new StorageOptions();

    @Option(names = "--remote-refresh", paramLabel = "DURATION", description = "how often remote roots are listed "
            + "again (default 1m; POST /api/archives/refresh lists them now)")
    String remoteRefresh = "1m";

    @Option(names = "--cache-dir", paramLabel = "D", description = "the disk cache tier (default: memory only)")
    Path cacheDir;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "the live topic's broker")
    String kafka;

    @Option(names = "--topic", paramLabel = "T", description = "the live topic")
    String topic;

    @Option(names = "--flink", paramLabel = "REST_URL", description = "a Flink session cluster (default: embedded MiniCluster)")
    URI flink;

    @Option(names = "--job-jar", paramLabel = "PATH", description = "the job jar shipped with each job to --flink "
            + "(default: rewind-job.jar beside rewind.jar or in restoration-job/target)")
    Path jobJar;

    @Mixin
    ServerOptions server;

    @Option(names = "--reports", paramLabel = "DIR", description = "monthly error-trend reports (default: none)")
    Path reports;

    @Option(names = "--report-cron", paramLabel = "CRON", description = "when reports run, UNIX cron in UTC (default 0 2 1 * *)")
    String cron;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = server.apply(ServerConfig.builder().roots(StorageOptions.roots(archives))
                .indexDir(indexDir == null ? null : StorageOptions.roots(List.of(indexDir)).get(0)).cacheDir(cacheDir)
                .live(kafka, topic).reports(reports, cron)).flink(flink, jobJars()).storage(storage.settings())
                .catalog(dev.rewind.catalog.CatalogHolder.Options.server()
                        .remoteRefresh(Durations.parse("--remote-refresh", remoteRefresh))).build();
        try (RewindServer server = RewindServer.start(config)) {
            System.out.printf("Rewind API      http://%s:%d/api/health%n", hostForUrl(config.host()), server.port());
            if (!server.flinkUi().isEmpty()) {
                System.out.printf("Flink web UI    %s (read-only, on loopback)%n", server.flinkUi());
            }
            awaitShutdown();
        }
        return 0;
    }

    /**
     * What each job to a session cluster ships: a stock Flink has none of Rewind's classes. Looked
     * up at start, so a missing jar is an error now rather than at the first question.
     */
    private List<Path> jobJars() {
        if (flink == null) {
            if (jobJar != null) {
                throw new IllegalArgumentException("--job-jar is for --flink: the embedded cluster has Rewind's classes");
            }
            return List.of();
        }
        return List.of(dev.rewind.job.runner.JobJar.locate(jobJar, ServeCommand.class));
    }

    static String hostForUrl(String host) {
        return host.equals("127.0.0.1") ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
    }

    static void awaitShutdown() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }
}
