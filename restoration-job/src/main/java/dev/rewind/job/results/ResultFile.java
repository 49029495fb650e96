package dev.rewind.job.results;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * The manifest of one result file: what a query job sends back instead of the rows it wrote. A
 * file is one sorted run of rows, in the query's order, of one reader.
 *
 * @param path  where it is (a local path or a URI of the result store)
 * @param rows  rows it holds
 * @param bytes its length
 * @param first the first row's place in the query's order; null when it holds none
 * @param last  the last row's
 */
public record ResultFile(String path, long rows, long bytes, RowKey first, RowKey last) implements Serializable {
    public ResultFile {
        Objects.requireNonNull(path, "path");
    }

    /** A row's place in the order: time, then id (ties broken the same way everywhere). */
    public record RowKey(Instant timestamp, String id) implements Serializable {
        public static final java.util.Comparator<RowKey> ASC = java.util.Comparator.comparing(RowKey::timestamp)
                .thenComparing(RowKey::id);
    }
}
