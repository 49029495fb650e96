package dev.rewind.query.run;

import dev.rewind.connectors.storage.Storage;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import dev.rewind.job.results.ResultFile;
import dev.rewind.job.results.ResultSink;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The result store: where records query jobs write their rows as sorted result files (the result
 * sink) when an answer may be large or the job runs on a cluster. One folder per job under
 * {@code root}: a folder of the cache directory embedded, a bucket prefix on a cluster (every
 * TaskManager writes there, the frontend reads). A job's files live until its answer is assembled
 * from them (the answer then goes to the answer caches as any other); files a job left behind (it
 * failed, the process died) are swept once they are older than {@code ttl}. The bytes of files not
 * yet merged are bounded by {@code maxBytes}: past it, new queries take the collect path.
 * Thread-safe.
 */
public final class ResultStore {
    private static final Logger LOG = LoggerFactory.getLogger(ResultStore.class);

    private final StoragePath root;
    private final ResultSettings settings;
    private final AtomicLong pendingBytes = new AtomicLong();

    public ResultStore(StoragePath root, ResultSettings settings) {
        this.root = root;
        this.settings = settings;
    }

    public StoragePath root() {
        return root;
    }

    public ResultSettings settings() {
        return settings;
    }

    /**
     * Whether a records job of {@code rawBytesToRead} should write result files: always on a
     * cluster (collecting through its JobManager is the bottleneck), else past the threshold; never
     * while the store holds more than its bytes.
     */
    public boolean wants(long rawBytesToRead, boolean remoteRunner) {
        if (pendingBytes.get() >= settings.maxBytes()) {
            return false;
        }
        return remoteRunner || rawBytesToRead >= settings.thresholdRawBytes();
    }

    /** A fresh folder for one job's files. */
    public ResultSink sinkFor(String queryId) {
        String safe = queryId.replaceAll("[^A-Za-z0-9._-]", "_");
        return new ResultSink(root.resolve(safe + "-" + Long.toHexString(System.nanoTime())), settings.runBytes());
    }

    /** Counts files received and not yet merged against the bytes bound. */
    public void holding(long bytes) {
        pendingBytes.addAndGet(bytes);
    }

    /** Files a job wrote, now merged (or abandoned): deleted, with whatever else is in its folder. */
    public void discard(ResultSink sink, List<ResultFile> files, long heldBytes) {
        pendingBytes.addAndGet(-heldBytes);
        Storage storage = Storages.of(sink.folder()).uncached();
        List<StoragePath> gone = new ArrayList<>();
        for (ResultFile f : files) {
            gone.add(StoragePath.of(f.path()));
        }
        try {
            // Files a stopped job wrote after its last manifest came are in the folder too.
            storage.list(sink.folder(), Storage.Descend.ALL, f -> gone.add(f.path()));
        } catch (NoSuchFileException e) {
            // nothing was written
        } catch (IOException e) {
            LOG.warn("could not list result folder {}: {}", sink.folder(), e.getMessage());
        }
        for (StoragePath p : gone) {
            try {
                storage.delete(p);
            } catch (IOException e) {
                LOG.warn("could not delete result file {}: {}", p, e.getMessage());
            }
        }
        if (sink.folder().isLocal()) {
            try {
                java.nio.file.Files.deleteIfExists(sink.folder().toLocalPath());
            } catch (IOException e) {
                // not empty (a writer still finishing): the sweep takes it
            }
        }
    }

    /** Deletes result files older than the TTL (jobs that failed, a process that died); returns how many. */
    public int sweep() {
        long before = System.currentTimeMillis() - settings.ttl().toMillis();
        List<StoredFile> old = new ArrayList<>();
        Storage storage;
        try {
            storage = Storages.of(root).uncached();
        } catch (RuntimeException e) { // no file system for its scheme: said when a job first writes there
            LOG.warn("result store {} cannot be swept: {}", root, e.getMessage());
            return 0;
        }
        try {
            storage.list(root, Storage.Descend.ALL, f -> {
                if (f.modifiedMillis() < before) {
                    old.add(f);
                }
            });
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            LOG.warn("could not list the result store {}: {}", root, e.getMessage());
            return 0;
        }
        int n = 0;
        for (StoredFile f : old) {
            try {
                n += storage.delete(f.path()) ? 1 : 0;
            } catch (IOException e) {
                LOG.warn("could not delete result file {}: {}", f.path(), e.getMessage());
            }
        }
        return n;
    }

    /**
     * How the result sink is used.
     *
     * @param thresholdRawBytes a records job whose plan selects at least this many decoded bytes
     *                          writes result files (an embedded runner; a remote one always does)
     * @param runBytes          encoded rows a writer holds before it writes a sorted file
     * @param ttl               files older than this are swept (left behind by a failed job)
     * @param maxBytes          result files not yet merged, at most; past it, the collect path
     */
    public record ResultSettings(long thresholdRawBytes, long runBytes, Duration ttl, long maxBytes) {
        /** 256 MiB of decoded archive bytes: below it a records job moves at most a few hundred MiB of rows. */
        public static final ResultSettings DEFAULTS = new ResultSettings(256L << 20, ResultSink.DEFAULT_RUN_BYTES,
                Duration.ofHours(1), 4L << 30);

        public ResultSettings {
            if (thresholdRawBytes < 0 || runBytes < 1 || ttl.isNegative() || maxBytes < 1) {
                throw new IllegalArgumentException("result settings: threshold " + thresholdRawBytes + ", run bytes "
                        + runBytes + ", ttl " + ttl + ", max bytes " + maxBytes + " (none may be negative)");
            }
        }

        public ResultSettings withThreshold(long rawBytes) {
            return new ResultSettings(rawBytes, runBytes, ttl, maxBytes);
        }
    }
}
