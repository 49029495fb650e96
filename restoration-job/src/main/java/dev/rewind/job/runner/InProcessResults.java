package dev.rewind.job.runner;

import dev.rewind.job.query.JobOutput;
import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.CloseableIterator;

/**
 * Results of a job on the embedded MiniCluster, handed over in memory. Flink's collect sink makes
 * the client poll the job every 100 ms ({@code CollectResultFetcher}'s fixed retry), so a query
 * that is done waits for the next poll: 50 ms on average, a third of a one-day query. The
 * MiniCluster runs in this JVM, so the sink can put rows on a queue the client takes them from the
 * moment they are written. A remote cluster keeps the collect sink.
 */
final class InProcessResults {
    /** Open channels by id; the sink (deserialised inside the task) finds its queue here. */
    private static final ConcurrentHashMap<String, BlockingQueue<Object>> CHANNELS = new ConcurrentHashMap<>();
    /** Rows held before the sink waits for the client: back-pressure, as the collect sink's buffer. */
    private static final int CAPACITY = 8192;
    private static final Object END = new Object();

    private InProcessResults() {
    }

    /** A new channel; its id goes into the job's sink. */
    static String open() {
        String id = UUID.randomUUID().toString();
        CHANNELS.put(id, new LinkedBlockingQueue<>(CAPACITY));
        return id;
    }

    /** The sink that writes into channel {@code id}: one subtask, which marks the end when its input ends. */
    static Sink<JobOutput> sink(String id) {
        return new ChannelSink(id);
    }

    /**
     * The channel's rows until the sink marks the end; ends early when the job ends without that
     * mark (failed or cancelled), throwing its failure.
     */
    static CloseableIterator<JobOutput> iterator(String id, CompletableFuture<?> jobResult) {
        return new ChannelIterator(id, CHANNELS.get(id), jobResult);
    }

    private record ChannelSink(String id) implements Sink<JobOutput> {
        @Override
        public SinkWriter<JobOutput> createWriter(WriterInitContext context) {
            BlockingQueue<Object> queue = CHANNELS.get(id);
            if (queue == null) {
                throw new IllegalStateException("result channel " + id + " is not open: the sink runs outside the "
                        + "process that submitted the job (use the collect sink there)");
            }
            return new SinkWriter<>() {
                @Override
                public void write(JobOutput element, Context ctx) throws InterruptedException {
                    queue.put(element);
                }

                @Override
                public void flush(boolean endOfInput) throws InterruptedException {
                    if (endOfInput) {
                        queue.put(END);
                    }
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private static final class ChannelIterator implements CloseableIterator<JobOutput> {
        private final String id;
        private final BlockingQueue<Object> queue;
        private final CompletableFuture<?> jobResult;
        private Object next;
        private boolean ended;

        ChannelIterator(String id, BlockingQueue<Object> queue, CompletableFuture<?> jobResult) {
            this.id = id;
            this.queue = queue;
            this.jobResult = jobResult;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !ended) {
                try {
                    Object taken = queue.poll(20, TimeUnit.MILLISECONDS);
                    if (taken == END) {
                        ended = true;
                    } else if (taken != null) {
                        next = taken;
                    } else if (jobResult.isDone() && queue.isEmpty()) {
                        ended = true;
                        failureOf(jobResult); // a job that ended without the sink's mark failed or was cancelled
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for results", e);
                }
            }
            return next != null;
        }

        private static void failureOf(CompletableFuture<?> job) {
            try {
                job.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the query job failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public JobOutput next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            JobOutput out = (JobOutput) next;
            next = null;
            return out;
        }

        @Override
        public void close() throws IOException {
            ended = true;
            CHANNELS.remove(id);
            queue.clear(); // a sink still writing (cancelled query) must not wait on a full queue
        }
    }
}
