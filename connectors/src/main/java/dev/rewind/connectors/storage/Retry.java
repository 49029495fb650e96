package dev.rewind.connectors.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tries a request to a remote store again when it fails for a reason that may pass — a 5xx, a
 * timeout, a reset connection: not a missing object, a refused credential or a bad request — after a pause that doubles each
 * time (with jitter, so readers that failed together do not retry together). The last failure is
 * thrown, its message redacted. Thread-safe.
 *
 * @param attempts  tries in all (1: no retry)
 * @param firstWait the pause before the second try
 */
public record Retry(int attempts, Duration firstWait) {
    public static final Retry DEFAULT = new Retry(4, Duration.ofMillis(100));

    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
    }

    /** A request. */
    @FunctionalInterface
    public interface Request<T> {
        T run() throws IOException;
    }

    public <T> T call(String what, Request<T> request) throws IOException {
        long wait = firstWait.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return request.run();
            } catch (FileNotFoundException | NoSuchFileException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                if (says(e, "Status Code: 404") || says(e, "NoSuchKey")) {
                    throw new NoSuchFileException(Secrets.redact(what), null, "no such object");
                }
                if (attempt >= attempts || says(e, "Status Code: 403") || says(e, "Status Code: 400")) {
                    StorageStats.REMOTE_FAILURES.incrementAndGet();
                    throw Secrets.safe(what + " failed after " + attempts + " attempts", e);
                }
                StorageStats.REMOTE_RETRIES.incrementAndGet();
                try {
                    Thread.sleep(wait + ThreadLocalRandom.current().nextLong(wait / 2 + 1));
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException(what + ": interrupted while waiting to try again");
                }
                wait *= 2;
            }
        }
    }

    /** Whether a message in the chain of {@code t} holds {@code text} (an S3 status, which says whether to try again). */
    private static boolean says(Throwable t, String text) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
