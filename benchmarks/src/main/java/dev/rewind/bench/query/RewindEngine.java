package dev.rewind.bench.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.api.RequestParser;
import dev.rewind.catalog.ArchiveCatalog;
import dev.rewind.job.runner.EmbeddedJobRunner;
import dev.rewind.job.runner.QueryExecutor;
import dev.rewind.query.ArchiveQueryRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Rewind as {@code rewind query} runs it (see {@code QueryCommand}), but warm: one embedded
 * MiniCluster and one catalog for the whole benchmark, as the server holds them, so each query
 * pays for its own job and nothing else. A body goes through the API's own parser, so validation
 * and meaning are the HTTP API's. Not thread-safe (one query at a time is what is measured).
 */
final class RewindEngine implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedJobRunner runner;
    private final ArchiveCatalog catalog;
    private final ArchiveQueryRunner queries;
    private final Duration clusterStart;
    private final Duration catalogLoad;

    private RewindEngine(EmbeddedJobRunner runner, ArchiveCatalog catalog, Duration clusterStart, Duration catalogLoad) {
        this.runner = runner;
        this.catalog = catalog;
        this.queries = new ArchiveQueryRunner(new QueryExecutor(runner), Optional.empty());
        this.clusterStart = clusterStart;
        this.catalogLoad = catalogLoad;
    }

    /** @param slots task slots of the MiniCluster: the parallelism of every query job */
    static RewindEngine start(Path archives, int slots) throws Exception {
        long t0 = System.nanoTime();
        EmbeddedJobRunner runner = EmbeddedJobRunner.start(0, slots);
        long t1 = System.nanoTime();
        try {
            ArchiveCatalog catalog = ArchiveCatalog.load(List.of(archives), null, p -> { });
            long t2 = System.nanoTime();
            if (!catalog.problems().isEmpty()) {
                throw new IllegalStateException("the catalog of " + archives + " has problems: " + catalog.problems());
            }
            return new RewindEngine(runner, catalog, Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1));
        } catch (Exception | Error e) {
            runner.close();
            throw e;
        }
    }

    QueryAnswer run(String body) throws Exception {
        QueryRequest request = RequestParser.parse(JSON.readTree(body));
        return queries.run(request, catalog, progress -> { }, row -> { });
    }

    Duration clusterStart() {
        return clusterStart;
    }

    /** Reading every sidecar: once per process, not per query. */
    Duration catalogLoad() {
        return catalogLoad;
    }

    int archives() {
        return catalog.archives().size();
    }

    @Override
    public void close() throws Exception {
        runner.close();
    }
}
