package dev.rewind.query.handler;

import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;
import dev.rewind.catalog.CatalogHolder;
import dev.rewind.query.ArchiveQueryRunner;
import java.util.List;

/** The last layer: runs the query as a Flink job over the current catalog (and the live topic). */
public final class JobHandler implements QueryHandler {
    private final ArchiveQueryRunner runner;
    private final CatalogHolder catalog;

    public JobHandler(ArchiveQueryRunner runner, CatalogHolder catalog) {
        this.runner = runner;
        this.catalog = catalog;
    }

    @Override
    public QueryAnswer handle(QueryRequest request, QueryListener listener) throws Exception {
        return runner.run(request, catalog.snapshot().catalog(), listener::progress, row -> listener.rows(List.of(row)));
    }
}
