package dev.rewind.query.handler;

import dev.rewind.api.QueryAnswer;
import dev.rewind.api.QueryRequest;

/**
 * One layer of the query path (as Loki's query frontend middlewares): takes a validated request,
 * answers it or passes it to the next layer. Layers: paging → results cache → sidecar metadata →
 * Flink job. Each is small and testable alone with a fake next layer. Implementations are
 * thread-safe: the server calls them from many request threads.
 */
@FunctionalInterface
public interface QueryHandler {
    QueryAnswer handle(QueryRequest request, QueryListener listener) throws Exception;
}
