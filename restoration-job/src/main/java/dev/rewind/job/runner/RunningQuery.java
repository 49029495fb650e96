package dev.rewind.job.runner;

import dev.rewind.job.query.JobOutput;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.CloseableIterator;

/**
 * A submitted query job: its events as they arrive, and a way to stop it. Iterate from one thread;
 * {@link #cancel()} may be called from any thread.
 */
public final class RunningQuery implements AutoCloseable, Iterator<QueryEvent> {
    private final JobClient client;
    private final CloseableIterator<JobOutput> outputs;
    private final int splitsTotal;
    private volatile boolean cancelled;
    private boolean exhausted;
    /**
     * The output {@link #hasNext()} has taken, handed out by {@link #next()}: a cancel from another
     * thread (a deadline, a client that went away) between the two must not turn a promised element
     * into a NoSuchElementException.
     */
    private JobOutput ahead;

    RunningQuery(JobClient client, CloseableIterator<JobOutput> outputs, int splitsTotal) {
        this.client = client;
        this.outputs = outputs;
        this.splitsTotal = splitsTotal;
    }

    public String jobId() {
        return client.getJobID().toHexString();
    }

    public int splitsTotal() {
        return splitsTotal;
    }

    @Override
    public boolean hasNext() {
        if (ahead != null) {
            return true;
        }
        if (cancelled) {
            return false;
        }
        try {
            boolean more = outputs.hasNext();
            exhausted = !more;
            if (more) {
                ahead = outputs.next();
            }
            return more;
        } catch (RuntimeException e) {
            if (cancelled) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public QueryEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JobOutput out = ahead;
        ahead = null;
        if (out.aggregate() != null) {
            return new QueryEvent.Aggregate(out.aggregate());
        }
        if (out.scan().isRow()) {
            return new QueryEvent.Row(out.scan().record(), out.scan().origin());
        }
        return new QueryEvent.SplitFinished(out.scan().done());
    }

    /** Stops the Flink job (e.g. the client went away, or it has all it needs). */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            client.cancel();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Stops the job unless all its output was read: a client that went away (or a caller that has
     * what it needs) must not leave a scan running.
     */
    @Override
    public void close() throws Exception {
        try {
            if (!exhausted) {
                cancel();
            }
        } finally {
            outputs.close();
        }
    }
}
