package dev.rewind.query.chain;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What travels with one query through the layers besides the question: its id, who listens to its
 * progress, when it must be done, whether a person asked it (the caches count hit rates only for
 * those; prefetch does not), and how to stop it. Thread-safe: {@link #cancel} may come from any
 * thread (a client that went away, {@code DELETE /api/query/{id}}).
 */
public final class QueryContext {
    private final String queryId;
    private final QueryListener listener;
    private final long deadlineNanos;
    private final Duration timeout;
    private final boolean counted;
    private final CopyOnWriteArrayList<Runnable> onCancel = new CopyOnWriteArrayList<>();
    private final String owner;
    private volatile String cancelledBecause;

    private QueryContext(String queryId, QueryListener listener, Duration timeout, boolean counted, String owner) {
        this.owner = owner;
        this.queryId = queryId;
        this.listener = listener;
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.counted = counted;
    }

    /** A person's question, with a fresh id. */
    public static QueryContext of(QueryListener listener, Duration timeout) {
        return new QueryContext(UUID.randomUUID().toString(), listener, timeout, true, "");
    }

    /** The same context, owned by {@code who} (whose token started it: only they, or an admin, may stop it). */
    public QueryContext ownedBy(String who) {
        return new QueryContext(queryId, listener, timeout, counted, who);
    }

    public String owner() {
        return owner;
    }

    /** Work the server does on its own (prefetch): out of the hit rates, nobody listening. */
    public static QueryContext background(Duration timeout) {
        return new QueryContext(UUID.randomUUID().toString(), QueryListener.NONE, timeout, false, "");
    }

    public String queryId() {
        return queryId;
    }

    public QueryListener listener() {
        return listener;
    }

    /** Whether the caches count this query in their hit rates. */
    public boolean counted() {
        return counted;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Time left before the query's deadline (never negative). */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Stops the query: whatever runs it is told (its Flink job cancelled). */
    public void cancel(String because) {
        if (cancelledBecause == null) {
            cancelledBecause = because;
            onCancel.forEach(Runnable::run);
        }
    }

    public boolean cancelled() {
        return cancelledBecause != null;
    }

    /** Why it was stopped, or null. */
    public String cancelledBecause() {
        return cancelledBecause;
    }

    /** Runs {@code action} when the query is cancelled (at once, if it already was); returns how to stop listening. */
    public Runnable onCancel(Runnable action) {
        onCancel.add(action);
        if (cancelled()) {
            action.run();
        }
        return () -> onCancel.remove(action);
    }
}
