package dev.rewind.query.run;

import dev.rewind.query.TooBusyException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * At most {@code maxJobs} Flink jobs at once, and at most {@code maxQueued} queries waiting for
 * one; a query beyond that is refused at once ({@link TooBusyException}, HTTP 429) rather than
 * joining an unbounded pile that would answer nobody in time. A waiting query gives up at its
 * deadline the same way. Thread-safe.
 */
public final class JobGate {
    private final Semaphore slots;
    private final int maxJobs;
    private final int maxQueued;
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();

    public JobGate(int maxJobs, int maxQueued) {
        this.maxJobs = maxJobs;
        this.maxQueued = maxQueued;
        this.slots = new Semaphore(maxJobs, true);
    }

    /** Takes a job slot, waiting at most {@code wait}; the returned permit gives it back when closed. */
    public Permit enter(Duration wait) throws InterruptedException {
        if (slots.tryAcquire()) {
            return new Permit();
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            rejected.increment();
            throw new TooBusyException("all " + maxJobs + " job slots are busy and " + maxQueued
                    + " queries are waiting; try again shortly", Duration.ofSeconds(2));
        }
        try {
            if (!slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                rejected.increment();
                throw new TooBusyException("no job slot came free before the query's deadline", Duration.ofSeconds(5));
            }
            return new Permit();
        } finally {
            queued.decrementAndGet();
        }
    }

    public int running() {
        return maxJobs - slots.availablePermits();
    }

    public int queued() {
        return queued.get();
    }

    public long rejected() {
        return rejected.sum();
    }

    public int maxJobs() {
        return maxJobs;
    }

    public int maxQueued() {
        return maxQueued;
    }

    /** A job slot held; closing it gives it back (once). */
    public final class Permit implements AutoCloseable {
        private boolean released;

        @Override
        public void close() {
            if (!released) {
                released = true;
                slots.release();
            }
        }
    }
}
