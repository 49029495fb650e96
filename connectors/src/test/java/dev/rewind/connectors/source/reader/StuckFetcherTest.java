package dev.rewind.connectors.source.reader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.connectors.filter.RecordFilter;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The source reader's last resort against Flink 2.2's fetcher that waits forever at shutdown
 * (FLINK-40660): a fetcher thread still holding an open split reader after the source reader closed
 * is interrupted, and closes the split reader on its way out, as Flink's fetcher does; one that
 * closed its reader is left alone. The fetcher here is a thread doing what Flink's does: fetch, then
 * wait for a batch nobody will process, then close the split reader.
 */
class StuckFetcherTest {
    private static final RecordFilter ALL = RecordFilter.builder()
            .between(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).build();

    @Test
    void aFetcherStuckAfterItsLastFetchIsInterruptedAndClosesItsReader() throws Exception {
        ArchiveSplitReader reader = new ArchiveSplitReader(ALL, false);
        CountDownLatch fetched = new CountDownLatch(1);
        AtomicBoolean closedOnItsThread = new AtomicBoolean();
        Thread fetcher = new Thread(() -> {
            try {
                reader.fetch();
                fetched.countDown();
                new CountDownLatch(1).await(); // the batch that was never queued
            } catch (InterruptedException e) {
                // Flink's fetcher: the wait ended; close the split reader on this thread
            } catch (Exception e) {
                throw new RuntimeException(e);
            } finally {
                try {
                    reader.close();
                    closedOnItsThread.set(true);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }
        }, "stuck fetcher");
        fetcher.start();
        assertTrue(fetched.await(10, TimeUnit.SECONDS));
        Thread.sleep(100);
        assertTrue(fetcher.isAlive(), "the fetcher waits");

        reader.interruptIfStillOpen();

        fetcher.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(fetcher.isAlive(), "the fetcher ended");
        assertTrue(closedOnItsThread.get(), "and closed its split reader");
    }

    @Test
    void aFetcherThatClosedItsReaderIsNotInterrupted() throws Exception {
        ArchiveSplitReader reader = new ArchiveSplitReader(ALL, true);
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread pooled = new Thread(() -> {
            try {
                reader.fetch();
                reader.close();
                closed.countDown();
                checked.await(); // the pool thread goes on to other work
                interrupted.set(Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                interrupted.set(true);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        pooled.start();
        assertTrue(closed.await(10, TimeUnit.SECONDS));

        reader.interruptIfStillOpen();
        checked.countDown();

        pooled.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(interrupted.get(), "a thread whose reader closed is left alone");
    }
}
