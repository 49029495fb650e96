package dev.rewind.cli;

import dev.rewind.query.QueryLimits;
import dev.rewind.server.ServerConfig;
import dev.rewind.server.access.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every server command shares: where it listens, who may call it, and the query limits. */
final class ServerOptions {
    @Option(names = "--host", paramLabel = "ADDR", description = "address to listen on (default ${DEFAULT-VALUE}; "
            + "anything but loopback needs tokens)")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "P", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port = 8000;

    @Option(names = "--flink-ui-port", paramLabel = "P", description = "embedded Flink web UI port, on loopback, read-only "
            + "(default ${DEFAULT-VALUE})")
    int flinkUiPort = 8081;

    @Option(names = "--cache-mb", paramLabel = "MB", description = "memory for cached answers (default: an eighth of the "
            + "heap, at most 256; refused above a quarter)")
    long cacheMb = -1;

    @Option(names = "--no-prefetch", description = "do not prepare the adjacent periods of each query while idle")
    boolean noPrefetch;

    @Option(names = "--token-file", paramLabel = "F", description = "bearer tokens, lines query=… and admin=… "
            + "(default: REWIND_QUERY_TOKEN and REWIND_ADMIN_TOKEN from the environment)")
    Path tokenFile;

    @Option(names = "--protect-metrics", description = "/metrics needs the admin token too")
    boolean protectMetrics;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", description = "a browser origin allowed to call the API "
            + "(none by default; repeatable)")
    List<String> corsOrigins = List.of();

    @Option(names = "--max-range", paramLabel = "DURATION", description = "longest query range (default 5y)")
    String maxRange = "1830d";

    @Option(names = "--max-bytes-gb", paramLabel = "GB", description = "most compressed archive bytes a query may select "
            + "(default ${DEFAULT-VALUE})")
    long maxBytesGb = 64;

    @Option(names = "--query-timeout", paramLabel = "DURATION", description = "longest a query may run (default 2m)")
    String timeout = "2m";

    @Option(names = "--max-jobs", paramLabel = "N", description = "Flink jobs at once, sharing the cores (default 4)")
    int maxJobs = -1;

    @Option(names = "--max-queued", paramLabel = "N", description = "queries waiting for a job slot, then 429 "
            + "(default ${DEFAULT-VALUE})")
    int maxQueued = 32;

    @Option(names = "--index-wait", paramLabel = "DURATION", description = "how long a query waits for archives of its range "
            + "still being indexed before answering without them, marked incomplete (default 10s)")
    String indexWait = "10s";

    ServerConfig.Builder apply(ServerConfig.Builder b) throws java.io.IOException {
        QueryLimits d = QueryLimits.defaults();
        QueryLimits limits = new QueryLimits(Durations.parse("--max-range", maxRange), maxBytesGb << 30,
                Durations.parse("--query-timeout", timeout), maxJobs > 0 ? maxJobs : d.maxJobs(), maxQueued,
                Durations.parse("--index-wait", indexWait));
        return b.host(host).port(port).flinkUiPort(flinkUiPort).cacheBytes(cacheMb < 0 ? -1 : cacheMb << 20)
                .prefetch(!noPrefetch).tokens(Tokens.load(tokenFile, protectMetrics)).corsOrigins(corsOrigins)
                .limits(limits);
    }

    /** The limits' default range in days, for help text. */
    static Duration defaultRange() {
        return QueryLimits.defaults().maxRange();
    }
}
