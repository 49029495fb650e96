package dev.rewind.job.results;

import dev.rewind.connectors.storage.StoragePath;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where a records query job writes its rows instead of sending them back: one folder of the result
 * store for this query (under the cache folder embedded, a bucket prefix on a cluster, where every
 * TaskManager can reach it), and how many encoded bytes a writer holds before it writes a file.
 */
public record ResultSink(StoragePath folder, long runBytes) implements Serializable {
    /** 4 MiB of encoded rows per sorted run: a split's matches, usually, in one file. */
    public static final long DEFAULT_RUN_BYTES = 4L << 20;

    public ResultSink {
        Objects.requireNonNull(folder, "folder");
        if (runBytes < 1) {
            throw new IllegalArgumentException("result run bytes must be positive, was " + runBytes);
        }
    }
}
