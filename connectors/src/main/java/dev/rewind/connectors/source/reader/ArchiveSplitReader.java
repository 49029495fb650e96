package dev.rewind.connectors.source.reader;

import dev.rewind.connectors.archive.read.ArchiveReader;
import dev.rewind.connectors.archive.read.FrameRecordReader;
import dev.rewind.connectors.filter.RecordFilter;
import dev.rewind.connectors.record.LogRecord;
import dev.rewind.connectors.record.TimeAndLevel;
import dev.rewind.connectors.source.reader.ScanOutput;
import dev.rewind.connectors.source.split.ArchiveSplit;
import java.io.IOException;
import dev.rewind.connectors.storage.IoCounts;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/**
 * Reads splits one after another on Flink's fetcher thread: seeks to the split's first frame,
 * decodes only its frames, tests each line's raw bytes before parsing, and emits matching records
 * in batches. Damage does not end a split: the decoder goes on at the next frame that decodes, and
 * the lines before and after it are emitted. Damage the archive's sidecar records is said by the
 * query from the catalog, so it is not warned of here again; damage met first here (the file changed
 * since it was indexed) is the split's warning, naming the archive and byte offset, as is an I/O
 * error, which ends the split after everything before it was emitted. Memory: one decoder and one
 * batch.
 */
final class ArchiveSplitReader implements SplitReader<ScanOutput, ArchiveSplit> {
    /** Rows per fetch: large enough to amortise the hand-over, small enough to stream early. */
    private static final int BATCH_ROWS = 1024;
    /** Lines scanned per fetch when few match, so progress and cancellation stay responsive. */
    private static final int BATCH_LINES = 64 * 1024;

    private final RecordFilter filter;
    private final boolean countOnly;
    /** A count whose filter only a line's time and level decide: read those, not the whole record. */
    private final boolean leanCount;
    private final Queue<ArchiveSplit> splits = new ArrayDeque<>();
    private ArchiveSplit current;
    private FrameRecordReader reader;
    private RecordFilter.RawLineTest rawTest;
    private long toSkip;
    private long lines;
    private long matches;
    private Instant firstMatch;
    private Instant lastMatch;
    private IoCounts io;
    /** The fetcher thread this reader runs on (set by its first fetch), and whether it was closed. */
    private volatile Thread fetcher;
    private volatile boolean closed;

    /**
     * @param countOnly count the matches and report them when the split ends instead of emitting
     *                  them: a count query then moves no record through Flink at all
     */
    ArchiveSplitReader(RecordFilter filter, boolean countOnly) {
        this.filter = filter;
        this.countOnly = countOnly;
        this.leanCount = countOnly && filter.isTimeAndLevelOnly();
    }

    @Override
    public RecordsWithSplitIds<ScanOutput> fetch() throws IOException {
        fetcher = Thread.currentThread();
        RecordsBySplits.Builder<ScanOutput> batch = new RecordsBySplits.Builder<>();
        if (current == null) {
            current = splits.poll();
            if (current == null) {
                return batch.build();
            }
            toSkip = current.recordsToSkip();
            lines = 0;
            matches = 0;
            firstMatch = null;
            lastMatch = null;
            io = new IoCounts();
            try {
                StoredFile file = file(current);
                reader = current.indexTo() != null
                        ? ArchiveReader.recordsIndexing(file, current.codec(), current.format(),
                                current.frameRawOffsets(), current.year(), current.fallback(), current.knownDamage(), io)
                        : ArchiveReader.records(file, current.codec(), current.format(),
                                current.offset(), current.length(), current.frameRawOffsets(), current.firstFrame(),
                                current.year(), current.fallback(), current.knownDamage(), io);
                rawTest = filter.rawTestFor(current.format());
            } catch (NoSuchFileException e) {
                return finish(batch, gone(current));
            }
        }
        int rows = 0;
        int scanned = 0;
        try {
            while (rows < BATCH_ROWS && scanned < BATCH_LINES) {
                if (!reader.nextLine()) {
                    return finish(batch, joined(reader.warnings(), completeIndex()));
                }
                scanned++;
                lines++;
                if (!rawTest.mayMatch(reader.lineBuffer(), reader.lineStart(), reader.lineLength())) {
                    continue;
                }
                if (leanCount) {
                    TimeAndLevel line = reader.timeAndLevel();
                    if (filter.matches(line.timestamp(), line.level())) {
                        count(line.timestamp());
                    }
                    continue;
                }
                LogRecord record = reader.record();
                if (!filter.matches(record)) {
                    continue;
                }
                if (countOnly) {
                    count(record.timestamp());
                    continue;
                }
                if (toSkip > 0) {
                    toSkip--; // emitted before the checkpoint this split was restored from
                    continue;
                }
                matches++;
                rows++;
                batch.add(current.splitId(), ScanOutput.row(record, current.archive(), reader.frame()));
            }
        } catch (NoSuchFileException e) {
            return finish(batch, joined(reader.warnings(), gone(current)));
        } catch (IOException e) {
            return finish(batch, joined(reader.warnings(), e.getMessage()));
        }
        return batch.build();
    }

