package dev.rewind.query.chain;

import dev.rewind.query.QueryProgress;
import dev.rewind.query.Row;
import java.util.List;

/** Told of a query's progress and of records as they arrive (the progressive stream). */
public interface QueryListener {
    QueryListener NONE = new QueryListener() {
    };

    default void progress(QueryProgress progress) {
    }

    default void rows(List<Row> rows) {
    }
}
