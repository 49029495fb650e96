package dev.rewind.query.chain;

import dev.rewind.query.Answer;
import dev.rewind.query.QueryRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a query, while the server is idle, asks the same question over the adjacent periods — the
 * range just before and just after, of the same length — so the next page of history a person
 * looks at is already in the results cache. Bounded: a queue of a few tasks (older ones dropped),
 * one at a time, skipped while any query runs. Sits above the route layer, so each prefetch is
 * routed (and its completeness judged) for its own range. Thread-safe.
 */
public final class PrefetchHandler implements QueryHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PrefetchHandler.class);

    private final QueryHandler next;
    private final IntSupplier activeQueries;
    private final boolean enabled;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(4), r -> {
                Thread t = new Thread(r, "prefetch");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardOldestPolicy());
    private final LongAdder prefetched = new LongAdder();
    private final AtomicInteger running = new AtomicInteger();

    /** @param activeQueries queries being answered for users now (prefetch waits for zero) */
    public PrefetchHandler(QueryHandler next, IntSupplier activeQueries, boolean enabled) {
        this.next = next;
        this.activeQueries = activeQueries;
        this.enabled = enabled;
    }

    @Override
    public Answer handle(Query query) throws Exception {
        Answer answer = next.handle(query);
        if (enabled && query.context().counted()) {
            for (QueryRequest adjacent : adjacent(query.request())) {
                // Prefetches are not a person's questions: out of the hit rates, with their own deadline.
                Query background = new Query(adjacent, null, QueryContext.background(query.context().timeout()));
                worker.execute(() -> prefetch(background));
            }
        }
        return answer;
    }

    static List<QueryRequest> adjacent(QueryRequest r) {
        Duration length = Duration.between(r.start(), r.end()).plusNanos(1);
        QueryRequest before = r.withRange(r.start().minus(length), r.start().minusNanos(1));
        QueryRequest after = r.withRange(r.end().plusNanos(1), r.end().plus(length));
        return List.of(before.withPage(before.pageSize(), null), after.withPage(after.pageSize(), null));
    }

    private void prefetch(Query query) {
        QueryRequest request = query.request();
        try {
            // Idle means no user query in flight; wait a little for one to finish, else give up.
            for (int i = 0; i < 50 && activeQueries.getAsInt() > 0; i++) {
                Thread.sleep(100);
            }
            if (activeQueries.getAsInt() > 0) {
                return;
            }
            running.incrementAndGet();
            next.handle(query);
            prefetched.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("prefetch of {}..{} failed: {}", request.start(), request.end(), e.getMessage());
        } catch (Throwable t) { // never takes the worker down
            LOG.warn("prefetch of {}..{} failed: {}", request.start(), request.end(), t.toString());
        } finally {
            running.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    /** Prefetches done so far. */
    public long prefetched() {
        return prefetched.sum();
    }

    /** Waits until queued prefetches are done (tests and benchmarks). */
    public void awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((worker.getActiveCount() > 0 || !worker.getQueue().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
