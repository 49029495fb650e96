package dev.rewind.query.handler;

import dev.rewind.api.QueryAnswer;
import dev.rewind.query.QueryProgress;
import java.util.List;

/** Told of a query's progress and of records as they arrive (the progressive stream). */
public interface QueryListener {
    QueryListener NONE = new QueryListener() {
    };

    default void progress(QueryProgress progress) {
    }

    default void rows(List<QueryAnswer.ResultRow> rows) {
    }

    /**
     * Whether the caches count this query's lookups in their hit rates: false for work the server
     * does on its own (prefetch), so the rates say how often a person's question was answered.
     */
    default boolean counted() {
        return true;
    }
}
