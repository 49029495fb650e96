package dev.rewind.query;

import java.time.Duration;

/** Every job slot is taken and the queue is full: HTTP 429 with {@code Retry-After}. */
public final class TooBusyException extends RuntimeException {
    private final Duration retryAfter;

    public TooBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
