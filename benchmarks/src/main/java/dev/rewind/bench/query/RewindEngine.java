package dev.rewind.bench.query;

import dev.rewind.api.RequestParser;
import dev.rewind.api.WireAnswer;
import dev.rewind.api.WireAnswers;
import dev.rewind.cli.CommandEngine;
import dev.rewind.query.QueryEngine;
import dev.rewind.query.chain.QueryListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Rewind as {@code rewind query --no-cache} runs it (the command line's own query path), but warm:
 * one engine for the whole benchmark, as the server holds it, so each query pays for its own scan
 * and job and nothing else — never a cached answer or a sidecar pre-aggregate. A body goes through
 * the API's own parser. Not thread-safe (one query at a time is what is measured).
 */
final class RewindEngine implements AutoCloseable {
    private final QueryEngine engine;
    private final Duration clusterStart;
    private final Duration catalogLoad;

    private RewindEngine(QueryEngine engine, Duration clusterStart, Duration catalogLoad) {
        this.engine = engine;
        this.clusterStart = clusterStart;
        this.catalogLoad = catalogLoad;
    }

    /** @param slots unused: the engine's cluster has a slot per core, as `rewind query` */
    static RewindEngine start(Path archives, int slots) throws Exception {
        return start(CommandEngine.Archives.local(List.of(archives)));
    }

    /**
     * An engine over {@code archives} (local folders or {@code s3://} roots with their storage
     * settings). Opening one configures this process's storage ({@code Storages}), so the engine
     * whose settings should hold is opened last.
     */
    static RewindEngine start(CommandEngine.Archives archives) throws Exception {
        long t0 = System.nanoTime();
        Path cache = Files.createTempDirectory("rewind-bench-cache");
        QueryEngine engine = CommandEngine.open(archives, cache, null, null, Duration.ofHours(1));
        long t1 = System.nanoTime();
        try {
            var catalog = engine.catalog().awaitIndexed(java.time.Instant.EPOCH, java.time.Instant.parse("2100-01-01T00:00:00Z"),
                    Duration.ofHours(1));
            if (!catalog.failed().isEmpty()) {
                throw new IllegalStateException("the catalog of " + archives.roots() + " has problems: " + catalog.failed());
            }
            long t2 = System.nanoTime();
            // Start the cluster now, so the first measured query does not pay for it.
            engine.queryUncached(dev.rewind.query.QueryRequest.builder()
                    .range(java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1)).build(),
                    engine.context(QueryListener.NONE));
            long t3 = System.nanoTime();
            return new RewindEngine(engine, Duration.ofNanos(t3 - t2), Duration.ofNanos(t2 - t1 + (t1 - t0)));
        } catch (Exception | Error e) {
            engine.close();
            throw e;
        }
    }

    WireAnswer run(String body) throws Exception {
        return WireAnswers.of(engine.queryUncached(RequestParser.parse(body.getBytes(StandardCharsets.UTF_8)),
                engine.context(QueryListener.NONE)));
    }

    Duration clusterStart() {
        return clusterStart;
    }

    /** Reading every sidecar: once per process, not per query. */
    Duration catalogLoad() {
        return catalogLoad;
    }

    int archives() {
        return engine.catalog().snapshot().archives().size();
    }

    @Override
    public void close() throws Exception {
        engine.close();
    }
}