    /** The archive's file in the version the split was planned from (a stat, for a split of an older build). */
    private static StoredFile file(ArchiveSplit split) throws IOException {
        StoragePath path = StoragePath.of(split.archive());
        if (split.archiveLength() >= 0) {
            return new StoredFile(path, split.archiveLength(), split.archiveModifiedMillis());
        }
        StoredFile now = Storages.of(path).stat(path);
        if (now == null) {
            throw new NoSuchFileException(split.archive());
        }
        return now;
    }

    /** The warning of a split whose archive vanished: named, so the answer says whose lines it lacks. */
    private static String gone(ArchiveSplit split) {
        return split.archive() + ": archive is gone (deleted or moved since it was indexed); its lines are not in "
                + "this answer";
    }

    /** The split's one warning: what the reader met, then {@code last}; null when there is nothing to say. */
    private static String joined(java.util.List<String> met, String last) {
        java.util.List<String> all = new java.util.ArrayList<>(met);
        if (last != null) {
            all.add(last);
        }
        return all.isEmpty() ? null : String.join("; ", all);
    }

    /**
     * After a whole archive was read for a split that indexes it: writes its full sidecar. A failure
     * here costs only the index (the answer is whole), so it becomes a warning.
     */
    private String completeIndex() {
        if (current.indexTo() == null) {
            return null;
        }
        try {
            // Declined (null) when the read met damage the lean sidecar did not know: its warning says so.
            reader.finishIndexing(StoragePath.of(current.indexTo()));
            return null;
        } catch (IOException | RuntimeException e) {
            return current.archive() + ": read in full, but its token index could not be written: " + e.getMessage();
        }
    }

    private void count(Instant ts) {
        matches++;
        firstMatch = firstMatch == null || ts.isBefore(firstMatch) ? ts : firstMatch;
        lastMatch = lastMatch == null || ts.isAfter(lastMatch) ? ts : lastMatch;
    }

    private RecordsWithSplitIds<ScanOutput> finish(RecordsBySplits.Builder<ScanOutput> batch, String warning)
            throws IOException {
        ArchiveSplit split = current;
        batch.add(split.splitId(), ScanOutput.done(new ScanOutput.SplitDone(split.splitId(), split.archive(),
                split.length(), split.rawBytes(), lines, matches, warning, countOnly, firstMatch, lastMatch,
                io == null ? ScanOutput.Io.NONE : ScanOutput.Io.of(io))));
        batch.addFinishedSplit(split.splitId());
        closeReader();
        current = null;
        return batch.build();
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<ArchiveSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change.getClass().getSimpleName());
        }
        splits.addAll(change.splits());
    }

    @Override
    public void wakeUp() {
        // fetch() never blocks waiting for data: nothing to wake.
    }

    @Override
    public void close() throws Exception {
        closed = true;
        closeReader();
    }

    /**
     * Called once the source reader has closed: a fetcher thread that has not closed this reader by
     * then waits for something that will not come (see {@link ArchiveSourceReader}); interrupting it
     * ends that wait, and the fetcher then closes this reader on its own thread.
     */
    void interruptIfStillOpen() {
        Thread thread = fetcher;
        if (!closed && thread != null && thread.isAlive()) {
            thread.interrupt();
        }
    }
}
