package dev.rewind.cli;

import dev.rewind.server.RewindServer;
import dev.rewind.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewind serve}: the HTTP API over existing archives, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the HTTP API over existing archives.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--archives", required = true, arity = "1..*", paramLabel = "DIR", description = "archive directories")
    List<Path> archives;

    @Option(names = "--index-dir", paramLabel = "D", description = "sidecars for read-only archive stores")
    Path indexDir;

    @Option(names = "--cache-dir", paramLabel = "D", description = "the disk cache tier")
    Path cacheDir;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "the live topic's broker")
    String kafka;

    @Option(names = "--topic", paramLabel = "T", description = "the live topic")
    String topic;

    @Option(names = "--flink", paramLabel = "REST_URL", description = "a Flink session cluster (default: embedded MiniCluster)")
    URI flink;

    @Option(names = "--port", paramLabel = "P", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port = 8000;

    @Option(names = "--flink-ui-port", paramLabel = "P", description = "embedded Flink web UI port (default ${DEFAULT-VALUE})")
    int flinkUiPort = 8081;

    @Option(names = "--cache-mb", paramLabel = "MB", description = "memory for cached results (default ${DEFAULT-VALUE})")
    long cacheMb = 256;

    @Option(names = "--reports", paramLabel = "DIR", description = "monthly error-trend reports (default: none)")
    Path reports;

    @Option(names = "--report-cron", paramLabel = "CRON", description = "when reports run, UNIX cron in UTC (default 0 2 1 * *)")
    String cron;

    @Option(names = "--no-prefetch", description = "do not prepare the adjacent periods of each query while idle")
    boolean noPrefetch;

    @Override
    public Integer call() throws Exception {
        try (RewindServer server = RewindServer.start(new ServerConfig(archives, indexDir, cacheDir, kafka, topic, flink,
                port, flinkUiPort, null, cacheMb << 20, !noPrefetch, reports, cron))) {
            System.out.printf("Rewind API      http://localhost:%d/api/health%nFlink web UI    %s%n", server.port(),
                    server.flinkUi());
            awaitShutdown();
        }
        return 0;
    }

    static void awaitShutdown() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }
}
