package dev.rewind.query.chain;

import dev.rewind.query.QueryRequest;

/**
 * A query on its way through the layers: the question, where its data lives (null until
 * {@link RouteHandler} decided), and its context.
 */
public record Query(QueryRequest request, Route route, QueryContext context) {

    public Query withRequest(QueryRequest changed) {
        return new Query(changed, route, context);
    }

    public Query withRoute(Route decided) {
        return new Query(request, decided, context);
    }

    /** The route; only layers below {@link RouteHandler} ask. */
    public Route routed() {
        if (route == null) {
            throw new IllegalStateException("query not routed yet: the layer is above RouteHandler");
        }
        return route;
    }
}
